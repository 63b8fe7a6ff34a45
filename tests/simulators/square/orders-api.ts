/**
 * Square v2 API: GET /v2/locations (ListLocations, needs MERCHANT_PROFILE_READ) and
 * POST /v2/orders/search (SearchOrders, needs ORDERS_READ). SearchOrders rules reproduced from
 * developer.squareup.com/reference/square/orders-api/search-orders: 1..10 location_ids, limit default 500 and
 * at most 1000 (SearchOrdersRequest.limit in square/connect-api-specification api.json and the API
 * explorer; providers.md "Facts from the official references"),
 * sort_field must match the DateTimeFilter field, end time defaults to the first request of the
 * cursor, a cursor must be resent with the original query, empty results are `{}`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomToken, readBody, sendJson } from './http-util.ts';
import { canonicalJson, squareError, type SquareContext } from './context.ts';
import type { SquareOrder } from './store.ts';

const TIME_FIELDS = { CREATED_AT: 'created_at', UPDATED_AT: 'updated_at', CLOSED_AT: 'closed_at' } as const;
type SortField = keyof typeof TIME_FIELDS;

/**
 * Bearer check, Square-Version check and injected faults; returns the token's scopes or undefined if answered.
 *  - `Square-Version: YYYY-MM-DD` optional, a bad one refused: developer.squareup.com/docs/build-basics/versioning-overview;
 *  - 429 `RATE_LIMIT_ERROR` / `RATE_LIMITED` and 503 `SERVICE_UNAVAILABLE`: developer.squareup.com/docs/build-basics/handling-errors
 *    (Square documents no Retry-After, hence the `retryAfterSec: null` option);
 *  - `Authorization: Bearer {access token}`: developer.squareup.com/docs/build-basics/access-tokens;
 *    401 `UNAUTHORIZED` / `ACCESS_TOKEN_REVOKED` / `ACCESS_TOKEN_EXPIRED` and 403 `INSUFFICIENT_SCOPES`:
 *    developer.squareup.com/reference/square/enums/ErrorCode; each endpoint's permission:
 *    developer.squareup.com/docs/oauth-api/square-permissions.
 */
export function guardApi(ctx: SquareContext, req: IncomingMessage, res: ServerResponse, scope: string): string[] | undefined {
  ctx.stats.apiCalls++;
  const version = req.headers['square-version'];
  if (typeof version === 'string') {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(version)) {
      squareError(res, 400, 'INVALID_REQUEST_ERROR', 'INVALID_SQUARE_VERSION_FORMAT', 'Bad Square-Version header.');
      return undefined;
    }
    ctx.stats.lastSquareVersion = version;
  }
  const fault = ctx.faults.next();
  ctx.stats.rateLimited = ctx.faults.rateLimited;
  ctx.stats.failed = ctx.faults.failed;
  if (fault === 'rate-limit') {
    const headers: Record<string, string> = ctx.retryAfterSec === null ? {} : { 'retry-after': String(ctx.retryAfterSec) };
    squareError(res, 429, 'RATE_LIMIT_ERROR', 'RATE_LIMITED', 'Too many requests.', headers);
    return undefined;
  }
  if (fault === 'fail') {
    squareError(res, 503, 'API_ERROR', 'SERVICE_UNAVAILABLE', 'Try again later.');
    return undefined;
  }
  const m = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
  const token = m ? ctx.access.get(m[1]!) : undefined;
  if (!token || token.revoked) {
    squareError(res, 401, 'AUTHENTICATION_ERROR', token ? 'ACCESS_TOKEN_REVOKED' : 'UNAUTHORIZED', 'This request could not be authorized.');
    return undefined;
  }
  if (token.expiresAt <= ctx.now()) {
    squareError(res, 401, 'AUTHENTICATION_ERROR', 'ACCESS_TOKEN_EXPIRED', 'The access token has expired.');
    return undefined;
  }
  if (!token.scopes.includes(scope)) {
    squareError(res, 403, 'AUTHENTICATION_ERROR', 'INSUFFICIENT_SCOPES', `The token lacks ${scope}.`);
    return undefined;
  }
  return token.scopes;
}

/** ListLocations (developer.squareup.com/reference/square/locations-api/list-locations): MERCHANT_PROFILE_READ. */
export function handleLocations(ctx: SquareContext, req: IncomingMessage, res: ServerResponse): void {
  ctx.stats.locationsCalls++;
  if (!guardApi(ctx, req, res, 'MERCHANT_PROFILE_READ')) return;
  sendJson(res, 200, { locations: ctx.store.locations });
}

interface SearchBody {
  location_ids?: unknown;
  cursor?: unknown;
  limit?: unknown;
  query?: {
    filter?: { date_time_filter?: Record<string, { start_at?: string; end_at?: string }>; state_filter?: { states?: string[] } };
    sort?: { sort_field?: string; sort_order?: string };
  };
}

export async function handleSearch(ctx: SquareContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  ctx.stats.searchCalls++;
  if (!guardApi(ctx, req, res, 'ORDERS_READ')) return;
  const bad = (code: string, detail: string): void => squareError(res, 400, 'INVALID_REQUEST_ERROR', code, detail);
  let body: SearchBody;
  try {
    body = JSON.parse(await readBody(req)) as SearchBody;
  } catch {
    return bad('INVALID_CONTENT_TYPE', 'The body is not valid JSON.');
  }
  const ids = body.location_ids;
  const known = new Set(ctx.store.locations.map((l) => l.id));
  // Codes from Square's ErrorCode enum (developer.squareup.com/reference/square/enums/ErrorCode),
  // checked by the SDK in tests/platforms/square-sdk-schemas.test.ts.
  if (!Array.isArray(ids) || ids.length < 1) return bad('ARRAY_EMPTY', 'location_ids must hold 1 to 10 ids.');
  if (ids.length > 10) return bad('ARRAY_LENGTH_TOO_LONG', 'location_ids must hold 1 to 10 ids.');
  if (ids.some((id) => typeof id !== 'string' || !known.has(id))) return bad('NOT_FOUND', 'Unknown location id.');
  const limit = body.limit === undefined ? 500 : body.limit;
  if (typeof limit !== 'number' || !Number.isInteger(limit)) return bad('INVALID_VALUE', 'limit must be an integer.');
  if (limit < 1) return bad('VALUE_TOO_LOW', 'limit must be 1..1000.');
  if (limit > 1000) return bad('VALUE_TOO_HIGH', 'limit must be 1..1000.');

  const query = body.query ?? {};
  const dtf = query.filter?.date_time_filter ?? {};
  const filterFields = Object.keys(dtf);
  if (filterFields.length > 1) return bad('INVALID_VALUE', 'Only one date_time_filter field is allowed.');
  const sortField = (query.sort?.sort_field ?? 'CREATED_AT') as SortField;
  if (!(sortField in TIME_FIELDS)) return bad('INVALID_ENUM_VALUE', 'Unknown sort_field.');
  const sortOrder = query.sort?.sort_order ?? 'DESC';
  if (sortOrder !== 'ASC' && sortOrder !== 'DESC') return bad('INVALID_ENUM_VALUE', 'Unknown sort_order.');
  const field = TIME_FIELDS[sortField];
  if (filterFields.length === 1 && filterFields[0] !== field) return bad('INVALID_VALUE', 'sort_field must match the date_time_filter field.');
  const range = filterFields.length === 1 ? dtf[filterFields[0]!]! : {};
  const startMs = range.start_at === undefined ? -Infinity : Date.parse(range.start_at);
  if (Number.isNaN(startMs)) return bad('INVALID_TIME', 'start_at is not RFC 3339.');

  const boundTo = canonicalJson({ location_ids: ids, query: body.query });
  let endMs: number;
  let after: { t: number; id: string } | undefined;
  if (body.cursor !== undefined) {
    const rec = typeof body.cursor === 'string' ? ctx.cursors.get(body.cursor) : undefined;
    if (!rec) return bad('INVALID_CURSOR', 'Unknown cursor.');
    if (rec.boundTo !== boundTo) return bad('INVALID_CURSOR', 'The cursor must be resent with the original query.');
    endMs = rec.endMs;
    after = rec.after;
  } else {
    // "If the end time is absent, it defaults to the time of the first request for the cursor."
    endMs = range.end_at === undefined ? ctx.store.clockMs() : Date.parse(range.end_at);
  }
  const states = query.filter?.state_filter?.states;
  const dir = sortOrder === 'ASC' ? 1 : -1;
  const key = (o: SquareOrder): number => Date.parse((o[field] as string | undefined) ?? '');
  const cmp = (ta: number, ia: string, tb: number, ib: string): number => dir * (ta - tb || (ia < ib ? -1 : ia > ib ? 1 : 0));
  const matching = ctx.store.orders
    .filter((o) => ids.includes(o.location_id) && (!states || states.includes(o.state)))
    .filter((o) => {
      const t = key(o);
      return !Number.isNaN(t) && t >= startMs && t <= endMs;
    })
    .filter((o) => !after || cmp(key(o), o.id, after.t, after.id) > 0)
    .sort((a, b) => cmp(key(a), a.id, key(b), b.id));
  const page = matching.slice(0, limit);
  const out: { orders?: SquareOrder[]; cursor?: string } = {};
  if (page.length > 0) out.orders = structuredClone(page);
  // A full page always carries a cursor, so the last page may be an empty `{}`.
  if (page.length === limit) {
    const last = page[page.length - 1]!;
    const cursor = randomToken(18);
    ctx.cursors.set(cursor, { boundTo, endMs, after: { t: key(last), id: last.id } });
    out.cursor = cursor;
  }
  sendJson(res, 200, out);
}
