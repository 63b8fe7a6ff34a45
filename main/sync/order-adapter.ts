/**
 * What every platform's order adapter implements. The sync engine (main/sync/sync-engine.ts) owns
 * checkpoints, storage, retries and rate-limit waits; an adapter only knows its platform's wire
 * format: how to ask for one page of orders updated since a time, and how to normalise them.
 */
import type { HttpRequest, HttpResponse } from '../core/ports.ts';
import type { OrderRowView } from '../../shared/view-models.ts';
import { MoneyFormatError } from './money.ts';

/**
 * One order as stored: minimum personal data (no names, no addresses). Money is exact (main/sync/money.ts):
 * `totalMinor` integer units at `totalExponent`, which defaults to the currency's ISO 4217 exponent.
 */
export type NormalizedOrder = Omit<
  OrderRowView,
  'connectionId' | 'exponent' | 'needsAttention' | 'refundedMinor' | 'cancelled' | 'test' | 'financialStatusRaw' | 'unavailableFigures'
> & {
  /** Decimal exponent of totalMinor when it is not the currency's own (e.g. 3 for "10.125" USD). */
  totalExponent?: number;
  /** Set when the order could not be normalised: it is kept and shown, left out of revenue figures. */
  attention?: OrderAttention;
  /**
   * Refunds, each dated (docs/figures.md: a refund counts on its own day), amounts positive at
   * totalExponent. Undefined = the platform cannot say (shown "not available from <Platform>"); [] = none.
   * grossMinor, discountsMinor (positive), shippingMinor and taxMinor are at totalExponent too; undefined =
   * not available from the platform. `financialStatus` is the common value (FINANCIAL_STATUSES).
   */
  refunds?: NormalizedRefund[];
  cancelled?: boolean;
  /** A test order (Shopify `test`): kept and shown, left out of every figure, as the platform's own reports do. */
  test?: boolean;
  /** The platform's own financial status text, for display beside the common one. */
  financialStatusRaw?: string;
};

export interface NormalizedRefund {
  /** The platform's refund id (unique within the order). */
  id: string;
  /** Epoch ms of the refund: the day it counts on. */
  at: number;
  /** Positive amount refunded, at the order's totalExponent. */
  amountMinor: number;
}

/** The common financial statuses (merchant-figures.md); each adapter maps its platform's values onto these. */
export const FINANCIAL_STATUSES = ['paid', 'partially_paid', 'pending', 'authorized', 'partially_refunded', 'refunded', 'voided', 'unpaid'] as const;
export type FinancialStatus = (typeof FINANCIAL_STATUSES)[number];

/** Bits of `lacks`: figures an order cannot supply (stored per order and in the day rollup key). */
export const LACKS = { gross: 1, discounts: 2, shipping: 4, tax: 8, returns: 16, legacy: 32 } as const;

/** The `lacks` mask of an order: which figures its platform did not give. */
export function lacksOf(o: NormalizedOrder): number {
  return (
    (o.grossMinor === undefined ? LACKS.gross : 0) |
    (o.discountsMinor === undefined ? LACKS.discounts : 0) |
    (o.shippingMinor === undefined ? LACKS.shipping : 0) |
    (o.taxMinor === undefined ? LACKS.tax : 0) |
    (o.refunds === undefined ? LACKS.returns : 0)
  );
}

/**
 * Puts exact amounts read at different exponents on one: the largest (money.ts: never rounds). Returns
 * the common exponent and the amounts at it, in the same order; undefined entries stay undefined.
 */
export function onOneExponent<T extends { minor: number; exponent: number } | undefined>(
  amounts: readonly T[],
): { exponent: number; minors: Array<number | undefined> } {
  const exponent = Math.max(0, ...amounts.map((a) => a?.exponent ?? 0));
  return {
    exponent,
    minors: amounts.map((a) => {
      if (a === undefined) return undefined;
      const v = Number(BigInt(a.minor) * 10n ** BigInt(exponent - a.exponent));
      if (!Number.isSafeInteger(v)) throw new MoneyFormatError('an amount is too large to keep exactly');
      return v;
    }),
  };
}

/** Why an order needs attention, with the platform's raw money values (no personal data). */
export interface OrderAttention {
  /** Plain words for the admin, e.g. "Unknown currency code "UNKNOWN_CURRENCY"". */
  reason: string;
  /** The raw values as the platform sent them (amount, currency...), JSON, at most 500 characters. */
  raw: string;
}

/** Serialises raw platform values for OrderAttention.raw (bounded, never throws). */
export function rawValues(values: Record<string, unknown>): string {
  let text: string;
  try {
    text = JSON.stringify(values, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)) ?? '{}';
  } catch {
    text = '{}';
  }
  return text.length > 500 ? `${text.slice(0, 497)}...` : text;
}

export interface AdapterContext {
  /**
   * Makes an authorized API call for this connection (credentials added by the core; a 401
   * `invalid_token` refreshes once and retries once). Relative URLs resolve against the API base.
   */
  request(req: HttpRequest): Promise<HttpResponse>;
  /** The connection's non-secret form fields (shop domain, store URL, shop id, location ids...). */
  fields: Record<string, string>;
  signal: AbortSignal;
}

export interface PageRequest {
  /** ISO-8601 lower bound on updated time for this run (undefined = full history). */
  updatedSince?: string;
  /** Opaque position inside this run, as returned by the previous page (undefined = first page). */
  page?: string;
}

export interface PageResult {
  /** Every order of the page, including those that need attention (`attention` set): none is dropped. */
  orders: NormalizedOrder[];
  /** Opaque position of the next page; undefined when this was the last page of the run. */
  nextPage?: string;
  /** The platform asked us to wait this long before the next call (bucket headers, cost). */
  waitBeforeNextMs?: number;
  /**
   * Things the admin should know that did not stop the page, in plain words (e.g. the platform
   * answered with another API version than asked, or flagged deprecated use). No secrets.
   */
  warnings?: string[];
}

export interface OrderAdapter {
  readonly id: string;
  /**
   * Raised (default 1) when the adapter starts reading what it did not read before (a new figure, a
   * corrected mapping): connections whose orders an older revision read are then read again from the
   * start at their next sync, since an incremental sync only sees orders that changed on the platform.
   */
  readonly revision?: number;
  fetchPage(ctx: AdapterContext, request: PageRequest): Promise<PageResult>;
}

/**
 * Thrown by adapters for a 429 / throttled response; the engine waits `retryAfterMs` (with jitter)
 * and retries the same page, a bounded number of times (security.md item 36).
 */
export class RateLimitedError extends Error {
  readonly code = 'rate_limited';
  override readonly name = 'RateLimitedError';
  readonly retryAfterMs: number;
  constructor(retryAfterMs: number, message = 'rate limited by the platform') {
    super(message);
    this.retryAfterMs = retryAfterMs;
  }
}

/** Thrown for 5xx and network failures that are worth a bounded retry. */
export class TransientApiError extends Error {
  readonly code = 'transient';
  override readonly name = 'TransientApiError';
}

/** Parses a `Retry-After` header (seconds or HTTP-date, RFC 9110 §10.2.3) to milliseconds. */
export function parseRetryAfter(value: string | undefined, now: number, fallbackMs = 1000): number {
  if (!value) return fallbackMs;
  const secs = Number(value);
  if (Number.isFinite(secs) && secs >= 0) return Math.min(secs * 1000, 10 * 60_000);
  const at = Date.parse(value);
  if (Number.isFinite(at)) return Math.min(Math.max(0, at - now), 10 * 60_000);
  return fallbackMs;
}
