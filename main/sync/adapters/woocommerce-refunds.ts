/**
 * Reading a WooCommerce order's dated refunds (woocommerce/woocommerce-rest-api-docs, wp-api-v3
 * _order-refunds.md "List all refunds": `GET /wc/v3/orders/<id>/refunds`). The order list only says that an
 * order has refunds (_orders.md "Order - Refunds properties": `id`, `reason`, `total` negative, no date), so
 * the adapter asks this route for each order whose `refunds` list is not empty, with the `dp` of the run.
 *
 *  - `amount`: "Total refund amount", a decimal string, positive in the docs' examples ("10.00"); read exactly
 *    (money.ts), never as a float. A negative or unreadable amount throws MoneyFormatError: the order is then
 *    kept as "needs attention" like any order whose money cannot be read.
 *  - `date_created_gmt`: "The date the order refund was created, as GMT", written without a zone designator
 *    ("2017-03-21T20:07:11"). Without it, `date_created` ("in the site's timezone") is moved to UTC by the
 *    site's offset as the order itself shows it (its `date_created` minus `date_created_gmt`). A refund
 *    with no readable id or date makes the order's refunds unknown (returns "not available"), never guessed.
 */
import { MoneyFormatError, parseDecimalAmount, type ExactAmount } from '../money.ts';

/** Only what Storelink stores (`_fields`, WP REST global parameter): no reason, no user id, no line items. */
export const WOO_REFUND_FIELDS = 'id,date_created,date_created_gmt,amount';

export interface WooRefundReading {
  id: string;
  /** Epoch ms of the refund. */
  at: number;
  /** Positive, exactly as sent. */
  amount: ExactAmount;
}

const ZONED = /(Z|[+-]\d{2}:?\d{2})$/;

/** A WordPress date: with a zone designator as given, else at UTC + `offsetMs` (0 for *_gmt fields). */
function wpTime(v: unknown, offsetMs: number): number | undefined {
  if (typeof v !== 'string' || !v) return undefined;
  const t = ZONED.test(v) ? Date.parse(v) : Date.parse(`${v}Z`) - offsetMs;
  return Number.isFinite(t) ? t : undefined;
}

/** The site's UTC offset at the order's creation, from the order's own `date_created` and `date_created_gmt`. */
export function siteOffsetMs(order: { date_created?: unknown; date_created_gmt?: unknown }): number | undefined {
  const local = wpTime(order.date_created, 0);
  const gmt = wpTime(order.date_created_gmt, 0);
  return local === undefined || gmt === undefined ? undefined : local - gmt;
}

/**
 * The refund objects of one order -> dated exact amounts. `undefined` when a refund has no readable id or
 * date (see the file comment); throws MoneyFormatError when an amount cannot be read exactly.
 */
export function readWooRefunds(list: readonly unknown[], currency: string, offsetMs: number | undefined): WooRefundReading[] | undefined {
  const out: WooRefundReading[] = [];
  for (const raw of list) {
    if (!raw || typeof raw !== 'object') return undefined;
    const r = raw as Record<string, unknown>;
    if (typeof r.id !== 'number' || !Number.isSafeInteger(r.id)) return undefined;
    const at = wpTime(r.date_created_gmt, 0) ?? (offsetMs === undefined ? undefined : wpTime(r.date_created, offsetMs));
    if (at === undefined) return undefined;
    if (typeof r.amount !== 'string') throw new MoneyFormatError(`refund ${r.id} has no amount`);
    const amount = parseDecimalAmount(r.amount, currency);
    if (amount.minor < 0) throw new MoneyFormatError(`refund ${r.id} has a negative amount`);
    out.push({ id: String(r.id), at, amount });
  }
  return out;
}
