/**
 * The order sync engine: per connection, at most one run at a time; each run resumes from its
 * checkpoint or starts a new incremental run, fetches pages through the platform's adapter and
 * commits every page together with the next checkpoint (security.md #34, #35). Rate limits and
 * transient failures are retried a bounded number of times with jitter (security.md #36).
 *
 * Incremental window: a new run asks for orders updated since (watermark - overlapMs). The
 * watermark is the largest updated_at the platform returned, i.e. platform time, so local clock
 * skew does not matter; the overlap (default 60 s) covers orders whose updated_at ties the
 * watermark but were written after we read (second-granularity filters) and platform search
 * indexes that lag a few seconds behind writes (Shopify and Square search filters). Re-reading a
 * minute of orders is harmless: the store upserts by (connection, platform id).
 */
import type { ErrorView } from '../../shared/error-codes.ts';
import { ErrorCode } from '../../shared/error-codes.ts';
import type { SyncState, SyncStatusView } from '../../shared/view-models.ts';
import { systemClock, type ClockPort } from '../core/ports.ts';
import type { OrderAdapter } from './order-adapter.ts';
import type { OrderStore } from './order-store.ts';
import { inlineWriter, type PageWriter } from './page-writer.ts';
import { PageFetcher, PageFetcherFailure, SyncAbortedError } from './page-fetcher.ts';
import { failureView } from './sync-errors.ts';
import type { SyncHost, SyncTarget } from './sync-host.ts';
import { RunProgress } from './run-progress.ts';

export interface SyncEngineOptions {
  store: OrderStore;
  /** Where pages are committed (default inline on `store`; see main/sync/page-writer.ts). */
  writer?: PageWriter;
  host: SyncHost;
  adapters: Record<string, OrderAdapter>;
  clock?: ClockPort;
  random?: () => number;
  onProgress?: (v: SyncStatusView) => void;
  /** Called with every run's outcome when the run ends (warnings become notices: main/sync/run-warnings.ts). */
  onOutcome?: (o: RunOutcome) => void;
  /** Retries of one page after transient failures (5xx, network); default 5. */
  maxRetries?: number;
  /** Rate-limit waits allowed for one page; default 10. */
  maxRateLimitWaits?: number;
  /** Exponential back-off: base and cap of the full-jitter delay; default 500 ms and 30 s. */
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** See the file comment; default 60 s. */
  overlapMs?: number;
}

export interface RunOutcome {
  connectionId: string;
  result: 'ok' | 'failed' | 'cancelled';
  pages: number;
  orders: number;
  error?: ErrorView;
  /** Distinct adapter warnings of this run (PageResult.warnings), for the admin; plain words, no secrets. */
  warnings?: string[];
  /** Orders of this run stored as "needs attention" (money that could not be read, issue 8); absent when none. */
  needsAttention?: number;
}

interface ActiveRun {
  controller: AbortController;
  promise: Promise<RunOutcome>;
  progress: RunProgress;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** Pages handed to the writer but not yet committed, at most (bounded memory: 8 pages of <= 250 orders). */
export const MAX_IN_FLIGHT = 8;
let runCounter = 0;

export class SyncEngine {
  readonly #o: Required<Omit<SyncEngineOptions, 'onProgress' | 'onOutcome'>> & Pick<SyncEngineOptions, 'onProgress' | 'onOutcome'>;
  readonly #runs = new Map<string, ActiveRun>();
  readonly #discarded = new Set<string>();

  constructor(options: SyncEngineOptions) {
    this.#o = {
      clock: systemClock,
      random: Math.random,
      maxRetries: 5,
      maxRateLimitWaits: 10,
      backoffBaseMs: 500,
      backoffCapMs: 30_000,
      overlapMs: 60_000,
      writer: inlineWriter(options.store),
      ...options,
    };
  }

  /** Starts a run for the connection, or joins the one already running. Never rejects. */
  syncNow(connectionId: string): Promise<RunOutcome> {
    const running = this.#runs.get(connectionId);
    if (running) return running.promise;
    const controller = new AbortController();
    const progress = new RunProgress(this.#o.clock.now());
    const promise = this.#run(connectionId, controller.signal, progress)
      .then((outcome) => {
        try {
          if (!this.#discarded.has(connectionId)) this.#o.onOutcome?.(outcome);
        } catch {
          // a listener's failure must not change the outcome
        }
        return outcome;
      })
      .finally(() => {
        this.#runs.delete(connectionId);
        this.#emit(connectionId);
      });
    this.#runs.set(connectionId, { controller, promise, progress });
    this.#emit(connectionId);
    return promise;
  }

  /** Cancels the connection's run, if any; the run ends with lastResult 'cancelled'. */
  cancel(connectionId: string): boolean {
    const run = this.#runs.get(connectionId);
    run?.controller.abort();
    return run !== undefined;
  }

  /** Cancels every run in progress. */
  cancelAll(): void {
    for (const run of this.#runs.values()) run.controller.abort();
  }

  /** Cancels the connection's run and records nothing more for it (its data is being deleted). */
  discard(connectionId: string): void {
    this.#discarded.add(connectionId);
    const run = this.#runs.get(connectionId);
    run?.controller.abort();
    if (run) void run.promise.finally(() => this.#discarded.delete(connectionId));
    else this.#discarded.delete(connectionId);
  }

  isRunning(connectionId: string): boolean {
    return this.#runs.has(connectionId);
  }

  /** Waits for every run in progress to end. */
  async idle(): Promise<void> {
    await Promise.all([...this.#runs.values()].map((r) => r.promise));
  }

  status(connectionId: string): SyncStatusView {
    const run = this.#runs.get(connectionId);
    const orderCount = this.#o.store.orderCount(connectionId);
    if (run) return { connectionId, state: run.progress.view(), orderCount };
    const rec = this.#o.store.getCheckpoint(connectionId);
    const state: SyncState = { kind: 'idle' };
    if (rec?.lastSyncAt != null) state.lastSyncAt = rec.lastSyncAt;
    if (rec?.lastResult) state.lastResult = rec.lastResult;
    if (rec?.lastErrorCode) state.lastError = { code: rec.lastErrorCode as ErrorCode, message: rec.lastErrorMessage ?? '' };
    return { connectionId, state, orderCount };
  }

  #emit(connectionId: string): void {
    try {
      this.#o.onProgress?.(this.status(connectionId));
    } catch {
      // a listener's failure must not stop the sync
    }
  }

  async #run(connectionId: string, signal: AbortSignal, progress: RunProgress): Promise<RunOutcome> {
    const { store, clock } = this.#o;
    const warnings = new Set<string>();
    const tally = { needsAttention: 0 };
    const finish = (result: RunOutcome['result'], error?: ErrorView): RunOutcome => {
      if (!this.#discarded.has(connectionId)) {
        try {
          store.recordResult(connectionId, { at: clock.now(), result, errorCode: error?.code, errorMessage: error?.message });
        } catch {
          // the database is closing; the outcome is still returned
        }
      }
      return {
        connectionId,
        result,
        pages: progress.pages,
        orders: progress.orders,
        ...(error ? { error } : {}),
        ...(warnings.size > 0 ? { warnings: [...warnings] } : {}),
        ...(tally.needsAttention > 0 ? { needsAttention: tally.needsAttention } : {}),
      };
    };
    const target = this.#o.host.listTargets().find((t) => t.connectionId === connectionId);
    const adapter = target ? this.#o.adapters[target.adapterId] : undefined;
    if (!target) return finish('failed', { code: ErrorCode.ConnectionNotFound, message: 'This store connection no longer exists.' });
    if (!target.active) {
      return finish('failed', { code: ErrorCode.NeedsReauthorization, message: 'This store needs to be reconnected before its orders can sync.' });
    }
    if (!adapter) return finish('failed', { code: ErrorCode.UnknownProvider, message: 'Storelink cannot read orders from this kind of store yet.' });
    try {
      await this.#pages(target, adapter, signal, progress, warnings, tally);
      return finish('ok');
    } catch (err) {
      if (err instanceof SyncAbortedError || signal.aborted) return finish('cancelled');
      const kind = err instanceof PageFetcherFailure ? err.kind : 'fatal';
      const cause: unknown = err instanceof PageFetcherFailure ? err.cause : err;
      const attempts = err instanceof PageFetcherFailure ? err.attempts : 1;
      return finish('failed', failureView(cause, kind, attempts));
    }
  }

  async #pages(
    target: SyncTarget,
    adapter: OrderAdapter,
    signal: AbortSignal,
    progress: RunProgress,
    warnings: Set<string>,
    tally: { needsAttention: number },
  ): Promise<void> {
    const { store, clock } = this.#o;
    const id = target.connectionId;
    let cp = store.getCheckpoint(id);
    const revision = adapter.revision ?? 1;
    const readWith = cp ? (cp.adapterRevision ?? 1) : undefined;
    if (readWith === undefined || readWith < revision) {
      // A first run records the adapter's revision; orders read by an older revision are read again
      // from the start (order-adapter.ts `revision`, order-schema.ts V5).
      store.setAdapterRevision(id, revision, readWith !== undefined);
      cp = store.getCheckpoint(id);
    }
    let updatedSince: string | undefined;
    let page: string | undefined;
    let runMax: number | undefined;
    if (cp?.page) {
      // resume the interrupted run exactly where its last committed page left it
      updatedSince = cp.updatedSince ?? undefined;
      page = cp.page;
      runMax = cp.runMaxUpdated ? Date.parse(cp.runMaxUpdated) : undefined;
    } else if (cp?.updatedSince) {
      const watermark = Date.parse(cp.updatedSince);
      updatedSince = iso(watermark - this.#o.overlapMs);
      runMax = watermark;
    }
    progress.begin(clock.now());
    const fetcher = new PageFetcher({
      ...this.#o,
      adapter,
      ctx: { request: (req) => this.#o.host.request(id, req), fields: target.fields, signal },
      onWait: (until) => {
        progress.waitingUntil = until;
        this.#emit(id);
      },
    });
    const writer = this.#o.writer;
    // Up to MAX_IN_FLIGHT commits in flight: pages are written (group-committed by the worker
    // writer) while the next ones are fetched and parsed. Commits land in order, so the newest
    // promise settling means every earlier page is durable too.
    const inFlight: Promise<void>[] = [];
    const runNumber = ++runCounter;
    let committing: Promise<void> | undefined;
    let next = fetcher.fetch({ updatedSince, page });
    try {
      for (;;) {
        const result = await next;
        if (signal.aborted) throw new SyncAbortedError();
        for (const w of result.warnings ?? []) if (warnings.size < 20) warnings.add(w);
        for (const o of result.orders) {
          if (runMax === undefined || o.updatedAt > runMax) runMax = o.updatedAt;
          if (o.attention) tally.needsAttention++;
        }
        const done = !result.nextPage;
        const wait = result.waitBeforeNextMs && result.waitBeforeNextMs > 0 ? result.waitBeforeNextMs : 0;
        // Prefetch the next page while this one is committed, unless the platform asked us to wait.
        if (!done && !wait) {
          next = fetcher.fetch({ updatedSince, page: result.nextPage });
          next.catch(() => {});
          // let the HTTP client put the request on the wire before a synchronous commit blocks
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
        while (inFlight.length >= MAX_IN_FLIGHT) await inFlight.shift();
        // checked before every commit: nothing is sent after a cancel or discard
        if (signal.aborted) throw new SyncAbortedError();
        const orders = result.orders;
        committing = writer
          .commit(
            id,
            orders,
            done
              ? { updatedSince: runMax !== undefined ? iso(runMax) : null, page: null, runMaxUpdated: null }
              : { updatedSince: updatedSince ?? null, page: result.nextPage!, runMaxUpdated: runMax !== undefined ? iso(runMax) : null },
            runNumber,
          )
          .then(() => {
            progress.pageCommitted(orders, clock.now());
            this.#emit(id);
          });
        committing.catch(() => {}); // awaited below; never an unhandled rejection meanwhile
        inFlight.push(committing);
        if (done) {
          await committing;
          return;
        }
        if (wait) {
          await committing;
          await fetcher.sleep(wait, true);
          next = fetcher.fetch({ updatedSince, page: result.nextPage });
        }
      }
    } finally {
      // the run ends (and its result is recorded) only after its last page landed or failed
      if (committing) await committing.catch(() => {});
    }
  }
}
