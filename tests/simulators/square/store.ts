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
  /** OrderLineItem.gross_sales_money: base price x quantity (+ modifiers), before discounts (objects/OrderLineItem). */
  gross_sales_money: SquareMoney;
}

/** objects/Refund: id, created_at, amount_money, status (PENDING, APPROVED, REJECTED, FAILED), reason. */
export interface SquareRefund {
  id: string;
  location_id: string;
  transaction_id: string;
  tender_id: string;
  created_at: string;
  reason: string;
  amount_money: SquareMoney;
  status: 'PENDING' | 'APPROVED' | 'REJECTED' | 'FAILED';
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
  /** objects/Order: total_tax_money, total_discount_money, total_service_charge_money (omitted when zero is allowed; sent here). */
  total_tax_money: SquareMoney;
  total_discount_money: SquareMoney;
  total_service_charge_money: SquareMoney;
  service_charges?: { uid: string; name: string; total_money: SquareMoney }[];
  refunds?: SquareRefund[];
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
      this.orders.push(this.#makeOrder(this.locations[Math.floor(this.#rand() * this.locations.length)]!, t - 60_000, t, true));
    }
    // a refund may have moved an order's updated_at past t
    this.#lastUpdateMs = Math.max(t, ...this.orders.map((o) => Date.parse(o.updated_at)));
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

  /**
   * An order whose money adds up as Square's does (objects/Order): total_money = sum of line items' gross
   * sales - total_discount_money + total_tax_money + total_service_charge_money. An order without line
   * items carries a service charge only (Square sends a custom amount as a line item or a service charge).
   * Line prices are even so a measured "1.5" quantity gives whole minor units.
   */
  #makeOrder(location: SquareLocation, createdMs: number, updatedMs: number, history = false): SquareOrder {
    this.#serial++;
    const currency = location.currency;
    const state = STATES[Math.floor(this.#rand() * STATES.length)]!;
    const amount = this.#amount(currency);
    const order: SquareOrder = {
      id: `${this.#id(22)}${this.#serial.toString(36)}`,
      location_id: location.id,
      created_at: new Date(createdMs).toISOString(),
      updated_at: new Date(updatedMs).toISOString(),
      state,
      version: 1,
      total_money: { amount: 0, currency },
      total_tax_money: { amount: 0, currency },
      total_discount_money: { amount: 0, currency },
      total_service_charge_money: { amount: 0, currency },
    };
    if (this.#rand() < 0.5) order.reference_id = `R-${1000 + this.#serial}`;
    const lines = Math.floor(this.#rand() * 4);
    let gross = 0;
    if (lines > 0) {
      order.line_items = [];
      for (let j = 0; j < lines; j++) {
        const measured = this.#rand() < 0.08;
        const quantity = measured ? '1.5' : String(1 + Math.floor(this.#rand() * 3));
        const unit = 2 * Math.floor(amount / lines / 2);
        const lineGross = (unit * (Number(quantity) * 2)) / 2;
        gross += lineGross;
        order.line_items.push({
          uid: this.#id(8),
          quantity,
          base_price_money: { amount: unit, currency },
          gross_sales_money: { amount: lineGross, currency },
        });
      }
      const discount = this.#rand() < 0.25 ? Math.floor(gross / 10) : 0;
      const tax = Math.floor((gross - discount) / 12);
      order.total_discount_money.amount = discount;
      order.total_tax_money.amount = tax;
      order.total_money.amount = gross - discount + tax;
    } else {
      order.service_charges = [{ uid: this.#id(8), name: 'Custom amount', total_money: { amount, currency } }];
      order.total_service_charge_money.amount = amount;
      order.total_money.amount = amount;
    }
    const total = order.total_money.amount;
    if (state === 'COMPLETED') {
      order.closed_at = order.updated_at;
      const tender = { id: this.#id(16), type: this.#rand() < 0.7 ? ('CARD' as const) : ('CASH' as const), amount_money: { amount: total, currency } };
      order.tenders = [tender];
      // about one completed order of the seeded history in six has a refund, an hour to three days after the sale
      if (history && this.#rand() < 0.17 && total > 0) {
        const at = Math.min(updatedMs, createdMs) + 3_600_000 + Math.floor(this.#rand() * 3 * 86_400_000);
        const status = this.#rand() < 0.15 ? 'REJECTED' : 'APPROVED';
        const part = this.#rand() < 0.5 ? total : Math.max(1, Math.floor(total / 4));
        order.refunds = [
          {
            id: this.#id(20),
            location_id: location.id,
            transaction_id: order.id,
            tender_id: tender.id,
            created_at: new Date(at).toISOString(),
            reason: 'Returned goods',
            amount_money: { amount: part, currency },
            status,
          },
        ];
        // a refund updates the order (updated_at is never before it)
        if (at > Date.parse(order.updated_at)) order.updated_at = new Date(at).toISOString();
      }
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
