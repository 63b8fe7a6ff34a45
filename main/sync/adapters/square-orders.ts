/**
 * Square order adapter: POST /v2/orders/search (developer.squareup.com/reference/square/orders-api/search-orders).
 * Square needs location ids (at most 10 per search), so the first page lists them (GET /v2/locations,
 * MERCHANT_PROFILE_READ) unless the connection has a `locationIds` field, and searches them in
 * batches of 10. A cursor is only valid with the exact query it was issued for, so the page token
 * holds both, plus the location list: a crash-resumed run sends the identical request.
 * Money is integer minor units (`Money.amount`), line item quantities are decimal strings.
 */
import { ApiError, ErrorCode } from '../../core/errors.ts';
import type { HttpResponse } from '../../core/ports.ts';
import { currencyExponent, MoneyFormatError, minorUnits } from '../money.ts';
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

/** The Square API version this adapter was written against (sent as `Square-Version`). */
export const SQUARE_API_VERSION = '2025-10-16';
export const SQUARE_MAX_LOCATIONS_PER_SEARCH = 10;
/** SearchOrdersRequest.limit: default 500, maximum 1000 (Square's OpenAPI spec; providers.md). */
export const SQUARE_PAGE_LIMIT = 1000;

export interface SquareSearchQuery {
  filter?: { date_time_filter: { updated_at: { start_at: string } } };
  sort: { sort_field: 'UPDATED_AT'; sort_order: 'ASC' };
}

/** Everything needed to resume after a crash (JSON in `PageResult.nextPage`). */
export interface SquarePageToken {
  v: 1;
  locationIds: string[];
  batch: number;
  query: SquareSearchQuery;
  cursor?: string;
}

function fail(status: number, what: string, body: unknown, missingScope?: string): never {
  const first = (body as { errors?: { category?: unknown; code?: unknown }[] } | undefined)?.errors?.[0];
  // Only Square's enum-like codes go into the message, never server text (it could echo input).
  const code = typeof first?.code === 'string' && /^[A-Z_]{1,64}$/.test(first.code) ? ` ${first.code}` : '';
  if (status === 401) throw new ApiError(ErrorCode.Unauthorized, `Square refused the access token for ${what} (HTTP 401${code}).`, { status });
  if (status === 403) throw new ApiError(ErrorCode.InsufficientScope, `Square needs the ${missingScope} permission for ${what}.`, { status, missingScope });
  throw new ApiError(ErrorCode.BadResponse, `Square answered ${what} with HTTP ${status}${code}.`, { status });
}

/** Maps 429 / 5xx to the engine's retryable errors and parses a JSON object body. */
async function call(ctx: AdapterContext, req: Parameters<AdapterContext['request']>[0], what: string, scope: string): Promise<Record<string, unknown>> {
  ctx.signal.throwIfAborted();
  const headers = { accept: 'application/json', 'square-version': SQUARE_API_VERSION, ...req.headers };
  const res: HttpResponse = await ctx.request({ ...req, headers });
  if (res.status === 429) throw new RateLimitedError(parseRetryAfter(res.headers['retry-after'], Date.now(), 2000), 'Square rate limit');
  if (res.status >= 500) throw new TransientApiError(`Square answered ${what} with HTTP ${res.status}`);
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    body = undefined;
  }
  if (res.status !== 200) fail(res.status, what, body, scope);
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new ApiError(ErrorCode.BadResponse, `Square answered ${what} with something that is not a JSON object.`, { status: res.status });
  }
  return body as Record<string, unknown>;
}

async function listLocationIds(ctx: AdapterContext): Promise<string[]> {
  const configured = ctx.fields.locationIds?.split(/[\s,]+/).filter(Boolean);
  if (configured && configured.length > 0) return configured;
  const body = await call(ctx, { method: 'GET', url: '/v2/locations' }, 'the list of locations', 'MERCHANT_PROFILE_READ');
  // Square omits empty arrays: `{}` means no locations. Inactive locations keep their old orders.
  const locations = body.locations ?? [];
  if (!Array.isArray(locations)) throw new ApiError(ErrorCode.BadResponse, 'Square sent a malformed list of locations.');
  return locations.map((l: { id?: unknown }) => {
    if (typeof l?.id !== 'string' || l.id === '') throw new ApiError(ErrorCode.BadResponse, 'Square sent a location without an id.');
    return l.id;
  });
}

function firstToken(locationIds: string[], updatedSince: string | undefined): SquarePageToken {
  const query: SquareSearchQuery = { sort: { sort_field: 'UPDATED_AT', sort_order: 'ASC' } };
  // The date filter's field must be the sort field (SearchOrdersSort docs); no end_at: Square fixes it at the first request.
  if (updatedSince !== undefined) query.filter = { date_time_filter: { updated_at: { start_at: updatedSince } } };
  return { v: 1, locationIds, batch: 0, query };
}

export function parseSquarePageToken(page: string): SquarePageToken {
  let t: SquarePageToken;
  try {
    t = JSON.parse(page) as SquarePageToken;
  } catch {
    throw new ApiError(ErrorCode.BadResponse, 'The saved Square sync position is unreadable.');
  }
  if (t?.v !== 1 || !Array.isArray(t.locationIds) || !Number.isInteger(t.batch) || typeof t.query !== 'object' || t.query === null) {
    throw new ApiError(ErrorCode.BadResponse, 'The saved Square sync position is unreadable.');
  }
  return t;
}

/** "2" -> 2; a measured quantity such as "1.5" (kg) counts as one item. */
function itemsIn(quantity: unknown): number {
  if (typeof quantity !== 'string' || !/^\d+(\.\d+)?$/.test(quantity)) return 1;
  const n = Number(quantity);
  return Number.isInteger(n) ? n : 1;
}

/** One Square `Order` -> NormalizedOrder; throws MoneyFormatError (code bad_response) on a malformed order. */
export function normalizeSquareOrder(raw: unknown): NormalizedOrder {
  const o = raw as {
    id?: unknown;
    reference_id?: unknown;
    created_at?: unknown;
    updated_at?: unknown;
    state?: unknown;
    total_money?: { amount?: unknown; currency?: unknown };
    line_items?: { quantity?: unknown }[];
    tenders?: unknown[];
  };
  const createdAt = typeof o?.created_at === 'string' ? Date.parse(o.created_at) : NaN;
  const updatedAt = typeof o?.updated_at === 'string' ? Date.parse(o.updated_at) : NaN;
  if (typeof o?.id !== 'string' || o.id === '' || Number.isNaN(createdAt) || Number.isNaN(updatedAt) || typeof o.state !== 'string') {
    throw new MoneyFormatError('Square sent an order without id, state or timestamps');
  }
  const currency = o.total_money?.currency;
  if (typeof currency !== 'string') throw new MoneyFormatError('Square sent an order without total_money');
  currencyExponent(currency);
  const state = o.state.toLowerCase();
  const paid = Array.isArray(o.tenders) && o.tenders.length > 0;
  return {
    platformId: o.id,
    orderNumber: typeof o.reference_id === 'string' && o.reference_id !== '' ? o.reference_id : o.id,
    createdAt,
    updatedAt,
    status: state,
    financialStatus: state === 'canceled' ? 'voided' : paid ? 'paid' : 'unpaid',
    currency: currency.toUpperCase(),
    totalMinor: minorUnits(o.total_money?.amount),
    itemCount: (o.line_items ?? []).reduce((n, li) => n + itemsIn(li?.quantity), 0),
  };
}

async function fetchPage(ctx: AdapterContext, request: PageRequest): Promise<PageResult> {
  const token = request.page !== undefined ? parseSquarePageToken(request.page) : firstToken(await listLocationIds(ctx), request.updatedSince);
  const ids = token.locationIds.slice(token.batch * SQUARE_MAX_LOCATIONS_PER_SEARCH, (token.batch + 1) * SQUARE_MAX_LOCATIONS_PER_SEARCH);
  if (ids.length === 0) return { orders: [] };
  const search = (cursor: string | undefined) =>
    call(
      ctx,
      {
        method: 'POST',
        url: '/v2/orders/search',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ location_ids: ids, query: token.query, limit: SQUARE_PAGE_LIMIT, ...(cursor ? { cursor } : {}) }),
      },
      'the order search',
      'ORDERS_READ',
    );
  let body: Record<string, unknown>;
  try {
    body = await search(token.cursor);
  } catch (err) {
    // A cursor that Square no longer knows (expired while we were stopped): restart this batch.
    // Orders already stored are stored again with the same id, so nothing is duplicated.
    if (!(token.cursor && err instanceof ApiError && err.status === 400 && /INVALID_CURSOR/.test(err.message))) throw err;
    body = await search(undefined);
  }
  const raw = body.orders ?? [];
  if (!Array.isArray(raw)) throw new ApiError(ErrorCode.BadResponse, 'Square sent a malformed order list.');
  const orders = raw.map(normalizeSquareOrder);
  let next: SquarePageToken | undefined;
  if (typeof body.cursor === 'string' && body.cursor !== '') next = { ...token, cursor: body.cursor };
  else if ((token.batch + 1) * SQUARE_MAX_LOCATIONS_PER_SEARCH < token.locationIds.length) {
    next = { v: 1, locationIds: token.locationIds, batch: token.batch + 1, query: token.query };
  }
  return next ? { orders, nextPage: JSON.stringify(next) } : { orders };
}

export const squareOrderAdapter: OrderAdapter = { id: 'square', fetchPage };
