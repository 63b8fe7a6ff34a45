/**
 * WooCommerce orders through the REST API v3 (woocommerce/woocommerce-rest-api-docs, wp-api-v3
 * "List all orders"): `GET /wp-json/wc/v3/orders?per_page=100&page=N&modified_after=...&dates_are_gmt=true
 * &orderby=modified&order=asc&dp=D`, totals in `X-WP-Total` / `X-WP-TotalPages`
 * (developer.wordpress.org/rest-api/using-the-rest-api/pagination).
 *
 * Awkward parts handled here:
 *  - Money is rounded to `dp` decimals, "Default is 2" whatever the currency (docs, List all orders
 *    parameters), so KWD/BHD/JOD/OMR/TND/IQD/LYD (3) would lose a digit. The currency is only known from
 *    the orders, so each run first reads the store's "Number of decimals" (`GET /wc/v3/settings/general/
 *    woocommerce_price_num_decimals`, docs "Retrieve a setting option") and sends dp = max(4, it): 4 is
 *    ISO 4217's largest exponent, and a store set to more decimals than its currency ("10.125" USD) is
 *    read exactly too. If the key may not read settings, dp = 4 and the run says so. The value is kept
 *    exactly by main/sync/money.ts (per-order exponent), never rejected, never rounded.
 *  - `orderby=modified` is not in the documented values (date, id, include, title, slug); newer stores
 *    accept it, older ones answer 400 `rest_invalid_param` (WordPress REST argument validation). The
 *    adapter then pages `orderby=date&order=asc` with a fixed `modified_after` (positions stay put: an
 *    order's created date never changes and an order never leaves "modified after X"), and ends with
 *    catch-up passes from the start of the previous pass until one pass fits one page, so an order
 *    changed mid-run is read again. The choice is kept in the page token.
 *  - Sites with plain permalinks answer `/wp-json/` with the theme's 404 page; the same route works as
 *    `/?rest_route=/wc/v3/...` (developer.wordpress.org/rest-api/extending-the-rest-api/routes-and-endpoints).
 *    The fallback is remembered in the page token.
 *  - Page numbers shift when orders change during a modified-ordered run, and `modified_after` is
 *    exclusive with one-second precision. After each full page the window restarts just below the last
 *    seen modified time (page 1 again), so a shifted order is never skipped; repeats are harmless
 *    because orders are stored by id.
 *  - Paid: `date_paid_gmt`, else `date_paid` (the docs' order example shows either may be null), else a
 *    status WooCommerce itself counts as paid (`wc_get_is_paid_statuses()`: processing, completed) -
 *    the docs' example #723 is "completed" with both dates null.
 *  - An order whose money cannot be read (unknown currency code, unreadable total) is kept as "needs
 *    attention" with its raw values; the rest of the page is stored (issue 8).
 *  - Security plugins and maintenance mode answer HTML: typed errors, never a JSON parse crash.
 *  - Refunds: the order list gives each order's `refunds` as `{id, reason, total}` with no date (docs
 *    _orders.md "Order - Refunds properties"). For each order of a page whose list is not empty, the page
 *    reads `GET /wc/v3/orders/<id>/refunds` (docs _order-refunds.md "List all refunds") with the run's `dp`,
 *    so only refunded orders cost an extra call; woocommerce-refunds.ts reads them. The page is returned
 *    only when every refund call succeeded: a 429 / 5xx on one fails the page like any other, and the sync
 *    engine retries the whole page (nothing of it is stored before). An order with an empty list has no
 *    refunds; an order without the field (an old store, a plugin) has refunds "not available".
 */
import { ApiError, ErrorCode, StorelinkError } from '../../core/errors.ts';
import type { HttpResponse } from '../../core/ports.ts';
import { MoneyFormatError, parseDecimalAmount, type ExactAmount } from '../money.ts';
import { readWooRefunds, siteOffsetMs, WOO_REFUND_FIELDS, type WooRefundReading } from './woocommerce-refunds.ts';
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

export const WOO_PER_PAGE = 100;
/** Only what Storelink stores: no names, addresses or emails leave the store (`_fields`, WP REST global parameter). */
export const WOO_FIELDS =
  'id,number,status,currency,total,discount_total,shipping_total,total_tax,date_created,date_created_gmt,date_modified_gmt,date_paid,date_paid_gmt,line_items.quantity,line_items.subtotal,refunds.id';
/** Refund pages read for one order at most (100 refunds each): past that the store is answering in circles. */
const MAX_REFUND_PAGES = 20;

/** The smallest `dp` Storelink sends: the largest minor-unit exponent in ISO 4217 (CLF, UYW). */
export const WOO_DECIMAL_POINTS = 4;
/** `dp` above this is not sent (WooCommerce formats through PHP floats: more digits would add float noise). */
export const WOO_MAX_DECIMAL_POINTS = 8;
/** Catch-up passes after an `orderby=date` pass, at most (each covers only what changed during the last one). */
const MAX_PASSES = 12;
/** Statuses WooCommerce counts as paid (woocommerce includes/wc-order-functions.php, wc_get_is_paid_statuses). */
const WOO_PAID_STATUSES = new Set(['processing', 'completed']);

export interface WooPageState {
  v: 2;
  /** Exclusive lower bound for `modified_after`, ISO-8601 UTC without milliseconds. */
  after?: string;
  page: number;
  route: 'pretty' | 'plain';
  /** `modified` (newer stores) or `date` (older stores refuse `modified`). */
  orderby: 'modified' | 'date';
  /** The `dp` of this run. */
  dp: number;
  /** orderby=date: store time (its Date header) when this pass's first page was read; pass number. */
  passStart?: string;
  pass?: number;
}

/** What a v1 token (before issue 8) resumes as: modified order, dp 4. */
interface WooPageStateV1 {
  v: 1;
  after?: string;
  page: number;
  route: 'pretty' | 'plain';
}

const bad = (message: string, cause?: unknown) => new ApiError(ErrorCode.BadResponse, message, { cause });
const isHtml = (res: HttpResponse) => (res.headers['content-type'] ?? '').includes('html') || /^\s*</.test(res.body);
const isoSeconds = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
const unreadableToken = () => new StorelinkError(ErrorCode.SyncFailed, 'The saved WooCommerce sync position cannot be read.');

function decodeState(page: string): WooPageState {
  let s: WooPageState | WooPageStateV1 | undefined;
  try {
    s = JSON.parse(page) as WooPageState | WooPageStateV1;
  } catch {
    throw unreadableToken();
  }
  if (!s || !Number.isInteger(s.page) || s.page < 1 || (s.route !== 'pretty' && s.route !== 'plain')) throw unreadableToken();
  if (s.after !== undefined && !Number.isFinite(Date.parse(s.after))) throw unreadableToken();
  if (s.v === 1) return { v: 2, page: s.page, route: s.route, orderby: 'modified', dp: WOO_DECIMAL_POINTS, ...(s.after ? { after: s.after } : {}) };
  if (s.v !== 2 || (s.orderby !== 'modified' && s.orderby !== 'date') || !Number.isInteger(s.dp) || s.dp < 0 || s.dp > WOO_MAX_DECIMAL_POINTS) {
    throw unreadableToken();
  }
  return s;
}

function firstState(updatedSince: string | undefined): WooPageState {
  const s: WooPageState = { v: 2, page: 1, route: 'pretty', orderby: 'modified', dp: WOO_DECIMAL_POINTS };
  if (updatedSince === undefined) return s;
  const t = Date.parse(updatedSince);
  if (!Number.isFinite(t)) throw new StorelinkError(ErrorCode.SyncFailed, 'The sync start time is not a date.');
  // modified_after is exclusive and second-precise: one second earlier makes the bound inclusive.
  return { ...s, after: isoSeconds(t - 1000) };
}

/** A REST route relative to the API base (the site root with a trailing slash), pretty or plain permalinks. */
function routeUrl(route: WooPageState['route'], path: string, q: URLSearchParams): string {
  if (route === 'plain') return `?${new URLSearchParams([['rest_route', path], ...q])}`;
  const qs = q.toString();
  return `wp-json${path}${qs ? `?${qs}` : ''}`;
}

/** Relative to the API base. */
export function wooOrdersUrl(state: Pick<WooPageState, 'route' | 'page' | 'after'> & Partial<Pick<WooPageState, 'orderby' | 'dp'>>): string {
  const q = new URLSearchParams();
  q.set('per_page', String(WOO_PER_PAGE));
  q.set('page', String(state.page));
  q.set('dp', String(state.dp ?? WOO_DECIMAL_POINTS));
  q.set('orderby', state.orderby ?? 'modified');
  q.set('order', 'asc');
  q.set('dates_are_gmt', 'true');
  if (state.after) q.set('modified_after', state.after);
  q.set('_fields', WOO_FIELDS);
  return routeUrl(state.route, '/wc/v3/orders', q);
}

/** The store's "Number of decimals" setting (docs: Setting options, `woocommerce_price_num_decimals`). */
export function wooDecimalsUrl(route: WooPageState['route']): string {
  return routeUrl(route, '/wc/v3/settings/general/woocommerce_price_num_decimals', new URLSearchParams());
}

/**
 * One page of an order's refunds, relative to the API base (docs _order-refunds.md "List all refunds":
 * `page`, `per_page`, `dp`; newest first by default, which does not matter here).
 */
export function wooRefundsUrl(route: WooPageState['route'], orderId: number, dp: number, page = 1): string {
  const q = new URLSearchParams([
    ['per_page', String(WOO_PER_PAGE)],
    ['page', String(page)],
    ['dp', String(dp)],
    ['_fields', WOO_REFUND_FIELDS],
  ]);
  return routeUrl(route, `/wc/v3/orders/${orderId}/refunds`, q);
}

function wooError(res: HttpResponse): { code?: string; params?: Record<string, unknown> } {
  try {
    const v = JSON.parse(res.body) as { code?: unknown; data?: { params?: unknown } };
    return {
      ...(typeof v?.code === 'string' ? { code: v.code } : {}),
      ...(v?.data?.params && typeof v.data.params === 'object' ? { params: v.data.params as Record<string, unknown> } : {}),
    };
  } catch {
    return {};
  }
}

/** 429 / 5xx / 401 mean the same for every call; thrown here. */
function checkTransport(res: HttpResponse): void {
  const s = res.status;
  if (s === 429 || (s === 503 && res.headers['retry-after'])) {
    throw new RateLimitedError(parseRetryAfter(res.headers['retry-after'], Date.now(), 5000), `the store answered HTTP ${s}`);
  }
  if (s >= 500) throw new TransientApiError(`the store answered HTTP ${s}`);
  if (s === 401) {
    throw new ApiError(ErrorCode.Unauthorized, 'The store did not accept the consumer key and secret (or its web server dropped the Authorization header).', {
      status: 401,
    });
  }
}

function checkStatus(res: HttpResponse): void {
  checkTransport(res);
  const s = res.status;
  if (s === 200) return;
  if (s === 403 && isHtml(res)) {
    throw bad('The store’s firewall or a security plugin blocked the request (HTTP 403 web page).');
  }
  if (s === 403)
    throw new ApiError(ErrorCode.InsufficientScope, 'This key may not read orders (give it Read permission).', { status: 403, missingScope: 'read' });
  const { code } = wooError(res);
  if (s === 404 && code === 'rest_no_route') throw bad('No WooCommerce API at this address: is WooCommerce installed and active?');
  if (s === 404) throw bad('The store has no REST API at this address.');
  throw bad(`The store answered HTTP ${s}${code ? ` (${code})` : ''}.`);
}

/** A 400 `rest_invalid_param` naming `orderby`: an older store that does not know orderby=modified. */
function refusesOrderbyModified(res: HttpResponse): boolean {
  if (res.status !== 400) return false;
  const { code, params } = wooError(res);
  return code === 'rest_invalid_param' && params !== undefined && 'orderby' in params;
}

const time = (v: unknown, what: string): number => {
  if (typeof v !== 'string') throw bad(`WooCommerce order field ${what} is missing.`);
  // *_gmt fields come without a zone designator ("2025-01-31T10:00:00"): they are UTC.
  const t = Date.parse(/(Z|[+-]\d{2}:?\d{2})$/.test(v) ? v : `${v}Z`);
  if (!Number.isFinite(t)) throw bad(`WooCommerce order field ${what} is not a date.`);
  return t;
};

/** The order's `refunds` list is there and not empty: its dated refunds need one more call. */
function listsRefunds(raw: unknown): raw is { id: number; refunds: unknown[] } {
  const o = raw as { id?: unknown; refunds?: unknown } | null;
  return !!o && typeof o === 'object' && typeof o.id === 'number' && Number.isSafeInteger(o.id) && Array.isArray(o.refunds) && o.refunds.length > 0;
}

/**
 * One WooCommerce order object -> NormalizedOrder. Money exactly from the decimal string at its own
 * exponent (money.ts); money or line items that cannot be read make it "needs attention", not an error.
 * Only an order without an id or dates (not an order at all) fails the page. `refunds`: the order's refund
 * objects from `GET /orders/<id>/refunds`, when its `refunds` list is not empty (else they are not needed).
 */
export function normalizeWooOrder(raw: unknown, refunds?: readonly unknown[]): NormalizedOrder {
  if (!raw || typeof raw !== 'object') throw bad('The store sent an order that is not an object.');
  const o = raw as Record<string, unknown>;
  if (typeof o.id !== 'number' || !Number.isSafeInteger(o.id)) throw bad('The store sent an order without an id.');
  const status = typeof o.status === 'string' ? o.status : 'unknown';
  const paid = Boolean(o.date_paid_gmt || o.date_paid) || WOO_PAID_STATUSES.has(status);
  const base = {
    platformId: String(o.id),
    orderNumber: typeof o.number === 'string' && o.number ? o.number : String(o.id),
    createdAt: time(o.date_created_gmt, 'date_created_gmt'),
    updatedAt: time(o.date_modified_gmt, 'date_modified_gmt'),
    status,
    financialStatus: status === 'refunded' ? 'refunded' : paid ? 'paid' : 'unpaid',
    financialStatusRaw: status,
    cancelled: status === 'cancelled',
    test: false,
  };
  const lines = Array.isArray(o.line_items) ? (o.line_items as { quantity?: unknown }[]) : [];
  const quantities = lines.map((l) => l?.quantity);
  const badQuantity = quantities.some((q) => typeof q !== 'number' || !Number.isSafeInteger(q));
  const itemCount = quantities.reduce<number>((n, q) => n + (typeof q === 'number' && Number.isSafeInteger(q) ? q : 0), 0);
  const currency = typeof o.currency === 'string' ? o.currency.trim().toUpperCase() : '';
  const listed = Array.isArray(o.refunds) ? o.refunds.length : undefined;
  try {
    if (typeof o.total !== 'string') throw new MoneyFormatError('the order has no total');
    const amount = parseDecimalAmount(o.total, currency);
    if (badQuantity) throw new MoneyFormatError('a line item quantity is not a whole number');
    // Order properties (woocommerce-rest-api-docs wp-api-v3 _orders.md): discount_total, shipping_total,
    // total_tax and line_items[].subtotal ("Line subtotal (before discounts)") are decimal strings.
    const opt = (v: unknown): ExactAmount | undefined => (typeof v === 'string' ? parseDecimalAmount(v, currency) : undefined);
    const subtotals = lines.map((l) => opt((l as { subtotal?: unknown })?.subtotal));
    const grossKnown = lines.length > 0 && subtotals.every((x) => x !== undefined);
    // Refunds (woocommerce-refunds.ts): none listed = none; listed and read = dated; else not available.
    const readings: WooRefundReading[] | undefined =
      listed === 0 ? [] : listed !== undefined && refunds ? readWooRefunds(refunds, currency, siteOffsetMs(o)) : undefined;
    const { exponent, minors } = onOneExponent([
      amount,
      opt(o.discount_total),
      opt(o.shipping_total),
      opt(o.total_tax),
      ...(readings ?? []).map((r) => r.amount),
      ...subtotals,
    ]);
    const [totalMinor, discounts, shipping, tax, ...rest] = minors;
    const refundMinors = rest.slice(0, readings?.length ?? 0);
    const lineMinors = rest.slice(readings?.length ?? 0);
    const gross = grossKnown ? lineMinors.reduce<number>((a, b) => a + b!, 0) : undefined;
    if (gross !== undefined && !Number.isSafeInteger(gross)) throw new MoneyFormatError('the gross amount is too large');
    return {
      ...base,
      // WooCommerce has no "partially refunded" status: an order with refunds that is not `refunded` is one
      ...(readings?.length && status !== 'refunded' ? { financialStatus: 'partially_refunded' as const } : {}),
      currency,
      totalMinor: totalMinor!,
      totalExponent: exponent,
      itemCount,
      ...(gross !== undefined ? { grossMinor: gross } : {}),
      ...(discounts !== undefined ? { discountsMinor: discounts } : {}),
      ...(shipping !== undefined ? { shippingMinor: shipping } : {}),
      ...(tax !== undefined ? { taxMinor: tax } : {}),
      ...(readings ? { refunds: readings.map((r, k) => ({ id: r.id, at: r.at, amountMinor: refundMinors[k]! })) } : {}),
    };
  } catch (e) {
    if (!(e instanceof MoneyFormatError)) throw e;
    return {
      ...base,
      currency: currency.slice(0, 16) || '?',
      totalMinor: 0,
      totalExponent: 0,
      itemCount,
      attention: {
        reason: `Storelink could not read this order's money: ${e.message}.`,
        raw: rawValues({
          total: o.total,
          currency: o.currency,
          quantities,
          ...(refunds ? { refunds: refunds.map((r) => (r as { amount?: unknown })?.amount) } : {}),
        }),
      },
    };
  }
}

/** GET a route; on the theme's HTML 404 (plain permalinks) retries once via ?rest_route= and says so. */
async function get(ctx: AdapterContext, state: WooPageState, url: (s: WooPageState) => string): Promise<{ res: HttpResponse; state: WooPageState }> {
  const res = await ctx.request({ method: 'GET', url: url(state), headers: { accept: 'application/json' } });
  if (res.status === 404 && state.route === 'pretty' && isHtml(res)) {
    const plain: WooPageState = { ...state, route: 'plain' };
    return { res: await ctx.request({ method: 'GET', url: url(plain), headers: { accept: 'application/json' } }), state: plain };
  }
  return { res, state };
}

/** Reads "Number of decimals" for the run's dp; a key that may not read settings gets dp 4 and a warning. */
async function chooseDp(ctx: AdapterContext, state: WooPageState, warnings: string[]): Promise<WooPageState> {
  const { res, state: s } = await get(ctx, state, (x) => wooDecimalsUrl(x.route));
  checkTransport(res);
  let decimals: number | undefined;
  if (res.status === 200 && !isHtml(res)) {
    try {
      const v = (JSON.parse(res.body) as { value?: unknown }).value;
      if ((typeof v === 'string' && /^\d{1,2}$/.test(v)) || (typeof v === 'number' && Number.isInteger(v) && v >= 0)) decimals = Number(v);
    } catch {
      decimals = undefined;
    }
  }
  if (decimals === undefined) {
    warnings.push(
      `Storelink could not read the store's "Number of decimals" setting (HTTP ${res.status}); amounts are read with ${WOO_DECIMAL_POINTS} decimals. If the store uses more, give the key's user the Manage WooCommerce permission.`,
    );
  }
  return { ...s, dp: Math.min(WOO_MAX_DECIMAL_POINTS, Math.max(WOO_DECIMAL_POINTS, decimals ?? 0)) };
}

/**
 * Every refund object of one order, all pages (docs _order-refunds.md "List all refunds"; pages as
 * _introduction.md "Pagination": `X-WP-TotalPages`). Errors are those of the orders call: 429 / 5xx throw
 * the retryable errors (the page fails whole and is retried), a refusal or a non-list answer is typed.
 */
/** The JSON list of `items` the store answered with, else a typed bad_response saying what came instead. */
function jsonList(res: HttpResponse, what: string, items: string): unknown[] {
  checkStatus(res);
  if (isHtml(res)) throw bad(`The store answered with a web page instead of ${what} (a plugin or cache may be in the way).`);
  let list: unknown;
  try {
    list = JSON.parse(res.body);
  } catch (e) {
    throw bad(`The store answered with malformed JSON for ${what}.`, e);
  }
  if (!Array.isArray(list)) throw bad(`The store answered with something other than a list of ${items}.`);
  return list as unknown[];
}

async function fetchRefunds(ctx: AdapterContext, state: WooPageState, orderId: number): Promise<unknown[]> {
  const out: unknown[] = [];
  for (let page = 1; page <= MAX_REFUND_PAGES; page++) {
    ctx.signal.throwIfAborted();
    const res = await ctx.request({ method: 'GET', url: wooRefundsUrl(state.route, orderId, state.dp, page), headers: { accept: 'application/json' } });
    const list = jsonList(res, 'an order’s refunds', 'refunds');
    out.push(...list);
    const totalPages = Number(res.headers['x-wp-totalpages']);
    if (list.length < WOO_PER_PAGE || (Number.isFinite(totalPages) && page >= totalPages)) return out;
  }
  throw bad(`Order ${orderId} has more than ${MAX_REFUND_PAGES * WOO_PER_PAGE} refunds; Storelink stopped reading them.`);
}

/** The store's clock (its Date header), else ours: where a catch-up pass starts. */
function storeNow(res: HttpResponse): number {
  const t = Date.parse(res.headers.date ?? '');
  return Number.isFinite(t) ? t : Date.now();
}

export const woocommerceOrderAdapter: OrderAdapter = {
  id: 'woocommerce',
  // 2 (2026-12): dated refunds from the refunds route (returns, net sales): orders stored by revision 1
  // lack them and change only when the order does, so they are read again once (sync-engine.ts).
  revision: 2,
  /** One page of `GET /wc/v3/orders`, ascending by modified time (or by date on older stores). */
  async fetchPage(ctx: AdapterContext, request: PageRequest): Promise<PageResult> {
    ctx.signal.throwIfAborted();
    const warnings: string[] = [];
    let state = request.page === undefined ? await chooseDp(ctx, firstState(request.updatedSince), warnings) : decodeState(request.page);
    let { res, state: s } = await get(ctx, state, wooOrdersUrl);
    state = s;
    if (state.orderby === 'modified' && refusesOrderbyModified(res)) {
      // an older store: same page with orderby=date (see the file comment)
      state = { ...state, orderby: 'date', page: 1 };
      ({ res, state } = await get(ctx, state, wooOrdersUrl));
      warnings.push('This store is on an older WooCommerce that cannot sort orders by last change; Storelink reads them by date instead.');
    }
    const body = jsonList(res, 'its orders', 'orders');
    // one call per refunded order, one at a time (self-hosted stores are often small servers)
    const refunds = new Map<number, unknown[]>();
    for (const raw of body) if (listsRefunds(raw)) refunds.set(raw.id, await fetchRefunds(ctx, state, raw.id));
    const orders = body.map((raw) => normalizeWooOrder(raw, listsRefunds(raw) ? refunds.get(raw.id) : undefined));
    const undated = body.filter((raw, k) => listsRefunds(raw) && !orders[k]!.attention && orders[k]!.refunds === undefined).length;
    if (undated > 0) warnings.push(`${undated} WooCommerce order(s) have refunds without a readable date; their returns show as not available.`);
    const attention = orders.filter((o) => o.attention).length;
    if (attention > 0) warnings.push(`${attention} WooCommerce order(s) have money Storelink could not read; they are kept and marked "needs attention".`);
    const result: PageResult = { orders, ...(warnings.length ? { warnings } : {}) };
    const totalPages = Number(res.headers['x-wp-totalpages']);
    const last = orders.length < WOO_PER_PAGE || (Number.isFinite(totalPages) && state.page >= totalPages);
    if (state.orderby === 'date') {
      const passStart = state.passStart ?? isoSeconds(storeNow(res));
      if (!last) return { ...result, nextPage: JSON.stringify({ ...state, page: state.page + 1, passStart }) };
      const pass = state.pass ?? 1;
      // a pass of one page saw every change up to its own query; else catch up from its start
      if (state.page === 1 || pass >= MAX_PASSES) return result;
      const next: WooPageState = { ...state, after: isoSeconds(Date.parse(passStart) - 2000), page: 1, pass: pass + 1 };
      delete next.passStart;
      return { ...result, nextPage: JSON.stringify(next) };
    }
    if (last) return result;
    const lastModified = Math.max(...orders.map((o) => o.updatedAt));
    const restartAfter = isoSeconds(lastModified - 1000);
    const restart = state.after === undefined || Date.parse(restartAfter) > Date.parse(state.after);
    const next: WooPageState = restart ? { ...state, after: restartAfter, page: 1 } : { ...state, page: state.page + 1 };
    return { ...result, nextPage: JSON.stringify(next) };
  },
};
