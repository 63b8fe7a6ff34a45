/**
 * The seller's data inside the Square simulator: locations (each with its own currency) and Orders
 * API objects (developer.squareup.com/reference/square/objects/Order): RFC 3339 timestamps, `state`,
 * `total_money` in integer minor units, line items with string quantities (a measured item may be
 * "1.5"), tenders on completed orders. Generated from a seed so runs repeat.
 */
import { seededRandom } from './http-util.ts';

export interface SquareMoney {
  amount: number;
  currency: string;
}

export interface SquareLineItem {
  uid: string;
  quantity: string;
  base_price_money: SquareMoney;
}

export interface SquareOrder {
  id: string;
  location_id: string;
  reference_id?: string;
  created_at: string;
  updated_at: string;
  closed_at?: string;
  state: 'OPEN' | 'COMPLETED' | 'CANCELED' | 'DRAFT';
  version: number;
  total_money: SquareMoney;
  line_items?: SquareLineItem[];
  tenders?: { id: string; type: 'CARD' | 'CASH'; amount_money: SquareMoney }[];
}

export interface SquareLocation {
  id: string;
  name: string;
  status: 'ACTIVE' | 'INACTIVE';
  currency: string;
  merchant_id: string;
}

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
const STATES: SquareOrder['state'][] = ['COMPLETED', 'COMPLETED', 'COMPLETED', 'OPEN', 'OPEN', 'CANCELED', 'DRAFT'];

export class SquareStore {
  readonly merchantId: string;
  readonly locations: SquareLocation[] = [];
  readonly orders: SquareOrder[] = [];
  readonly #rand: () => number;
  readonly #now: () => number;
  #lastUpdateMs = 0;
  #serial = 0;

  constructor(opts: { seed: number; locationCount: number; currencies: string[]; orderCount: number; now: () => number }) {
    this.#rand = seededRandom(opts.seed);
    this.#now = opts.now;
    this.merchantId = `ML${this.#id(12)}`;
    for (let i = 0; i < opts.locationCount; i++) {
      const currency = opts.currencies[i % opts.currencies.length]!;
      this.locations.push({ id: `L${this.#id(12)}`, name: `Shop ${i + 1}`, status: i === 2 ? 'INACTIVE' : 'ACTIVE', currency, merchant_id: this.merchantId });
    }
    let t = Date.UTC(2025, 0, 1, 9, 0, 0);
    for (let i = 0; i < opts.orderCount; i++) {
      // About one order in eight shares its update time with the previous one (ties on the sort key).
      const tie = i > 0 && this.#rand() < 0.125;
      if (!tie) t += 1000 + Math.floor(this.#rand() * 3_600_000);
      this.orders.push(this.#makeOrder(this.locations[Math.floor(this.#rand() * this.locations.length)]!, t - 60_000, t));
    }
    this.#lastUpdateMs = t;
  }

  #id(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(this.#rand() * ALPHABET.length)];
    return s;
  }

  #amount(currency: string): number {
    // JPY has no minor unit: yen amounts; others are cents.
    return currency === 'JPY' ? 100 + Math.floor(this.#rand() * 50_000) : Math.floor(this.#rand() * 100_000);
  }

  #makeOrder(location: SquareLocation, createdMs: number, updatedMs: number): SquareOrder {
    this.#serial++;
    const currency = location.currency;
    const state = STATES[Math.floor(this.#rand() * STATES.length)]!;
    const total = this.#amount(currency);
    const order: SquareOrder = {
      id: `${this.#id(22)}${this.#serial.toString(36)}`,
      location_id: location.id,
      created_at: new Date(createdMs).toISOString(),
      updated_at: new Date(updatedMs).toISOString(),
      state,
      version: 1,
      total_money: { amount: total, currency },
    };
    if (this.#rand() < 0.5) order.reference_id = `R-${1000 + this.#serial}`;
    const lines = Math.floor(this.#rand() * 4);
    if (lines > 0) {
      order.line_items = [];
      for (let j = 0; j < lines; j++) {
        const measured = this.#rand() < 0.08;
        const quantity = measured ? '1.5' : String(1 + Math.floor(this.#rand() * 3));
        order.line_items.push({ uid: this.#id(8), quantity, base_price_money: { amount: Math.floor(total / lines), currency } });
      }
    }
    if (state === 'COMPLETED') {
      order.closed_at = order.updated_at;
      order.tenders = [{ id: this.#id(16), type: this.#rand() < 0.7 ? 'CARD' : 'CASH', amount_money: { amount: total, currency } }];
    }
    return order;
  }

  /** The simulator's clock: never behind a timestamp it already gave out (search end times use it). */
  clockMs(): number {
    return Math.max(this.#now(), this.#lastUpdateMs);
  }

  /** A fresh update time strictly after every existing one (Square timestamps have ms precision). */
  #nextUpdateMs(): number {
    this.#lastUpdateMs = Math.max(this.#now(), this.#lastUpdateMs + 1);
    return this.#lastUpdateMs;
  }

  /** Updates `n` existing orders (seeded pick): new `updated_at`, version + 1, OPEN -> COMPLETED. */
  touchOrders(n: number): string[] {
    const picked = new Set<number>();
    while (picked.size < Math.min(n, this.orders.length)) picked.add(Math.floor(this.#rand() * this.orders.length));
    const ids: string[] = [];
    for (const i of picked) {
      const o = this.orders[i]!;
      o.updated_at = new Date(this.#nextUpdateMs()).toISOString();
      o.version++;
      if (o.state === 'OPEN') {
        o.state = 'COMPLETED';
        o.closed_at = o.updated_at;
        o.tenders = [{ id: this.#id(16), type: 'CARD', amount_money: { ...o.total_money } }];
      }
      ids.push(o.id);
    }
    return ids;
  }

  addOrders(n: number): string[] {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const t = this.#nextUpdateMs();
      const o = this.#makeOrder(this.locations[Math.floor(this.#rand() * this.locations.length)]!, t, t);
      this.orders.push(o);
      ids.push(o.id);
    }
    return ids;
  }
}
