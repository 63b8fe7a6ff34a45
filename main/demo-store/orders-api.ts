/**
 * The Demo store's resource API: GET /api/v1/store and GET /api/v1/orders, protected by Bearer
 * access tokens (RFC 6750) and a per-token rate limit.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { STORE_CURRENCY, STORE_TIMEZONE } from './config.ts';
import type { DemoContext } from './context.ts';
import { sendJson } from './http-util.ts';
import type { AccessRecord } from './token-registry.ts';
import { formatMinor, type DemoOrder } from './seed-orders.ts';

const API_HEADERS = { 'Cache-Control': 'no-store' };
/** RFC 6750 §2.1: `Bearer` (case-insensitive scheme) followed by a b64token. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const CURSOR = /^(\d{1,15})\.(ord_\d{8,12})$/;

function bearerError(res: ServerResponse, status: number, error: string | undefined, description: string, extra = ''): void {
  const challenge = error ? `Bearer realm="demo-store", error="${error}", error_description="${description}"${extra}` : 'Bearer realm="demo-store"';
  sendJson(
    res,
    status,
    { error: error ?? 'unauthorized', error_description: description },
    {
      ...API_HEADERS,
      'WWW-Authenticate': challenge,
    },
  );
}

/**
 * Authenticates and authorizes one API request. Token only from the Authorization header
 * (RFC 6750 §2.1; a query `access_token` is refused, §2.3 / §5.3). Failures per RFC 6750 §3.1:
 * no credentials -> 401 without error code; bad or expired token -> 401 `invalid_token`; missing
 * scope -> 403 `insufficient_scope` naming it. Then a per-token bucket: empty -> 429 + Retry-After.
 */
export function authorizeApiRequest(ctx: DemoContext, req: IncomingMessage, url: URL, res: ServerResponse, scope: string): AccessRecord | undefined {
  if (url.searchParams.has('access_token')) {
    bearerError(res, 400, 'invalid_request', 'access tokens are only accepted in the Authorization header');
    return undefined;
  }
  const header = req.headers.authorization;
  if (header === undefined) {
    bearerError(res, 401, undefined, 'authentication required');
    return undefined;
  }
  const match = BEARER.exec(header);
  const record = match ? ctx.registry.findActive(match[1]!) : undefined;
  if (!match || !record || record.kind !== 'access') {
    bearerError(res, 401, 'invalid_token', 'the access token is invalid, expired or revoked');
    return undefined;
  }
  if (!record.scopes.includes(scope)) {
    bearerError(res, 403, 'insufficient_scope', `this request needs the ${scope} scope`, `, scope="${scope}"`);
    return undefined;
  }
  const taken = ctx.limiter.take(match[1]!);
  if (!taken.ok) {
    ctx.stats.rateLimited++;
    sendJson(
      res,
      429,
      { error: 'rate_limited', error_description: 'too many requests; retry later' },
      {
        ...API_HEADERS,
        'Retry-After': String(taken.retryAfterSec),
        'X-RateLimit-Limit': String(ctx.limiter.capacity),
        'X-RateLimit-Remaining': '0',
      },
    );
    return undefined;
  }
  res.setHeader('X-RateLimit-Limit', String(ctx.limiter.capacity));
  res.setHeader('X-RateLimit-Remaining', String(taken.remaining));
  return record;
}

/** GET /api/v1/store (scope `store:read`). */
export function handleStore(ctx: DemoContext, req: IncomingMessage, url: URL, res: ServerResponse): void {
  if (!authorizeApiRequest(ctx, req, url, res, 'store:read')) return;
  sendJson(res, 200, { name: ctx.settings.storeName, currency: STORE_CURRENCY, timezone: STORE_TIMEZONE }, API_HEADERS);
}

export function encodeCursor(order: DemoOrder): string {
  return Buffer.from(`${order.updatedAt}.${order.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { updatedAt: number; id: string } | undefined {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(cursor)) return undefined;
  const m = CURSOR.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return m ? { updatedAt: Number(m[1]), id: m[2]! } : undefined;
}

/** Wire form of an order: ISO-8601 UTC times, money as a decimal string in the order's currency. */
export function orderJson(o: DemoOrder): Record<string, unknown> {
  return {
    id: o.id,
    number: o.number,
    created_at: new Date(o.createdAt).toISOString(),
    updated_at: new Date(o.updatedAt).toISOString(),
    status: o.status,
    financial_status: o.financialStatus,
    currency: o.currency,
    total: formatMinor(o.totalMinor, o.currency),
    ...demoFigures(o),
    line_items_count: o.lineItemsCount,
  };
}

/**
 * The Demo store's own breakdown of an order total, derived deterministically from the order (the Demo
 * store is Storelink's own, so this is its definition): total = subtotal + shipping + tax, where subtotal
 * is after discounts; a refunded order was refunded in full and a partially refunded one by a third, both
 * when it was last updated. Decimal strings in the order's currency, like `total`.
 */
export function demoFigures(o: DemoOrder): Record<string, unknown> {
  const tax = Math.floor(o.totalMinor / 11);
  const shipping = Math.floor(o.totalMinor / 20);
  const subtotal = o.totalMinor - tax - shipping;
  const discount = Number(o.number.replace(/\D/g, '') || 0) % 3 === 0 ? Math.floor(subtotal / 9) : 0;
  const refund = o.financialStatus === 'refunded' ? o.totalMinor : o.financialStatus === 'partially_refunded' ? Math.floor(o.totalMinor / 3) : 0;
  return {
    subtotal: formatMinor(subtotal, o.currency),
    discount_total: formatMinor(discount, o.currency),
    shipping_total: formatMinor(shipping, o.currency),
    tax_total: formatMinor(tax, o.currency),
    refunds: refund > 0 ? [{ id: `${o.id}-r1`, created_at: new Date(o.updatedAt).toISOString(), amount: formatMinor(refund, o.currency) }] : [],
  };
}

function badQuery(res: ServerResponse, description: string): void {
  sendJson(res, 400, { error: 'invalid_request', error_description: description }, API_HEADERS);
}

/**
 * GET /api/v1/orders?updated_since&limit&cursor (scope `orders:read`). Keyset pagination on
 * (updated_at, id) ascending: the cursor holds the last pair returned, so an order changed
 * mid-run moves behind the cursor and is seen later, never skipped.
 */
export function handleOrders(ctx: DemoContext, req: IncomingMessage, url: URL, res: ServerResponse): void {
  ctx.stats.ordersRequests++;
  if (!authorizeApiRequest(ctx, req, url, res, 'orders:read')) return;
  const q = url.searchParams;
  for (const name of new Set(q.keys())) if (q.getAll(name).length > 1) return badQuery(res, `parameter ${name} is repeated`);
  let since = -Infinity;
  const sinceText = q.get('updated_since');
  if (sinceText !== null) {
    since = Date.parse(sinceText);
    if (!ISO_DATE_TIME.test(sinceText) || !Number.isFinite(since)) return badQuery(res, 'updated_since must be an ISO-8601 date-time');
  }
  let limit = 50;
  const limitText = q.get('limit');
  if (limitText !== null) {
    limit = /^\d{1,3}$/.test(limitText) ? Number(limitText) : NaN;
    if (!(limit >= 1 && limit <= 100)) return badQuery(res, 'limit must be an integer from 1 to 100');
  }
  const cursorText = q.get('cursor');
  const after = cursorText === null ? undefined : decodeCursor(cursorText);
  if (cursorText !== null && !after) return badQuery(res, 'cursor is not valid');

  const matching = ctx.orders
    .all()
    .filter((o) => o.updatedAt >= since)
    .filter((o) => !after || o.updatedAt > after.updatedAt || (o.updatedAt === after.updatedAt && o.id > after.id))
    .sort((a, b) => a.updatedAt - b.updatedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const page = matching.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor = matching.length > limit && last ? encodeCursor(last) : null;
  sendJson(res, 200, { orders: page.map(orderJson), next_cursor: nextCursor }, API_HEADERS);
}
