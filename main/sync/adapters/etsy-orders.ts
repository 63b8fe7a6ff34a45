/**
 * Etsy order adapter: GET /v3/application/shops/{shop_id}/receipts (Open API v3 getShopReceipts,
 * developers.etsy.com/documentation/reference#operation/getShopReceipts), sorted by update time
 * ascending, `min_last_modified` in unix seconds, `limit` <= 100 and `offset`.
 * The core adds `Authorization: Bearer` and `x-api-key` (profile apiExtraHeaders); this file holds
 * no secret. The shop id comes from the `shopId` field or GET /v3/application/users/me.
 *
 * Offset paging drifts when a receipt already read is updated during the run (it jumps to the end and
 * every later receipt moves up one place). So each page restarts the window at the last update second
 * seen (`min_last_modified`) and uses `offset` only to skip the receipts of that second already read.
 *
 * Scopes, per each operation's `security` entry in Etsy's OpenAPI spec: getMe needs shops_r,
 * getShopReceipts transactions_r (main/core/providers/etsy.ts requests exactly these).
 * Shops: an Etsy account owns one shop (getMe's `Self` has one `shop_id`; getShopByOwnerUserId returns
 * one Shop), so one connection is one shop. The shop is chosen once per run (the `shopId` field when the
 * admin set it, else getMe's) and recorded in every page token, so a resumed run reads the same shop.
 * Several shops = several Etsy accounts = several connections (personal access allows up to 5 shops).
 * Money: {amount, divisor} exactly at its own exponent (money.ts); a receipt whose money cannot be read
 * is kept as "needs attention" with its raw values, the rest of the page is stored.
 */
import { ApiError, ErrorCode } from '../../core/errors.ts';
import { amountDivisorToExact, MoneyFormatError, type ExactAmount } from '../money.ts';
import {
  onOneExponent,
  parseRetryAfter,
  RateLimitedError,
  rawValues,
  TransientApiError,
  type AdapterContext,
  type NormalizedOrder,
  type OrderAdapter,
  type PageRequest,
  type PageResult,
} from '../order-adapter.ts';

export const ETSY_PAGE_LIMIT = 100;

/** Crash-safe position: shop, the lower bound on update time (unix s) and how many at that second to skip. */
export interface EtsyPageToken {
  v: 1;
  shopId: string;
  minLastModified?: number;
  offset: number;
}

async function call(
  ctx: AdapterContext,
  url: string,
  what: string,
  scope: string,
): Promise<{ body: Record<string, unknown>; headers: Record<string, string> }> {
  ctx.signal.throwIfAborted();
  const res = await ctx.request({ method: 'GET', url, headers: { accept: 'application/json' } });
  if (res.status === 429) throw new RateLimitedError(parseRetryAfter(res.headers['retry-after'], Date.now(), 1000), 'Etsy rate limit');
  if (res.status >= 500) throw new TransientApiError(`Etsy answered ${what} with HTTP ${res.status}`);
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    body = undefined;
  }
  if (res.status === 401) throw new ApiError(ErrorCode.Unauthorized, `Etsy refused the access token for ${what} (HTTP 401).`, { status: 401 });
  if (res.status === 403) {
    const text = typeof (body as { error?: unknown })?.error === 'string' ? (body as { error: string }).error : '';
    if (/api[ -]?key|shared secret|keystring/i.test(text)) {
      throw new ApiError(ErrorCode.InvalidClient, 'Etsy refused the app keystring or shared secret (HTTP 403): check both in your Etsy app settings.', {
        status: 403,
      });
    }
    if (/scope/i.test(text)) {
      const missing = /\b([a-z]+_[rwd])\b/.exec(text)?.[1] ?? scope;
      throw new ApiError(ErrorCode.InsufficientScope, `Etsy needs the ${missing} permission for ${what}: connect Etsy again to grant it.`, {
        status: 403,
        missingScope: missing,
      });
    }
    throw new ApiError(ErrorCode.Unauthorized, `Etsy refused ${what} (HTTP 403).`, { status: 403 });
  }
  if (res.status !== 200) throw new ApiError(ErrorCode.BadResponse, `Etsy answered ${what} with HTTP ${res.status}.`, { status: res.status });
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new ApiError(ErrorCode.BadResponse, `Etsy answered ${what} with something that is not a JSON object.`, { status: 200 });
  }
  return { body: body as Record<string, unknown>, headers: res.headers };
}

async function shopIdOf(ctx: AdapterContext): Promise<string> {
  const configured = ctx.fields.shopId?.trim();
  if (configured) {
    if (!/^\d+$/.test(configured)) throw new ApiError(ErrorCode.InvalidInput, 'The Etsy shop id must be a number.');
    return configured;
  }
  const { body } = await call(ctx, '/v3/application/users/me', 'the signed-in user', 'shops_r');
  const shop = body.shop_id;
  if (typeof shop !== 'number' || !Number.isSafeInteger(shop) || shop <= 0) {
    throw new ApiError(ErrorCode.BadResponse, 'This Etsy account has no shop.');
  }
  return String(shop);
}

export function parseEtsyPageToken(page: string): EtsyPageToken {
  let t: EtsyPageToken | undefined;
  try {
    t = JSON.parse(page) as EtsyPageToken;
  } catch {
    t = undefined;
  }
  if (
    t?.v !== 1 ||
    typeof t.shopId !== 'string' ||
    !/^\d+$/.test(t.shopId) ||
    !Number.isInteger(t.offset) ||
    t.offset < 0 ||
    (t.minLastModified !== undefined && !Number.isInteger(t.minLastModified))
  ) {
    throw new ApiError(ErrorCode.BadResponse, 'The saved Etsy sync position is unreadable.');
  }
  return t;
}

type EtsyMoney = { amount?: unknown; divisor?: unknown; currency_code?: unknown } | null;

const REFUNDED: Record<string, string> = { 'fully refunded': 'refunded', 'partially refunded': 'partially_refunded' };

/**
 * One ShopReceipt -> NormalizedOrder (no buyer name or e-mail kept). Money: amount / divisor, exact at its
 * own exponent; unreadable money makes the order "needs attention". A receipt without id, status or
 * timestamps is not a receipt: that fails the page.
 */
export function normalizeEtsyReceipt(raw: unknown): NormalizedOrder {
  const r = raw as {
    receipt_id?: unknown;
    status?: unknown;
    is_paid?: unknown;
    created_timestamp?: unknown;
    create_timestamp?: unknown;
    updated_timestamp?: unknown;
    update_timestamp?: unknown;
    grandtotal?: EtsyMoney;
    total_price?: EtsyMoney;
    total_shipping_cost?: EtsyMoney;
    total_tax_cost?: EtsyMoney;
    total_vat_cost?: EtsyMoney;
    refunds?: { amount?: EtsyMoney; created_timestamp?: unknown }[];
    transactions?: { quantity?: unknown }[];
  };
  const created = r?.created_timestamp ?? r?.create_timestamp;
  const updated = r?.updated_timestamp ?? r?.update_timestamp ?? created;
  if (typeof r?.receipt_id !== 'number' || typeof created !== 'number' || typeof updated !== 'number' || typeof r.status !== 'string') {
    throw new ApiError(ErrorCode.BadResponse, 'Etsy sent a receipt without id, status or timestamps.');
  }
  const status = r.status.toLowerCase();
  const quantities = Array.isArray(r.transactions) ? r.transactions.map((t) => (typeof t?.quantity === 'number' && t.quantity > 0 ? t.quantity : 0)) : [];
  const base = {
    platformId: String(r.receipt_id),
    orderNumber: String(r.receipt_id),
    createdAt: created * 1000,
    updatedAt: updated * 1000,
    status,
    financialStatus: REFUNDED[status] ?? (r.is_paid === true ? 'paid' : 'unpaid'),
    financialStatusRaw: r.status,
    cancelled: status === 'canceled',
    test: false,
    itemCount: quantities.reduce((a, b) => a + b, 0),
  };
  const g = r.grandtotal;
  const currency = typeof g?.currency_code === 'string' ? g.currency_code.trim().toUpperCase() : '';
  try {
    if (typeof g?.amount !== 'number' || typeof g.divisor !== 'number') throw new MoneyFormatError('the receipt has no grandtotal amount and divisor');
    const total = amountDivisorToExact(g.amount, g.divisor, currency);
    const money = (m: EtsyMoney | undefined, what: string): ExactAmount | undefined => {
      if (m === undefined || m === null) return undefined;
      if (typeof m.amount !== 'number' || typeof m.divisor !== 'number') throw new MoneyFormatError(`${what} has no amount and divisor`);
      if (typeof m.currency_code === 'string' && m.currency_code.toUpperCase() !== currency) throw new MoneyFormatError(`${what} is not in ${currency}`);
      return amountDivisorToExact(m.amount, m.divisor, currency);
    };
    const refundsRaw = Array.isArray(r.refunds) ? r.refunds : undefined;
    const refundAmounts = (refundsRaw ?? []).map((x, i) => money(x?.amount, `refund ${i + 1}`) ?? { minor: 0, exponent: 0 });
    const tax = money(r.total_tax_cost, 'total_tax_cost');
    const vat = money(r.total_vat_cost, 'total_vat_cost');
    const { exponent, minors } = onOneExponent([
      total,
      money(r.total_price, 'total_price'),
      money(r.total_shipping_cost, 'total_shipping_cost'),
      tax,
      vat,
      ...refundAmounts,
    ]);
    const [totalMinor, gross, shipping, taxMinor, vatMinor, ...refundMinors] = minors;
    const refunds = refundsRaw?.map((x, i) => {
      if (typeof x?.created_timestamp !== 'number' || !Number.isSafeInteger(x.created_timestamp)) throw new MoneyFormatError('a refund has no date');
      // ShopRefund has no id: its position and time identify it within the receipt
      return { id: `${i}:${x.created_timestamp}`, at: x.created_timestamp * 1000, amountMinor: refundMinors[i]! };
    });
    // Discounts: not available from Etsy (merchant-figures.md): discount_amt covers shop coupons only and
    // excludes free-shipping coupons, so it is not Shopify's "discounts"; left out rather than shown wrong.
    return {
      ...base,
      currency,
      totalMinor: totalMinor!,
      totalExponent: exponent,
      ...(gross !== undefined ? { grossMinor: gross } : {}),
      ...(shipping !== undefined ? { shippingMinor: shipping } : {}),
      ...(taxMinor !== undefined || vatMinor !== undefined ? { taxMinor: (taxMinor ?? 0) + (vatMinor ?? 0) } : {}),
      ...(refunds !== undefined ? { refunds } : {}),
    };
  } catch (e) {
    if (!(e instanceof MoneyFormatError)) throw e;
    return {
      ...base,
      currency: currency.slice(0, 16) || '?',
      totalMinor: 0,
      totalExponent: 0,
      attention: { reason: `Storelink could not read this receipt's money: ${e.message}.`, raw: rawValues({ grandtotal: g }) },
    };
  }
}

/** Etsy's budget headers: nothing left this second -> wait a second; nothing left today -> an hour. */
/** getShopReceipts refuses min_last_modified below this (its `minimum` in Etsy's Open API v3 spec: 2000-01-01). */
export const ETSY_MIN_LAST_MODIFIED = 946_684_800;

function waitFrom(headers: Record<string, string>): number | undefined {
  if (headers['x-remaining-today'] === '0') return 3_600_000;
  if (headers['x-remaining-this-second'] === '0') return 1000;
  return undefined;
}

async function fetchPage(ctx: AdapterContext, request: PageRequest): Promise<PageResult> {
  let token: EtsyPageToken;
  if (request.page !== undefined) token = parseEtsyPageToken(request.page);
  else {
    const since = request.updatedSince === undefined ? undefined : Date.parse(request.updatedSince);
    if (since !== undefined && Number.isNaN(since)) throw new ApiError(ErrorCode.InvalidInput, 'updatedSince is not a date.');
    token = { v: 1, shopId: await shopIdOf(ctx), offset: 0 };
    if (since !== undefined) token.minLastModified = Math.max(ETSY_MIN_LAST_MODIFIED, Math.floor(since / 1000));
  }
  const q = new URLSearchParams({ limit: String(ETSY_PAGE_LIMIT), offset: String(token.offset), sort_on: 'updated', sort_order: 'asc' });
  if (token.minLastModified !== undefined) q.set('min_last_modified', String(token.minLastModified));
  const { body, headers } = await call(ctx, `/v3/application/shops/${token.shopId}/receipts?${q}`, 'the receipts list', 'transactions_r');
  if (!Array.isArray(body.results)) throw new ApiError(ErrorCode.BadResponse, 'Etsy sent a malformed receipts list.');
  const orders = body.results.map(normalizeEtsyReceipt);
  const wait = waitFrom(headers);
  const attention = orders.filter((o) => o.attention).length;
  const result: PageResult = {
    orders,
    ...(wait !== undefined ? { waitBeforeNextMs: wait } : {}),
    ...(attention > 0 ? { warnings: [`${attention} Etsy receipt(s) have money Storelink could not read; they are kept and marked "needs attention".`] } : {}),
  };
  if (orders.length < ETSY_PAGE_LIMIT) return result;
  const lastSec = orders[orders.length - 1]!.updatedAt / 1000;
  const next: EtsyPageToken =
    lastSec === token.minLastModified
      ? { ...token, offset: token.offset + orders.length }
      : { v: 1, shopId: token.shopId, minLastModified: lastSec, offset: orders.filter((o) => o.updatedAt / 1000 === lastSec).length };
  return { ...result, nextPage: JSON.stringify(next) };
}

export const etsyOrderAdapter: OrderAdapter = { id: 'etsy', fetchPage };
