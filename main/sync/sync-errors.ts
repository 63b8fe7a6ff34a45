/**
 * How a failed sync is told to a person: a typed error with a code the renderer maps to a next step
 * (shared/error-codes.ts) and a message in plain words, never a token or raw response body.
 */
import { ErrorCode, StorelinkError } from '../core/errors.ts';
import type { ErrorView } from '../../shared/error-codes.ts';
import { RateLimitedError, TransientApiError } from './order-adapter.ts';

export class SyncError extends StorelinkError {
  override readonly name = 'SyncError';
}

export type FailureKind = 'rate-limited' | 'transient' | 'fatal' | 'aborted';

const TRANSIENT_HTTP: ReadonlySet<string> = new Set([ErrorCode.HttpNetwork, ErrorCode.HttpTimeout]);

/** Which retry policy applies to an error thrown while fetching a page. */
export function classify(err: unknown, signal: AbortSignal): FailureKind {
  if (signal.aborted) return 'aborted';
  if (err instanceof RateLimitedError) return 'rate-limited';
  if (err instanceof StorelinkError && err.code === ErrorCode.RateLimited) return 'rate-limited';
  if (err instanceof TransientApiError) return 'transient';
  if (err instanceof StorelinkError && TRANSIENT_HTTP.has(err.code)) return 'transient';
  // fetch()-based hosts: "TypeError: fetch failed" wraps ECONNRESET / ECONNREFUSED and the like.
  if (err instanceof TypeError && /fetch failed/i.test(err.message)) return 'transient';
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|UND_ERR_SOCKET)$/.test(code)) return 'transient';
  return 'fatal';
}

/** Retry-After of a rate-limit error, in ms. */
export function retryAfterOf(err: unknown): number {
  if (err instanceof RateLimitedError) return err.retryAfterMs;
  const ms = (err as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  return typeof ms === 'number' && ms >= 0 ? ms : 1000;
}

/** The `{ code, message }` shown for a run that stopped on `err` (after retries, if any). */
export function failureView(err: unknown, kind: FailureKind, attempts: number): ErrorView {
  if (kind === 'rate-limited') {
    return {
      code: ErrorCode.RateLimited,
      message: `The store kept asking Storelink to slow down (${attempts} waits). Orders synced so far are kept; the next sync continues from there.`,
    };
  }
  if (kind === 'transient') {
    return {
      code: ErrorCode.SyncFailed,
      message: `The store could not be reached after ${attempts} tries. Orders synced so far are kept; the next sync continues from there.`,
    };
  }
  if (err instanceof StorelinkError) {
    return { code: err.code, message: `Order sync stopped: ${err.message}` };
  }
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'bad_response') {
    return new SyncError(
      ErrorCode.BadResponse,
      `The store sent orders Storelink could not read (${(err as Error).message}). Orders synced so far are kept.`,
    ).toView();
  }
  return {
    code: ErrorCode.SyncFailed,
    message: 'Order sync failed because of an unexpected problem. Orders synced so far are kept; details are in the diagnostics log.',
  };
}
