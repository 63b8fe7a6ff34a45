/**
 * Fetches one page through an adapter with the retry policy of security.md #36: a rate limit waits
 * `Retry-After` plus a little jitter and retries the same page (bounded); a transient failure
 * (5xx, network) backs off exponentially with full jitter (AWS Architecture Blog, "Exponential
 * Backoff and Jitter": sleep = random(0, min(cap, base * 2^attempt))) up to maxRetries. Waits use
 * the ClockPort and end early on cancel.
 */
import type { ClockPort } from '../core/ports.ts';
import type { AdapterContext, OrderAdapter, PageRequest, PageResult } from './order-adapter.ts';
import { classify, retryAfterOf, type FailureKind } from './sync-errors.ts';

export class SyncAbortedError extends Error {
  override readonly name = 'SyncAbortedError';
  constructor() {
    super('sync cancelled');
  }
}

/** A page could not be fetched within the retry budget (or failed in a way not worth retrying). */
export class PageFetcherFailure extends Error {
  override readonly name = 'PageFetcherFailure';
  readonly kind: FailureKind;
  readonly attempts: number;
  constructor(kind: FailureKind, attempts: number, cause: unknown) {
    super(`page fetch failed (${kind}) after ${attempts} attempt(s)`, { cause });
    this.kind = kind;
    this.attempts = attempts;
  }
}

export interface PageFetcherOptions {
  adapter: OrderAdapter;
  ctx: AdapterContext;
  clock: ClockPort;
  random: () => number;
  maxRetries: number;
  maxRateLimitWaits: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  /** Called with the end of a rate-limit wait when it starts, and undefined when it ends. */
  onWait: (until: number | undefined) => void;
}

export class PageFetcher {
  readonly #o: PageFetcherOptions;

  constructor(options: PageFetcherOptions) {
    this.#o = options;
  }

  async fetch(request: PageRequest): Promise<PageResult> {
    const { adapter, ctx, random } = this.#o;
    let failures = 0;
    let waits = 0;
    for (;;) {
      if (ctx.signal.aborted) throw new SyncAbortedError();
      try {
        return await adapter.fetchPage(ctx, request);
      } catch (err) {
        const kind = classify(err, ctx.signal);
        if (kind === 'aborted') throw new SyncAbortedError();
        if (kind === 'rate-limited') {
          if (++waits > this.#o.maxRateLimitWaits) throw new PageFetcherFailure(kind, waits - 1, err);
          const ms = retryAfterOf(err);
          await this.sleep(ms + random() * Math.min(1000, 100 + ms / 10), true);
        } else if (kind === 'transient') {
          if (++failures > this.#o.maxRetries) throw new PageFetcherFailure(kind, failures, err);
          await this.sleep(random() * Math.min(this.#o.backoffCapMs, this.#o.backoffBaseMs * 2 ** (failures - 1)), false);
        } else {
          throw new PageFetcherFailure('fatal', failures + 1, err);
        }
      }
    }
  }

  /** Waits `ms` on the clock; rejects with SyncAbortedError on cancel. `announce` reports waitingUntil. */
  sleep(ms: number, announce: boolean): Promise<void> {
    const { clock, ctx, onWait } = this.#o;
    const signal = ctx.signal;
    if (signal.aborted) return Promise.reject(new SyncAbortedError());
    if (announce) onWait(clock.now() + ms);
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        timer.cancel();
        if (announce) onWait(undefined);
        reject(new SyncAbortedError());
      };
      const timer = clock.setTimeout(
        () => {
          signal.removeEventListener('abort', onAbort);
          if (announce) onWait(undefined);
          resolve();
        },
        Math.max(0, ms),
      );
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
