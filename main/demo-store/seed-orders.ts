/**
 * The Demo store's orders: a deterministic seeded catalogue (no customer personal data) and the
 * mutations tests use to simulate activity. Money is computed in integer minor units and only
 * formatted as a decimal string at the edge (JPY has no decimals, ISO 4217).
 */

export type OrderStatus = 'open' | 'fulfilled' | 'cancelled' | 'refunded';
export type FinancialStatus = 'paid' | 'pending' | 'refunded' | 'partially_refunded';

export interface DemoOrder {
  id: string;
  number: string;
  createdAt: number;
  updatedAt: number;
  status: OrderStatus;
  financialStatus: FinancialStatus;
  currency: string;
  totalMinor: number;
  lineItemsCount: number;
}

/** mulberry32: a tiny deterministic PRNG, returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY_MS = 24 * 3600 * 1000;
/** Coffee shop prices in US cents: bags of beans, drip bags, a mug, a grinder, a subscription box. */
const PRICES_USD_CENTS = [1250, 1400, 1675, 1800, 2250, 995, 3400, 4500, 850];
/** Currency mix with an approximate rate from USD and the rounding unit in minor units. */
const CURRENCIES: Array<{ code: string; weight: number; rate: number; exponent: number; round: number }> = [
  { code: 'USD', weight: 45, rate: 1, exponent: 2, round: 5 },
  { code: 'EUR', weight: 20, rate: 0.92, exponent: 2, round: 10 },
  { code: 'GBP', weight: 15, rate: 0.79, exponent: 2, round: 10 },
  { code: 'CAD', weight: 12, rate: 1.36, exponent: 2, round: 5 },
  { code: 'JPY', weight: 8, rate: 150, exponent: 0, round: 10 },
];

/** Formats integer minor units as the API's decimal string: 4250 USD -> "42.50", 4200 JPY -> "4200". */
export function formatMinor(minor: number, currency: string): string {
  const exponent = CURRENCIES.find((c) => c.code === currency)?.exponent ?? 2;
  if (exponent === 0) return String(minor);
  const sign = minor < 0 ? '-' : '';
  const abs = String(Math.abs(minor)).padStart(exponent + 1, '0');
  return `${sign}${abs.slice(0, -exponent)}.${abs.slice(-exponent)}`;
}

function pick<T extends { weight: number }>(rand: () => number, items: T[]): T {
  const total = items.reduce((s, i) => s + i.weight, 0);
  let r = rand() * total;
  for (const item of items) {
    r -= item.weight;
    if (r < 0) return item;
  }
  return items[items.length - 1]!;
}

function statuses(rand: () => number, ageDays: number): { status: OrderStatus; financialStatus: FinancialStatus } {
  const r = rand();
  if (ageDays < 3 && r < 0.6) return { status: 'open', financialStatus: rand() < 0.8 ? 'paid' : 'pending' };
  if (r < 0.72) return { status: 'fulfilled', financialStatus: rand() < 0.9 ? 'paid' : 'partially_refunded' };
  if (r < 0.82) return { status: 'open', financialStatus: rand() < 0.7 ? 'paid' : 'pending' };
  if (r < 0.91) return { status: 'cancelled', financialStatus: rand() < 0.5 ? 'refunded' : 'pending' };
  return { status: 'refunded', financialStatus: 'refunded' };
}

export class OrderBook {
  readonly #rand: () => number;
  readonly #now: () => number;
  readonly #orders: DemoOrder[] = [];
  /** Strictly increasing change stamp, so a changed order always sorts after every earlier change. */
  #lastStamp = 0;

  /** `seededAt`: the moment the seeded orders are generated relative to (a restarted store passes its first one). */
  constructor(seed: number, count: number, now: () => number, seededAt?: number) {
    this.#rand = mulberry32(seed);
    this.#now = now;
    const end = seededAt ?? now();
    const start = end - 120 * DAY_MS;
    const created = Array.from({ length: count }, () => start + Math.floor(this.#rand() * 120 * DAY_MS)).sort((a, b) => a - b);
    for (const createdAt of created) {
      const order = this.#newOrder(createdAt, end);
      this.#lastStamp = Math.max(this.#lastStamp, order.updatedAt);
    }
  }

  #newOrder(createdAt: number, now: number): DemoOrder {
    const rand = this.#rand;
    const n = this.#orders.length + 1;
    const currency = pick(rand, CURRENCIES);
    const lineItemsCount = 1 + Math.floor(rand() * rand() * 8);
    let usdCents = 0;
    for (let i = 0; i < lineItemsCount; i++) usdCents += PRICES_USD_CENTS[Math.floor(rand() * PRICES_USD_CENTS.length)]!;
    if (usdCents < 5000) usdCents += 695; // shipping under $50
    const raw = (usdCents / 100) * currency.rate * 10 ** currency.exponent;
    const totalMinor = Math.max(currency.round, Math.round(raw / currency.round) * currency.round);
    const ageDays = (now - createdAt) / DAY_MS;
    const { status, financialStatus } = statuses(rand, ageDays);
    const lag = status === 'open' ? rand() * 0.2 : rand() * Math.min(ageDays, 10);
    const updatedAt = Math.min(now, createdAt + Math.floor(lag * DAY_MS));
    const order: DemoOrder = {
      id: `ord_${String(n).padStart(8, '0')}`,
      number: `#${1000 + n}`,
      createdAt,
      updatedAt,
      status,
      financialStatus,
      currency: currency.code,
      totalMinor,
      lineItemsCount,
    };
    this.#orders.push(order);
    return order;
  }

  #stamp(): number {
    this.#lastStamp = Math.max(this.#now(), this.#lastStamp + 1);
    return this.#lastStamp;
  }

  all(): readonly DemoOrder[] {
    return this.#orders;
  }

  /** Moves `count` distinct orders to their next status with a fresh updated_at; returns their ids. */
  touch(count: number): string[] {
    const n = Math.min(Math.max(0, Math.floor(count)), this.#orders.length);
    const chosen = new Set<number>();
    while (chosen.size < n) chosen.add(Math.floor(this.#rand() * this.#orders.length));
    const ids: string[] = [];
    for (const index of chosen) {
      const order = this.#orders[index]!;
      if (order.status === 'open') {
        order.status = 'fulfilled';
        order.financialStatus = 'paid';
      } else if (order.status === 'fulfilled') {
        order.status = 'refunded';
        order.financialStatus = 'refunded';
      } else {
        order.status = 'open';
        order.financialStatus = 'pending';
      }
      order.updatedAt = this.#stamp();
      ids.push(order.id);
    }
    return ids;
  }

  /** Appends `count` new orders created now; returns their ids. */
  add(count: number): string[] {
    const ids: string[] = [];
    for (let i = 0; i < Math.max(0, Math.floor(count)); i++) {
      const stamp = this.#stamp();
      const order = this.#newOrder(stamp, stamp);
      order.updatedAt = stamp;
      ids.push(order.id);
    }
    return ids;
  }
}
