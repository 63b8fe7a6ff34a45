/**
 * Per-page changes to the derived day rollup (`order_day_totals`, main/sync/order-schema.ts) for
 * one day offset: an order that is new adds itself; a replaced order first subtracts its stored
 * version. Summed in memory per page, so a page of 250 orders touches a handful of rollup rows.
 * An order adds its count and sale figures on the day it was placed; each of its refunds adds its
 * amount to `returnsMinor` on the refund's own day (docs/figures.md), with an order count of 0.
 */
import { localDay } from './order-schema.ts';

export interface RollupKey {
  currency: string;
  status: string;
  /** Decimal exponent of every amount (amounts at different exponents are kept apart, main/sync/money.ts). */
  exponent: number;
  /** Figures the orders of this row cannot supply (order-adapter.ts LACKS). */
  lacks: number;
}

export interface RollupRow extends RollupKey {
  /** Local day number: floor((time + offset) / 1 day). */
  day: number;
  orders: number;
  revenueMinor: number;
  grossMinor: number;
  discountsMinor: number;
  shippingMinor: number;
  taxMinor: number;
  returnsMinor: number;
}

export interface OrderFacts extends RollupKey {
  createdAt: number;
  totalMinor: number;
  grossMinor: number;
  discountsMinor: number;
  shippingMinor: number;
  taxMinor: number;
  /** Counted refunds: time and positive amount at `exponent`. */
  refunds: ReadonlyArray<{ at: number; amountMinor: number }>;
}

const AMOUNTS = ['orders', 'revenueMinor', 'grossMinor', 'discountsMinor', 'shippingMinor', 'taxMinor', 'returnsMinor'] as const;

export class RollupDelta {
  readonly #rows = new Map<string, RollupRow>();
  readonly tzOffsetMin: number;

  constructor(tzOffsetMin: number) {
    this.tzOffsetMin = tzOffsetMin;
  }

  #row(day: number, k: RollupKey): RollupRow {
    const key = `${day}\u0000${k.currency}\u0000${k.status}\u0000${k.exponent}\u0000${k.lacks}`;
    let row = this.#rows.get(key);
    if (!row) {
      const zero = { orders: 0, revenueMinor: 0, grossMinor: 0, discountsMinor: 0, shippingMinor: 0, taxMinor: 0, returnsMinor: 0 };
      row = { day, currency: k.currency, status: k.status, exponent: k.exponent, lacks: k.lacks, ...zero };
      this.#rows.set(key, row);
    }
    return row;
  }

  /** sign +1 adds an order version, -1 removes one. */
  add(o: OrderFacts, sign: 1 | -1): void {
    const row = this.#row(localDay(o.createdAt, this.tzOffsetMin), o);
    row.orders += sign;
    row.revenueMinor += sign * o.totalMinor;
    row.grossMinor += sign * o.grossMinor;
    row.discountsMinor += sign * o.discountsMinor;
    row.shippingMinor += sign * o.shippingMinor;
    row.taxMinor += sign * o.taxMinor;
    for (const r of o.refunds) this.#row(localDay(r.at, this.tzOffsetMin), o).returnsMinor += sign * r.amountMinor;
  }

  /** Rows whose net change is not zero. */
  *changes(): Iterable<RollupRow> {
    for (const row of this.#rows.values()) if (AMOUNTS.some((k) => row[k] !== 0)) yield row;
  }
}
