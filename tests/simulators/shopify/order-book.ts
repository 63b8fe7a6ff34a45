/**
 * A deterministic, lazily generated order history shared by the Shopify and WooCommerce simulators.
 * Order fields are computed from (seed, index) on demand, so 100,000+ orders cost one small array of
 * indexes sorted by updated time, not a JSON blob. `touch` moves orders to the end (new updated time),
 * `add` appends new ones; both keep the sequence strictly ordered by updatedAt.
 */
import { currencyExponent } from '../../../main/sync/money.ts';

/**
 * Decimals the book prices a currency in when money.ts gives it no minor unit: Shopify's `USDC` (CurrencyCode
 * "United States Dollars Coin") is priced in cents here, like the dollar it tracks (an assumption: the schema
 * names no minor unit), so its amounts carry 0 to 2 decimals and the adapter must take the exponent from them.
 */
const BOOK_EXPONENTS: Record<string, number> = { USDC: 2 };

export interface BookOptions {
  count?: number;
  seed?: number;
  /** Days between the oldest order and `now` at creation (default 30). */
  spanDays?: number;
  /** Currencies cycled per order (default ['USD']). */
  currencies?: string[];
  clock?: () => number;
  /**
   * Decimals past the currency's: a shop whose prices carry more precision (Shopify's `Decimal` scalar is
   * arbitrary precision, shopify.dev/docs/api/admin-graphql/latest/scalars/Decimal). Default 0.
   */
  extraDecimals?: number;
}

/**
 * An order's money split as the platforms report it (Shopify Order: subtotalPriceSet, totalDiscountsSet,
 * totalShippingPriceSet, totalTaxSet, totalPriceSet; WooCommerce: line_items subtotal, discount_total,
 * shipping_total, total_tax, total): total = gross - discounts + shipping + tax, exactly, at the order's exponent.
 */
export interface BookFigures {
  grossMinor: number;
  discountsMinor: number;
  shippingMinor: number;
  taxMinor: number;
}

/** Deterministic split of an order's total (same bits -> same split). */
export function bookFigures(o: BookOrder): BookFigures {
  const taxMinor = Math.floor(o.totalMinor / 11);
  const shippingMinor = (o.bits >>> 9) % 3 === 0 ? 0 : Math.floor(o.totalMinor / 20);
  const discountsMinor = (o.bits >>> 11) % 4 === 0 ? Math.floor(o.totalMinor / 8) : 0;
  return { grossMinor: o.totalMinor - taxMinor - shippingMinor + discountsMinor, discountsMinor, shippingMinor, taxMinor };
}

export interface BookOrder {
  index: number;
  createdAt: number;
  updatedAt: number;
  totalMinor: number;
  currency: string;
  exponent: number;
  lines: { title: string; quantity: number }[];
  itemCount: number;
  /** Pseudo-random bits used by each simulator to pick statuses; changes on every touch. */
  bits: number;
  version: number;
}

/** mulberry32-style integer hash: same (seed, n) -> same 32-bit value. */
export function hash32(seed: number, n: number): number {
  let t = (seed ^ Math.imul(n, 0x9e3779b1)) + 0x6d2b79f5;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}

export class OrderBook {
  readonly seed: number;
  readonly clock: () => number;
  private readonly currencies: string[];
  private readonly extraDecimals: number;
  private readonly start: number;
  private readonly step: number;
  private baseCount: number;
  /** Order indexes sorted by updatedAt (strictly increasing). */
  private sequence: number[];
  private readonly overrides = new Map<number, { updatedAt: number; version: number; createdAt?: number }>();
  private lastUpdated: number;
  private touchRound = 0;

  constructor(opts: BookOptions = {}) {
    const count = opts.count ?? 250;
    this.seed = opts.seed ?? 42;
    this.clock = opts.clock ?? Date.now;
    this.currencies = opts.currencies ?? ['USD'];
    this.extraDecimals = opts.extraDecimals ?? 0;
    for (const c of this.currencies) currencyExponent(c);
    const span = (opts.spanDays ?? 30) * 86_400_000;
    const now = this.clock();
    this.step = Math.max(2, Math.floor(span / Math.max(1, count)));
    this.start = now - this.step * (count + 1);
    this.baseCount = count;
    this.sequence = Array.from({ length: count }, (_, k) => k + 1);
    this.lastUpdated = count > 0 ? this.baseUpdated(count) : this.start;
  }

  get size(): number {
    return this.sequence.length;
  }

  private baseCreated(i: number): number {
    return this.start + (i - 1) * this.step;
  }

  private baseUpdated(i: number): number {
    return this.baseCreated(i) + Math.floor(this.step / 2);
  }

  private nextTime(): number {
    this.lastUpdated = Math.max(this.clock(), this.lastUpdated + 1);
    return this.lastUpdated;
  }

  get(index: number): BookOrder {
    const o = this.overrides.get(index);
    const h = hash32(this.seed, index);
    const version = o?.version ?? 0;
    const currency = this.currencies[(index - 1) % this.currencies.length]!;
    const quantityA = 1 + (h % 3);
    const quantityB = (h >>> 4) % 3;
    const lines = [{ title: `Item ${h % 97}`, quantity: quantityA }];
    if (quantityB > 0) lines.push({ title: `Item ${(h >>> 8) % 97}`, quantity: quantityB });
    return {
      index,
      createdAt: o?.createdAt ?? this.baseCreated(index),
      updatedAt: o?.updatedAt ?? this.baseUpdated(index),
      totalMinor: 1 + ((h >>> 3) % 2_000_000),
      currency,
      exponent: (BOOK_EXPONENTS[currency] ?? currencyExponent(currency)) + this.extraDecimals,
      lines,
      itemCount: quantityA + quantityB,
      bits: hash32(this.seed + version, index),
      version,
    };
  }

  /** Position of the first order in `sequence` whose (updatedAt, index) is greater than or equal to the key. */
  lowerBound(updatedAt: number, index = 0): number {
    let lo = 0;
    let hi = this.sequence.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const i = this.sequence[mid]!;
      const u = this.get(i).updatedAt;
      if (u < updatedAt || (u === updatedAt && i < index)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  at(position: number): BookOrder | undefined {
    const i = this.sequence[position];
    return i === undefined ? undefined : this.get(i);
  }

  /** Changes `n` distinct existing orders (deterministic picks); returns their indexes. */
  touch(n: number): number[] {
    const total = this.baseCount;
    const picked = new Set<number>();
    this.touchRound += 1;
    let k = 0;
    while (picked.size < Math.min(n, total)) picked.add(1 + (hash32(this.seed ^ (this.touchRound * 7919), k++) % total));
    const list = [...picked];
    const drop = new Set(list);
    this.sequence = this.sequence.filter((i) => !drop.has(i));
    for (const i of list) {
      const prev = this.overrides.get(i);
      this.overrides.set(i, { ...prev, updatedAt: this.nextTime(), version: (prev?.version ?? 0) + 1 });
      this.sequence.push(i);
    }
    return list;
  }

  /** Appends `n` new orders created now; returns their indexes. */
  add(n: number): number[] {
    const out: number[] = [];
    for (let k = 0; k < n; k++) {
      const i = ++this.baseCount;
      const t = this.nextTime();
      this.overrides.set(i, { updatedAt: t, createdAt: t, version: 0 });
      this.sequence.push(i);
      out.push(i);
    }
    return out;
  }

  all(): BookOrder[] {
    return this.sequence.map((i) => this.get(i));
  }
}

/** Shopify's Decimal scalar style: "29.0", "19.99", "1200.0", "12.345". */
export function shopifyDecimal(minor: number, exponent: number): string {
  const s = fixedDecimal(minor, exponent, exponent);
  if (exponent === 0) return `${s}.0`;
  const trimmed = s.replace(/0+$/, '');
  return trimmed.endsWith('.') ? `${trimmed}0` : trimmed;
}

/** WooCommerce style: always `decimals` digits (the store's "Number of decimals" setting). */
export function fixedDecimal(minor: number, exponent: number, decimals: number): string {
  const neg = minor < 0;
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const frac = digits.slice(digits.length - exponent).padEnd(decimals, '0');
  return `${neg ? '-' : ''}${whole}${decimals > 0 ? `.${frac}` : ''}`;
}
