/**
 * Square order adapter: POST /v2/orders/search (developer.squareup.com/reference/square/orders-api/search-orders).
 * Square needs location ids (at most 10 per search), so the first page lists them (GET /v2/locations,
 * MERCHANT_PROFILE_READ) unless the connection has a `locationIds` field, and searches them in
 * batches of 10. A cursor is only valid with the exact query it was issued for, so the page token
 * holds both, plus the location list: a crash-resumed run sends the identical request.
 * Money is integer minor units (`Money.amount`), line item quantities are decimal strings; an order whose
 * money cannot be read is kept as "needs attention" (issue 8), the rest of the page is stored.
 */
import { ApiError, ErrorCode } from '../../core/errors.ts';
import type { HttpResponse } from '../../core/ports.ts';
import { currencyExponent, MoneyFormatError, minorUnits } from '../money.ts';
import {
  rawValues,
  type FinancialStatus,
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

type SquareMoney = { amount?: unknown; currency?: unknown } | undefined;

/**
 * Money (developer.squareup.com/reference/square/objects/Money): `amount` in the currency's smallest
 * denomination, `currency` an ISO 4217 code or UNKNOWN_CURRENCY (enums/Currency). Throws MoneyFormatError
 * for another currency than the order's, an unknown one or an amount that is not an integer.
 */
function squareMoney(m: SquareMoney, currency: string, what: string): number {
  if (m === undefined) return 0; // Square omits zero-value money fields
  if (m.currency !== currency) throw new MoneyFormatError(`${what} is in ${String(m.currency)}, not ${currency}`);
  return minorUnits(m.amount);
}

/** Refund.status (objects/Refund): PENDING, APPROVED, REJECTED, FAILED. Rejected and failed refunds returned nothing. */
const REFUND_COUNTS = new Set(['PENDING', 'APPROVED', 'COMPLETED']);

/**
 * One Square `Order` (developer.squareup.com/reference/square/objects/Order) -> NormalizedOrder.
 * Figures: gross = sum of line_items[].gross_sales_money (OrderLineItem: before discounts), discounts =
 * total_discount_money, tax = total_tax_money, total = total_money, refunds = refunds[] (objects/Refund:
 * id, created_at, amount_money, status). Square has no shipping field (shipping is a line item or a
 * service charge) and no test flag (test orders live in the sandbox): shipping is "not available from
 * Square". Money Square cannot express (UNKNOWN_CURRENCY) or that is not integer minor units makes the
 * ORDER "needs attention" with its raw values; only an order without id, state or timestamps fails the page.
 */
export function normalizeSquareOrder(raw: unknown): NormalizedOrder {
  const o = raw as {
    id?: unknown;
    reference_id?: unknown;
    created_at?: unknown;
    updated_at?: unknown;
    state?: unknown;
    total_money?: SquareMoney;
    total_discount_money?: SquareMoney;
    total_tax_money?: SquareMoney;
    line_items?: { quantity?: unknown; gross_sales_money?: SquareMoney }[];
    tenders?: unknown[];
    refunds?: { id?: unknown; created_at?: unknown; status?: unknown; amount_money?: SquareMoney }[];
  };
  const createdAt = typeof o?.created_at === 'string' ? Date.parse(o.created_at) : NaN;
  const updatedAt = typeof o?.updated_at === 'string' ? Date.parse(o.updated_at) : NaN;
  if (typeof o?.id !== 'string' || o.id === '' || Number.isNaN(createdAt) || Number.isNaN(updatedAt) || typeof o.state !== 'string') {
    throw new MoneyFormatError('Square sent an order without id, state or timestamps');
  }
  const state = o.state.toLowerCase();
  const paid = Array.isArray(o.tenders) && o.tenders.length > 0;
  const rawCurrency = o.total_money?.currency;
  const currency = typeof rawCurrency === 'string' ? rawCurrency.toUpperCase() : '';
  const lines = Array.isArray(o.line_items) ? o.line_items : [];
  const base = {
    platformId: o.id,
    orderNumber: typeof o.reference_id === 'string' && o.reference_id !== '' ? o.reference_id : o.id,
    createdAt,
    updatedAt,
    status: state,
    financialStatusRaw: o.state,
    cancelled: state === 'canceled',
    test: false,
    itemCount: lines.reduce((n, li) => n + itemsIn(li?.quantity), 0),
  };
  const refundsRaw = Array.isArray(o.refunds) ? o.refunds : [];
  try {
    if (o.total_money === undefined) throw new MoneyFormatError('the order has no total_money');
    currencyExponent(currency); // UNKNOWN_CURRENCY and anything not ISO 4217 throw
    const totalMinor = squareMoney(o.total_money, currency, 'total_money');
    const gross = lines.reduce((n, li, i) => n + BigInt(squareMoney(li?.gross_sales_money, currency, `line item ${i + 1}`)), 0n);
    const refunds = refundsRaw
      .filter((r) => typeof r?.status !== 'string' || REFUND_COUNTS.has(r.status))
      .map((r) => {
        const at = typeof r?.created_at === 'string' ? Date.parse(r.created_at) : NaN;
        if (typeof r?.id !== 'string' || !Number.isFinite(at)) throw new MoneyFormatError('a refund has no id or date');
        return { id: r.id, at, amountMinor: squareMoney(r.amount_money, currency, 'a refund') };
      });
    const refunded = refunds.reduce((n, r) => n + r.amountMinor, 0);
    const financialStatus: FinancialStatus =
      state === 'canceled' ? 'voided' : refunded > 0 && refunded >= totalMinor ? 'refunded' : refunded > 0 ? 'partially_refunded' : paid ? 'paid' : 'unpaid';
    if (!Number.isSafeInteger(Number(gross))) throw new MoneyFormatError('the gross amount is too large');
    return {
      ...base,
      financialStatus,
      currency,
      totalMinor,
      grossMinor: Number(gross),
      discountsMinor: squareMoney(o.total_discount_money, currency, 'total_discount_money'),
      taxMinor: squareMoney(o.total_tax_money, currency, 'total_tax_money'),
      refunds,
    };
  } catch (e) {
    if (!(e instanceof MoneyFormatError)) throw e;
    return {
      ...base,
      financialStatus: state === 'canceled' ? 'voided' : paid ? 'paid' : 'unpaid',
      currency: currency.slice(0, 16) || '?',
      totalMinor: 0,
      totalExponent: 0,
      attention: {
        reason: `Storelink could not read this order's money: ${e.message}.`,
        raw: rawValues({ total_money: o.total_money, refunds: refundsRaw.map((r) => r?.amount_money) }),
      },
    };
  }
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
  const attention = orders.filter((o) => o.attention).length;
  const warn =
    attention > 0 ? { warnings: [`${attention} Square order(s) have money Storelink could not read; they are kept and marked "needs attention".`] } : {};
  let next: SquarePageToken | undefined;
  if (typeof body.cursor === 'string' && body.cursor !== '') next = { ...token, cursor: body.cursor };
  else if ((token.batch + 1) * SQUARE_MAX_LOCATIONS_PER_SEARCH < token.locationIds.length) {
    next = { v: 1, locationIds: token.locationIds, batch: token.batch + 1, query: token.query };
  }
  return next ? { orders, nextPage: JSON.stringify(next), ...warn } : { orders, ...warn };
}

export const squareOrderAdapter: OrderAdapter = { id: 'square', fetchPage };
