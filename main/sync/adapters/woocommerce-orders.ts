/**
 * WooCommerce orders through the REST API v3 (woocommerce.github.io/woocommerce-rest-api-docs/#list-all-orders):
 * `GET /wp-json/wc/v3/orders?per_page=100&page=N&modified_after=...&dates_are_gmt=true&orderby=modified&order=asc`,
 * totals in `X-WP-Total` / `X-WP-TotalPages` (developer.wordpress.org/rest-api/using-the-rest-api/pagination).
 *
 * Awkward parts handled here:
 *  - Sites with plain permalinks answer `/wp-json/` with the theme's 404 HTML page; the same route
 *    works as `/?rest_route=/wc/v3/orders` (developer.wordpress.org/rest-api/extending-the-rest-api/routes-and-endpoints).
 *    The fallback is remembered in the page token.
 *  - Page numbers shift when orders change during a run, and `modified_after` is exclusive with
 *    one-second precision. After each full page the window restarts just below the last seen
 *    modified time (page 1 again), so a shifted order is never skipped; repeats are harmless
 *    because orders are stored by id.
 *  - Security plugins and maintenance mode answer HTML: typed errors, never a JSON parse crash.
 */
import { ApiError, ErrorCode, StorelinkError } from '../../core/errors.ts';
import type { HttpResponse } from '../../core/ports.ts';
import { decimalToMinor } from '../money.ts';
import {
  parseRetryAfter,
  RateLimitedError,
  TransientApiError,
  type AdapterContext,
  type NormalizedOrder,
  type OrderAdapter,
  type PageRequest,
  type PageResult,
} from '../order-adapter.ts';

export const WOO_PER_PAGE = 100;
/** Only what Storelink stores: no names, addresses or emails leave the store (`_fields`, WP REST global parameter). */
export const WOO_FIELDS = 'id,number,status,currency,total,date_created_gmt,date_modified_gmt,date_paid,date_paid_gmt,line_items.quantity';

interface WooPageState {
  v: 1;
  /** Exclusive lower bound for `modified_after`, ISO-8601 UTC without milliseconds. */
  after?: string;
  page: number;
  route: 'pretty' | 'plain';
}

const bad = (message: string, cause?: unknown) => new ApiError(ErrorCode.BadResponse, message, { cause });
const isHtml = (res: HttpResponse) => (res.headers['content-type'] ?? '').includes('html') || /^\s*</.test(res.body);
const isoSeconds = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

function decodeState(page: string | undefined, updatedSince: string | undefined): WooPageState {
  if (page === undefined) {
    if (updatedSince === undefined) return { v: 1, page: 1, route: 'pretty' };
    const t = Date.parse(updatedSince);
    if (!Number.isFinite(t)) throw new StorelinkError(ErrorCode.SyncFailed, 'The sync start time is not a date.');
    // modified_after is exclusive and second-precise: one second earlier makes the bound inclusive.
    return { v: 1, after: isoSeconds(t - 1000), page: 1, route: 'pretty' };
  }
  try {
    const s = JSON.parse(page) as WooPageState;
    if (s.v === 1 && Number.isInteger(s.page) && s.page >= 1 && (s.route === 'pretty' || s.route === 'plain')) return s;
  } catch {
    // fall through
  }
  throw new StorelinkError(ErrorCode.SyncFailed, 'The saved WooCommerce sync position cannot be read.');
}

/** The `dp` Storelink sends: the largest minor-unit exponent in ISO 4217 (CLF, UYW). */
export const WOO_DECIMAL_POINTS = 4;

/** Relative to the API base (the site root with a trailing slash). */
export function wooOrdersUrl(state: WooPageState): string {
  const q = new URLSearchParams();
  if (state.route === 'plain') q.set('rest_route', '/wc/v3/orders');
  q.set('per_page', String(WOO_PER_PAGE));
  q.set('page', String(state.page));
  // Money is rounded to `dp` decimals, default 2 whatever the currency (WooCommerce REST API docs,
  // "List all orders" parameters): ask for the largest ISO 4217 exponent so KWD, BHD, JOD, OMR, TND,
  // IQD, LYD (3) and CLF, UYW (4) arrive exact; trailing zeros are exact for every other currency.
  q.set('dp', String(WOO_DECIMAL_POINTS));
  q.set('orderby', 'modified');
  q.set('order', 'asc');
  q.set('dates_are_gmt', 'true');
  if (state.after) q.set('modified_after', state.after);
  q.set('_fields', WOO_FIELDS);
  return state.route === 'plain' ? `?${q}` : `wp-json/wc/v3/orders?${q}`;
}

function wooCode(res: HttpResponse): string | undefined {
  try {
    const v = JSON.parse(res.body) as { code?: unknown };
    return typeof v?.code === 'string' ? v.code : undefined;
  } catch {
    return undefined;
  }
}

function checkStatus(res: HttpResponse): void {
  const s = res.status;
  if (s === 200) return;
  if (s === 429 || (s === 503 && res.headers['retry-after'])) {
    throw new RateLimitedError(parseRetryAfter(res.headers['retry-after'], Date.now(), 5000), `the store answered HTTP ${s}`);
  }
  if (s >= 500) throw new TransientApiError(`the store answered HTTP ${s}`);
  if (s === 401) {
    throw new ApiError(ErrorCode.Unauthorized, 'The store did not accept the consumer key and secret (or its web server dropped the Authorization header).', {
      status: 401,
    });
  }
  if (s === 403 && isHtml(res)) {
    throw bad('The store’s firewall or a security plugin blocked the request (HTTP 403 web page).');
  }
  if (s === 403)
    throw new ApiError(ErrorCode.InsufficientScope, 'This key may not read orders (give it Read permission).', { status: 403, missingScope: 'read' });
  if (s === 404 && wooCode(res) === 'rest_no_route') throw bad('No WooCommerce API at this address: is WooCommerce installed and active?');
  if (s === 404) throw bad('The store has no REST API at this address.');
  throw bad(`The store answered HTTP ${s}${wooCode(res) ? ` (${wooCode(res)})` : ''}.`);
}

const time = (v: unknown, what: string): number => {
  if (typeof v !== 'string') throw bad(`WooCommerce order field ${what} is missing.`);
  // *_gmt fields come without a zone designator ("2025-01-31T10:00:00"): they are UTC.
  const t = Date.parse(/(Z|[+-]\d{2}:?\d{2})$/.test(v) ? v : `${v}Z`);
  if (!Number.isFinite(t)) throw bad(`WooCommerce order field ${what} is not a date.`);
  return t;
};

/** One WooCommerce order object -> NormalizedOrder (money from the decimal string, exactly). */
export function normalizeWooOrder(raw: unknown): NormalizedOrder {
  if (!raw || typeof raw !== 'object') throw bad('The store sent an order that is not an object.');
  const o = raw as Record<string, unknown>;
  if (typeof o.id !== 'number' || !Number.isSafeInteger(o.id)) throw bad('The store sent an order without an id.');
  if (typeof o.currency !== 'string' || typeof o.total !== 'string') throw bad('The store sent an order without a total.');
  let totalMinor: number;
  try {
    totalMinor = decimalToMinor(o.total, o.currency);
  } catch (e) {
    throw bad('The store sent an order total that is not an exact amount.', e);
  }
  const lines = Array.isArray(o.line_items) ? o.line_items : [];
  let itemCount = 0;
  for (const l of lines as { quantity?: unknown }[]) {
    if (typeof l?.quantity !== 'number' || !Number.isSafeInteger(l.quantity)) throw bad('The store sent a bad line item quantity.');
    itemCount += l.quantity;
  }
  const status = typeof o.status === 'string' ? o.status : 'unknown';
  return {
    platformId: String(o.id),
    orderNumber: typeof o.number === 'string' && o.number ? o.number : String(o.id),
    createdAt: time(o.date_created_gmt, 'date_created_gmt'),
    updatedAt: time(o.date_modified_gmt, 'date_modified_gmt'),
    status,
    // `date_paid_gmt` can be null on a completed order whose `date_paid` is set (WooCommerce REST API
    // docs, the order example #723): either one means paid.
    financialStatus: status === 'refunded' ? 'refunded' : o.date_paid_gmt || o.date_paid ? 'paid' : 'unpaid',
    currency: o.currency.toUpperCase(),
    totalMinor,
    itemCount,
  };
}

async function requestPage(ctx: AdapterContext, state: WooPageState): Promise<{ res: HttpResponse; state: WooPageState }> {
  const res = await ctx.request({ method: 'GET', url: wooOrdersUrl(state), headers: { accept: 'application/json' } });
  if (res.status === 404 && state.route === 'pretty' && isHtml(res)) {
    // Plain permalinks: /wp-json/ is not routed, the theme answers. Retry once via ?rest_route=.
    const plain: WooPageState = { ...state, route: 'plain' };
    return { res: await ctx.request({ method: 'GET', url: wooOrdersUrl(plain), headers: { accept: 'application/json' } }), state: plain };
  }
  return { res, state };
}

export const woocommerceOrderAdapter: OrderAdapter = {
  id: 'woocommerce',
  /** One page of `GET /wc/v3/orders` ordered by modified time, ascending. */
  async fetchPage(ctx: AdapterContext, request: PageRequest): Promise<PageResult> {
    ctx.signal.throwIfAborted();
    const { res, state } = await requestPage(ctx, decodeState(request.page, request.updatedSince));
    checkStatus(res);
    if (isHtml(res)) throw bad('The store answered with a web page instead of API data (a plugin or cache may be in the way).');
    let body: unknown;
    try {
      body = JSON.parse(res.body);
    } catch (e) {
      throw bad('The store answered with malformed JSON.', e);
    }
    if (!Array.isArray(body)) throw bad('The store answered with something other than a list of orders.');
    const orders = body.map(normalizeWooOrder);
    const totalPages = Number(res.headers['x-wp-totalpages']);
    const last = orders.length < WOO_PER_PAGE || (Number.isFinite(totalPages) && state.page >= totalPages);
    if (last) return { orders };
    const lastModified = Math.max(...orders.map((o) => o.updatedAt));
    const restartAfter = isoSeconds(lastModified - 1000);
    const restart = state.after === undefined || Date.parse(restartAfter) > Date.parse(state.after);
    const next: WooPageState = restart ? { ...state, after: restartAfter, page: 1 } : { ...state, page: state.page + 1 };
    return { orders, nextPage: JSON.stringify(next) };
  },
};
