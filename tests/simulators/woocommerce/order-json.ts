/**
 * WooCommerce REST v3 order objects (woocommerce.github.io/woocommerce-rest-api-docs/#order-properties)
 * built from the shared order book, including the parts an adapter must ignore or get right:
 * local-time `date_*` next to `date_*_gmt` (no zone designator), money as decimal strings with the
 * store's "Number of decimals", personal data in billing/shipping, `_fields` filtering.
 * Sources (woocommerce/woocommerce-rest-api-docs, source/includes/wp-api-v3/_orders.md): "Order properties"
 * (field names and types: money fields are strings, `date_paid`/`date_paid_gmt` date-time or null),
 * "List all orders" example (order #723: status completed, `date_paid` and `date_paid_gmt` both null).
 * Money split (same section): `discount_total`, `shipping_total`, `total_tax` (= `cart_tax` + `shipping_tax`)
 * and line items' `subtotal` ("Line subtotal (before discounts)") / `total` ("Line total (after discounts)")
 * hold total = sum(subtotal) - discount_total + shipping_total + total_tax, as the docs' example #727 does
 * (6.00 + 12.00 - 0.00 + 10.00 + 1.35 = 29.35). Refunds: refunds.ts.
 */
import { bookFigures, fixedDecimal, type BookOrder } from '../shopify/order-book.ts';
import { wooRefunds, wooRefundJson } from './refunds.ts';

export const WOO_STATUSES = ['processing', 'completed', 'completed', 'pending', 'on-hold', 'cancelled', 'refunded', 'failed'];
const PAID = new Set(['processing', 'completed', 'refunded']);
export const WOO_ID_BASE = 100;

/** "2025-01-31T10:00:00": WordPress writes dates without milliseconds or zone. */
export function wpDate(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19);
}

/**
 * `minor` (at `exponent`) rounded half away from zero to `dp` decimals and written with exactly `dp`
 * decimals, as WooCommerce's wc_format_decimal does for the REST `dp` parameter.
 */
export function roundToDp(minor: number, exponent: number, dp: number): string {
  if (dp >= exponent) return fixedDecimal(minor, exponent, dp);
  const step = 10 ** (exponent - dp);
  const abs = Math.abs(minor);
  const rounded = Math.floor(abs / step) + (abs % step >= step / 2 ? 1 : 0);
  return fixedDecimal(minor < 0 ? -rounded : rounded, dp, dp);
}

export interface WooJsonOptions {
  decimals?: number;
  dp?: number;
  utcOffsetHours: number;
  paidGmtMissingEvery?: number;
  /** Prices use the store's extra decimals (a USD store set to 3 decimals sells at 1.125). */
  extraDigits?: boolean;
  /** Every Nth order carries money no ISO 4217 reading can take (a plugin's "USDT", a locale "1.234,50"). */
  oddMoneyEvery?: number;
}

/** An order's total exactly as the store holds it: integer units at the store's decimals (>= the currency's). */
export function storeTotal(o: BookOrder, opts: Pick<WooJsonOptions, 'decimals' | 'extraDigits'>): { minor: number; exponent: number } {
  const exponent = Math.max(opts.decimals ?? o.exponent, o.exponent);
  const scale = 10 ** (exponent - o.exponent);
  const extra = opts.extraDigits && scale > 1 ? o.bits % scale : 0;
  return { minor: o.totalMinor * scale + extra, exponent };
}

export function wooOrderJson(o: BookOrder, opts: WooJsonOptions): Record<string, unknown> {
  const id = WOO_ID_BASE + o.index;
  const status = WOO_STATUSES[o.bits % WOO_STATUSES.length]!;
  // The store's "Number of decimals" setting (never fewer than the currency's here), then the REST
  // `dp` rounding (default 2, see server.ts).
  const total = storeTotal(o, opts);
  const dp = opts.dp ?? 2;
  const money = (minor: number, exponent = o.exponent) => (dp >= exponent ? fixedDecimal(minor, exponent, dp) : roundToDp(minor, exponent, dp));
  const odd = opts.oddMoneyEvery && o.index % opts.oddMoneyEvery === 0 ? (o.index / opts.oddMoneyEvery) % 2 : undefined;
  const local = (ms: number) => wpDate(ms + opts.utcOffsetHours * 3_600_000);
  const paidAt = PAID.has(status) ? o.createdAt + 60_000 : undefined;
  const figures = storeFigures(o, opts);
  const at = (minor: number) => money(minor, total.exponent);
  const refunds = wooRefunds(o, status, total);
  return {
    id,
    parent_id: 0,
    number: String(id),
    order_key: `wc_order_${(o.bits >>> 0).toString(36)}`,
    created_via: 'checkout',
    version: '9.5.1',
    status,
    currency: odd === 1 ? 'USDT' : o.currency,
    date_created: local(o.createdAt),
    date_created_gmt: wpDate(o.createdAt),
    date_modified: local(o.updatedAt),
    date_modified_gmt: wpDate(o.updatedAt),
    discount_total: at(figures.discountsMinor),
    discount_tax: at(0),
    shipping_total: at(figures.shippingMinor),
    shipping_tax: at(0),
    cart_tax: at(figures.taxMinor),
    total: odd === 0 ? '1.234,50' : at(total.minor),
    total_tax: at(figures.taxMinor),
    prices_include_tax: false,
    customer_id: 0,
    billing: { first_name: 'Ada', last_name: 'Lovelace', email: `ada${o.index}@example.com`, address_1: '1 Test Street', city: 'London' },
    shipping: { first_name: 'Ada', last_name: 'Lovelace', address_1: '1 Test Street', city: 'London' },
    payment_method: 'bacs',
    date_paid: paidAt === undefined ? null : local(paidAt),
    // The docs' own example order #723 is completed with `date_paid` set and `date_paid_gmt` null.
    date_paid_gmt: paidAt === undefined || (opts.paidGmtMissingEvery && o.index % opts.paidGmtMissingEvery === 0) ? null : wpDate(paidAt),
    date_completed_gmt: status === 'completed' ? wpDate(o.updatedAt) : null,
    line_items: o.lines.map((l, k) => {
      const subtotal = figures.lineGross[k]!;
      return {
        id: id * 10 + k,
        name: l.title,
        product_id: 10 + k,
        quantity: l.quantity,
        subtotal: at(subtotal),
        total: at(subtotal - figures.lineDiscounts[k]!),
        // WooCommerce sends `price` as a JSON number: a float, unlike every other money field.
        price: subtotal / l.quantity / 10 ** total.exponent,
      };
    }),
    // _orders.md "Order - Refunds properties": id, reason, total (negative, "-10.00" in the example)
    refunds: refunds.map((r) => ({ id: r.id, reason: '', total: `-${at(r.amountMinor)}` })),
    meta_data: [],
  };
}

/**
 * The order's money split at the store's exponent (storeTotal's), each line's part of the gross and of the
 * discounts split by quantity at the currency's exponent; the store's extra digits sit in the last line.
 */
export function storeFigures(o: BookOrder, opts: Pick<WooJsonOptions, 'decimals' | 'extraDigits'>) {
  const total = storeTotal(o, opts);
  const scale = 10 ** (total.exponent - o.exponent);
  const f = bookFigures(o);
  const extra = total.minor - o.totalMinor * scale;
  const split = (amount: number) => {
    const parts = o.lines.map((l) => Math.floor((amount * l.quantity) / o.itemCount));
    parts[parts.length - 1] = amount - parts.slice(0, -1).reduce((a, b) => a + b, 0);
    return parts.map((p) => p * scale);
  };
  const lineGross = split(f.grossMinor);
  lineGross[lineGross.length - 1]! += extra;
  return {
    grossMinor: f.grossMinor * scale + extra,
    discountsMinor: f.discountsMinor * scale,
    shippingMinor: f.shippingMinor * scale,
    taxMinor: f.taxMinor * scale,
    lineGross,
    lineDiscounts: split(f.discountsMinor),
  };
}

/** The order's refunds as "List all refunds" returns them (refunds.ts), money at `dp` like the order's. */
export function wooRefundsJson(o: BookOrder, opts: WooJsonOptions): Record<string, unknown>[] {
  const status = WOO_STATUSES[o.bits % WOO_STATUSES.length]!;
  const total = storeTotal(o, opts);
  const dp = opts.dp ?? 2;
  const money = (minor: number) => (dp >= total.exponent ? fixedDecimal(minor, total.exponent, dp) : roundToDp(minor, total.exponent, dp));
  const local = (ms: number) => wpDate(ms + opts.utcOffsetHours * 3_600_000);
  return wooRefunds(o, status, total).map((r) => wooRefundJson(r, money, local, wpDate));
}

/** WP REST `_fields`: top-level names, and `parent.child` for nested objects and arrays of objects. */
export function applyFields(order: Record<string, unknown>, fields: string | null): Record<string, unknown> {
  if (!fields) return order;
  const out: Record<string, unknown> = {};
  const nested = new Map<string, string[]>();
  for (const f of fields
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [head, ...rest] = f.split('.');
    if (rest.length === 0) out[head!] = order[head!];
    else nested.set(head!, [...(nested.get(head!) ?? []), rest.join('.')]);
  }
  for (const [head, subs] of nested) {
    if (head in out) continue;
    const v = order[head];
    const pick = (x: unknown) => (x && typeof x === 'object' ? Object.fromEntries(subs.map((s) => [s, (x as Record<string, unknown>)[s]])) : x);
    out[head] = Array.isArray(v) ? v.map(pick) : pick(v);
  }
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}
