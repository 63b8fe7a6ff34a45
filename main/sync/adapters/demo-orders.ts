/**
 * Order adapter for the built-in Demo store (main/demo-store/orders-api.ts):
 * `GET /api/v1/orders?updated_since=ISO&limit=100&cursor=...` answers
 * `{ orders: [...], next_cursor: string | null }`, keyset-paginated on (updated_at, id); money is a
 * decimal string in the order's currency; 429 carries `Retry-After` (RFC 6585 §4, RFC 9110 §10.2.3).
 * A 401 `invalid_token` is refreshed and retried by the core before it reaches this adapter.
 */
import { ApiError, ErrorCode } from '../../core/errors.ts';
import type { HttpResponse } from '../../core/ports.ts';
import { decimalToMinor, parseDecimalAmount, type ExactAmount } from '../money.ts';
import {
  onOneExponent,
  parseRetryAfter,
  RateLimitedError,
  TransientApiError,
  type AdapterContext,
  type NormalizedOrder,
  type OrderAdapter,
  type PageRequest,
  type PageResult,
} from '../order-adapter.ts';

export const DEMO_PAGE_SIZE = 100;

function bad(message: string): ApiError {
  return new ApiError(ErrorCode.BadResponse, `The Demo store sent an unexpected orders response: ${message}.`);
}

function str(o: Record<string, unknown>, key: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v.length === 0 || v.length > 200) throw bad(`order field ${key} is not a string`);
  return v;
}

function time(o: Record<string, unknown>, key: string): number {
  const ms = Date.parse(str(o, key));
  if (!Number.isFinite(ms)) throw bad(`order field ${key} is not a date-time`);
  return ms;
}

/** Wire order -> NormalizedOrder (minimum data: no customer fields are read). */
export function normalizeDemoOrder(raw: unknown): NormalizedOrder {
  if (typeof raw !== 'object' || raw === null) throw bad('an order is not an object');
  const o = raw as Record<string, unknown>;
  const currency = str(o, 'currency');
  const count = o.line_items_count;
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) throw bad('line_items_count is not a whole number');
  return {
    platformId: str(o, 'id'),
    orderNumber: String(o.number ?? ''),
    createdAt: time(o, 'created_at'),
    updatedAt: time(o, 'updated_at'),
    status: str(o, 'status'),
    financialStatus: str(o, 'financial_status'),
    currency,
    totalMinor: decimalToMinor(str(o, 'total'), currency),
    itemCount: count,
    financialStatusRaw: str(o, 'financial_status'),
    cancelled: str(o, 'status') === 'cancelled',
    test: false,
    ...demoFigures(o, currency),
  };
}

/**
 * The Demo store's breakdown (main/demo-store/orders-api.ts demoFigures): gross = subtotal (after
 * discounts) + discount_total; shipping_total, tax_total; refunds dated by created_at. Absent fields are
 * "not available"; unreadable ones fail the page like any other malformed Demo answer.
 */
function demoFigures(o: Record<string, unknown>, currency: string): Partial<NormalizedOrder> {
  const amount = (key: string): ExactAmount | undefined => {
    const v = o[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') throw bad(`order field ${key} is not an amount`);
    return parseDecimalAmount(v, currency);
  };
  const base = parseDecimalAmount(str(o, 'total'), currency);
  const refundsRaw = Array.isArray(o.refunds) ? (o.refunds as Array<Record<string, unknown>>) : undefined;
  const refundAmounts = (refundsRaw ?? []).map((r) => parseDecimalAmount(str(r, 'amount'), currency));
  const subtotal = amount('subtotal');
  const discount = amount('discount_total');
  const { exponent, minors } = onOneExponent([base, subtotal, discount, amount('shipping_total'), amount('tax_total'), ...refundAmounts]);
  if (exponent !== base.exponent) return {}; // the Demo store only sends its currency's decimals
  const [, sub, disc, shipping, tax, ...refundMinors] = minors;
  return {
    ...(sub !== undefined && disc !== undefined ? { grossMinor: sub + disc, discountsMinor: disc } : {}),
    ...(shipping !== undefined ? { shippingMinor: shipping } : {}),
    ...(tax !== undefined ? { taxMinor: tax } : {}),
    ...(refundsRaw ? { refunds: refundsRaw.map((r, i) => ({ id: str(r, 'id'), at: time(r, 'created_at'), amountMinor: refundMinors[i]! })) } : {}),
  };
}

/** Status handling shared by the request: 2xx passes, the rest becomes a typed error. */
function checkStatus(res: HttpResponse): void {
  if (res.status >= 200 && res.status < 300) return;
  if (res.status === 429) throw new RateLimitedError(parseRetryAfter(res.headers['retry-after'], Date.now()));
  if (res.status >= 500) throw new TransientApiError(`the Demo store answered HTTP ${res.status}`);
  if (res.status === 401)
    throw new ApiError(ErrorCode.NeedsReauthorization, 'The Demo store no longer accepts this connection; reconnect it.', { status: 401 });
  if (res.status === 403) {
    throw new ApiError(ErrorCode.InsufficientScope, 'This connection may not read orders; re-authorize it with the orders:read permission.', {
      status: 403,
      missingScope: 'orders:read',
    });
  }
  throw bad(`HTTP ${res.status}`);
}

export const demoOrders: OrderAdapter = {
  id: 'demo',
  /** One page of GET /api/v1/orders (main/demo-store/orders-api.ts handleOrders). */
  async fetchPage(ctx: AdapterContext, request: PageRequest): Promise<PageResult> {
    const query = new URLSearchParams({ limit: String(DEMO_PAGE_SIZE) });
    if (request.updatedSince) query.set('updated_since', request.updatedSince);
    if (request.page) query.set('cursor', request.page);
    const res = await ctx.request({ method: 'GET', url: `/api/v1/orders?${query}`, headers: { accept: 'application/json' } });
    checkStatus(res);
    let body: unknown;
    try {
      body = JSON.parse(res.body);
    } catch {
      throw bad('the body is not JSON');
    }
    if (typeof body !== 'object' || body === null || !Array.isArray((body as { orders?: unknown }).orders)) throw bad('no orders list');
    const { orders, next_cursor: next } = body as { orders: unknown[]; next_cursor?: unknown };
    if (next !== null && next !== undefined && (typeof next !== 'string' || next.length === 0)) throw bad('next_cursor is not a string');
    const result: PageResult = { orders: orders.map(normalizeDemoOrder) };
    if (typeof next === 'string') result.nextPage = next;
    return result;
  },
};
