/**
 * What every platform's order adapter implements. The sync engine (main/sync/sync-engine.ts) owns
 * checkpoints, storage, retries and rate-limit waits; an adapter only knows its platform's wire
 * format: how to ask for one page of orders updated since a time, and how to normalise them.
 */
import type { HttpRequest, HttpResponse } from '../core/ports.ts';
import type { OrderRowView } from '../../shared/view-models.ts';

/**
 * One order as stored: minimum personal data (no names, no addresses). Money is exact (main/sync/money.ts):
 * `totalMinor` integer units at `totalExponent`, which defaults to the currency's ISO 4217 exponent.
 */
export type NormalizedOrder = Omit<OrderRowView, 'connectionId' | 'exponent' | 'needsAttention'> & {
  /** Decimal exponent of totalMinor when it is not the currency's own (e.g. 3 for "10.125" USD). */
  totalExponent?: number;
  /** Set when the order could not be normalised: it is kept and shown, left out of revenue figures. */
  attention?: OrderAttention;
};

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
