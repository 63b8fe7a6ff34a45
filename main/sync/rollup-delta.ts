/**
 * Per-page changes to the derived day rollup (`order_day_totals`, main/sync/order-schema.ts) for
 * one day offset: an order that is new adds itself; a replaced order first subtracts its stored
 * version. Summed in memory per page, so a page of 250 orders touches a handful of rollup rows.
 */
import { localDay } from './order-schema.ts';

export interface RollupRow {
  /** Local day number: floor((createdAt + offset) / 1 day). */
  day: number;
  currency: string;
  status: string;
  /** Decimal exponent of revenueMinor (amounts at different exponents are kept apart, main/sync/money.ts). */
  exponent: number;
  orders: number;
  revenueMinor: number;
}

export interface OrderFacts {
  createdAt: number;
  currency: string;
  status: string;
  totalMinor: number;
  totalExponent: number;
}

export class RollupDelta {
  readonly #rows = new Map<string, RollupRow>();
  readonly tzOffsetMin: number;

  constructor(tzOffsetMin: number) {
    this.tzOffsetMin = tzOffsetMin;
  }

  /** sign +1 adds an order version, -1 removes one. */
  add(o: OrderFacts, sign: 1 | -1): void {
    const day = localDay(o.createdAt, this.tzOffsetMin);
    const key = `${day}\u0000${o.currency}\u0000${o.status}\u0000${o.totalExponent}`;
    let row = this.#rows.get(key);
    if (!row) {
      row = { day, currency: o.currency, status: o.status, exponent: o.totalExponent, orders: 0, revenueMinor: 0 };
      this.#rows.set(key, row);
    }
    row.orders += sign;
    row.revenueMinor += sign * o.totalMinor;
  }

  /** Rows whose net change is not zero. */
  *changes(): Iterable<RollupRow> {
    for (const row of this.#rows.values()) if (row.orders !== 0 || row.revenueMinor !== 0) yield row;
  }
}
