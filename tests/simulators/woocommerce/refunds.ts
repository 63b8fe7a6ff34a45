/**
 * Refunds as the WooCommerce simulator holds and serves them. Sources (woocommerce/woocommerce-rest-api-docs,
 * source/includes/wp-api-v3/):
 *  - _order-refunds.md "Order refund properties": `id`, `date_created` (site's timezone), `date_created_gmt`,
 *    `amount` (string), `reason`, `refunded_by`, `refunded_payment`, `meta_data`, `line_items`. The "List all
 *    refunds" example response (refunds 726 and 724 of order 723) gives `amount` positive ("10.00", "9.00"),
 *    dates without a zone designator, newest first, and an amount-only refund with `line_items: []` (726).
 *  - _orders.md "Order - Refunds properties": the order object's `refunds` entries carry only `id`, `reason`
 *    and `total`; the "List all orders" example (order 723) writes `total` negative: "-10.00", "-9.00". It
 *    keeps the order's own `total` as placed ("39.00"), refunds not taken off. (WooCommerce's orders controller
 *    formats it as '-' . wc_format_decimal(amount, dp), so `dp` rounds it like every other money field.)
 *  - A refund updates its order, so the last refund is dated at the order's last modification (the book's
 *    updatedAt); a refund in two parts has its first part halfway between sale and last change.
 */
import type { BookOrder } from '../shopify/order-book.ts';

export interface WooRefund {
  id: number;
  /** Epoch ms (whole seconds: WordPress stores dates to the second). */
  at: number;
  /** Positive, at the store's exponent (`storeTotal`'s). */
  amountMinor: number;
}

/** Refund ids share WordPress's post id sequence with orders: kept clear of the order ids here. */
export const WOO_REFUND_ID_BASE = 5_000_000;

const seconds = (ms: number) => Math.floor(ms / 1000) * 1000;

/**
 * An order's refunds, newest first. `refunded` orders were refunded in full (in two parts for half of them);
 * one completed or processing order in four got a quarter back. `total` is the order's total as the store
 * holds it (storeTotal); partial amounts are whole units of the currency, so only a store whose prices carry
 * extra digits (`extraDigits`) has refunds with them (through the full refund of such a total).
 */
export function wooRefunds(o: BookOrder, status: string, total: { minor: number; exponent: number }): WooRefund[] {
  const id = (k: number) => WOO_REFUND_ID_BASE + o.index * 10 + k;
  const last = seconds(o.updatedAt);
  const scale = 10 ** (total.exponent - o.exponent);
  if (status === 'refunded') {
    if ((o.bits >>> 13) % 2 === 0 || o.totalMinor < 3) return [{ id: id(0), at: last, amountMinor: total.minor }];
    const first = Math.floor(o.totalMinor / 3) * scale;
    const mid = seconds(o.createdAt + (o.updatedAt - o.createdAt) / 2);
    return [
      { id: id(1), at: last, amountMinor: total.minor - first },
      { id: id(0), at: mid, amountMinor: first },
    ];
  }
  if ((status === 'completed' || status === 'processing') && (o.bits >>> 15) % 4 === 0 && o.totalMinor >= 4) {
    return [{ id: id(0), at: last, amountMinor: Math.floor(o.totalMinor / 4) * scale }];
  }
  return [];
}

/** One refund object as "Retrieve a refund" / "List all refunds" return it (_order-refunds.md). */
export function wooRefundJson(r: WooRefund, money: (minor: number) => string, local: (ms: number) => string, gmt: (ms: number) => string) {
  return {
    id: r.id,
    date_created: local(r.at),
    date_created_gmt: gmt(r.at),
    amount: money(r.amountMinor),
    reason: '',
    refunded_by: 1,
    refunded_payment: false,
    meta_data: [],
    line_items: [],
  };
}
