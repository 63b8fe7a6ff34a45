/**
 * The sync module's entry point for the app: opens the orders database in the data folder and
 * wires store, engine, scheduler and queries. The IPC layer's SyncApi uses syncNow, cancelSync,
 * listSyncStatus, ordersSummary and ordersPage; the core's onDisconnect hook uses deleteConnection.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { OrderRowView, OrderSummaryView, OrdersPageQuery, OrdersPageView, SummaryQuery, SyncStatusView } from '../../shared/view-models.ts';
import type { ClockPort } from '../core/ports.ts';
import { ORDER_ADAPTERS } from './adapters/index.ts';
import type { OrderAdapter } from './order-adapter.ts';
import { ErrorCode } from '../../shared/error-codes.ts';
import { StorageError } from '../core/errors.ts';
import { OrderStore, isCorruption, moveDatabaseAside } from './order-store.ts';
import { createPageWriter } from './page-writer.ts';
import { SummaryQueries, type OrdersFilter, type OrdersOptions, type SummaryOptions } from './summary-queries.ts';
import { SyncEngine, type RunOutcome } from './sync-engine.ts';
import type { SyncHost } from './sync-host.ts';
import { SyncScheduler, type SyncRunEvent, type SyncScheduleSource, type SyncTrigger } from './sync-scheduler.ts';
import { RunWarnings, type SyncWarning } from './run-warnings.ts';

export const ORDERS_DB_FILE = 'orders.sqlite';

export interface SyncServiceOptions {
  dataDir: string;
  host: SyncHost;
  adapters?: Record<string, OrderAdapter>;
  clock?: ClockPort;
  /** Background period (default 15 min); 0 = on demand only. */
  intervalMs?: number;
  /** Live interval and "pause all sync" (the app settings, issue 9); overrides `intervalMs`. */
  schedule?: SyncScheduleSource;
  /** Each sync run's start and end (issue 10 item 5: activity rows). */
  onRun?: (event: SyncRunEvent) => void;
  launchDelayMs?: number;
  random?: () => number;
  /**
   * Offsets (minutes east of UTC) whose local days get a day rollup, so summaries with those day
   * boundaries stay fast; default osDayOffsets(). Changing the set rebuilds the rollup on open.
   */
  dayOffsets?: readonly number[];
  /** Commit pages in a worker thread (default true; inline when the worker script is not shipped). */
  writerThread?: boolean;
}

/** The OS time zone's offsets this year: standard and, where observed, summer time. */
export function osDayOffsets(year = new Date().getFullYear()): number[] {
  return [...new Set([0, 6].map((month) => -new Date(year, month, 1).getTimezoneOffset()))];
}

export interface SyncService {
  /** Resolves when the run(s) end (an IPC handler may return without awaiting); never rejects. */
  syncNow(connectionId?: string, trigger?: SyncTrigger): Promise<RunOutcome[]>;
  cancelSync(connectionId: string): void;
  listSyncStatus(): SyncStatusView[];
  ordersSummary(q: SummaryQuery, options?: SummaryOptions): OrderSummaryView;
  /** `options.excludeConnectionIds`: duplicates of a store left out of All stores (summary-queries.ts). */
  ordersPage(q: OrdersPageQuery, options?: OrdersOptions): OrdersPageView;
  /** Every order of the filter, streamed from SQLite (the CSV export). */
  iterateOrders(q: OrdersFilter, options?: OrdersOptions): Iterable<OrderRowView>;
  /** Cancels the connection's sync and deletes its orders and checkpoint; returns orders deleted. */
  deleteConnection(connectionId: string): number;
  /** Registers a progress listener; returns an unsubscribe function. */
  onProgress(listener: (v: SyncStatusView) => void): () => void;
  /** Set when a damaged database file was moved aside, at open or later (security.md #34, #45). */
  readonly movedAside: string | undefined;
  /** Warnings of each connection's latest run, for notices (run-warnings.ts). */
  warnings(): SyncWarning[];
  close(): Promise<void>;
}

/** Plain words for the admin when the order database was damaged and set aside (security.md #45). */
export const ORDERS_DB_RECOVERED_MESSAGE =
  'The order database was damaged, so Storelink set it aside and started a new one. Your orders are being synced again from your stores; totals fill in as they arrive.';

export function createSyncService(options: SyncServiceOptions): SyncService {
  mkdirSync(options.dataDir, { recursive: true });
  const dbPath = join(options.dataDir, ORDERS_DB_FILE);
  const dayOffsets = options.dayOffsets ?? osDayOffsets();
  const listeners = new Set<(v: SyncStatusView) => void>();
  let closed = false;
  let movedAside: string | undefined;
  let recovering: Promise<void> | undefined;
  const runWarnings = new RunWarnings();
  const now = () => options.clock?.now() ?? Date.now();

  /** Store, writer, queries, engine and scheduler over one database file; rebuilt after corruption. */
  function open() {
    const store = new OrderStore(dbPath, { dayOffsets });
    // Reads (summaries, status) stay on `store` in this thread; pages are written by the writer.
    const writer = createPageWriter(store, dbPath, { worker: options.writerThread ?? true });
    const queries = new SummaryQueries(store);
    const late: { scheduler?: SyncScheduler } = {}; // the engine reports progress only after the scheduler exists
    const engine = new SyncEngine({
      store,
      writer,
      host: options.host,
      adapters: options.adapters ?? ORDER_ADAPTERS,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.random ? { random: options.random } : {}),
      onOutcome: (o) => runWarnings.record(o, now()),
      onProgress: (raw) => {
        // issue 10 item 5: the view after a run carries the next run (or "paused"), also after Sync now
        const v = late.scheduler
          ? late.scheduler.decorate(raw, options.host.listTargets().find((t) => t.connectionId === raw.connectionId)?.active ?? false)
          : raw;
        for (const l of listeners) l(v);
        // a run that failed may have met a damaged page in the writer thread: check the file
        if (v.state.kind === 'idle' && v.state.lastResult === 'failed') queueMicrotask(checkAfterFailure);
      },
    });
    const scheduler = new SyncScheduler({
      engine,
      host: options.host,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.intervalMs !== undefined ? { intervalMs: options.intervalMs } : {}),
      ...(options.schedule ? { schedule: options.schedule } : {}),
      ...(options.onRun ? { onRun: options.onRun } : {}),
      ...(options.launchDelayMs !== undefined ? { launchDelayMs: options.launchDelayMs } : {}),
      // paused / resumed / new interval: the idle views changed without a run, so send them again
      // (the window otherwise keeps showing the old next run instead of "Paused")
      onScheduleChange: () => {
        for (const v of scheduler.status()) if (v.state.kind === 'idle') for (const l of listeners) l(v);
      },
    });
    late.scheduler = scheduler;
    scheduler.start();
    return { store, writer, queries, engine, scheduler };
  }

  let parts = open();
  movedAside = parts.store.movedAside;

  async function shutDown(p: typeof parts): Promise<void> {
    p.scheduler.stop();
    p.engine.cancelAll();
    await p.engine.idle();
    await p.writer.close().catch(() => {});
    p.store.close();
  }

  /**
   * security.md #45: the file (and its -wal/-shm) is moved aside, a fresh database (with no
   * checkpoints) replaces it, and every connection is synced again from the start.
   */
  function recover(): Promise<void> {
    recovering ??= (async () => {
      const old = parts;
      await shutDown(old);
      if (closed) return;
      movedAside = moveDatabaseAside(dbPath);
      parts = open();
      void parts.scheduler.syncNow();
    })().finally(() => (recovering = undefined));
    return recovering;
  }

  function checkAfterFailure(): void {
    if (closed || recovering) return;
    try {
      parts.store.checkIntegrity();
    } catch (err) {
      if (isCorruption(err)) void recover();
    }
  }

  /** Runs a read on the current store; a damaged file starts recovery and answers in plain words. */
  function guard<T>(read: () => T): T {
    if (recovering) throw new StorageError(ErrorCode.SyncFailed, ORDERS_DB_RECOVERED_MESSAGE);
    try {
      return read();
    } catch (err) {
      if (!isCorruption(err)) throw err;
      void recover();
      throw new StorageError(ErrorCode.SyncFailed, ORDERS_DB_RECOVERED_MESSAGE, { cause: err });
    }
  }

  return {
    async syncNow(connectionId, trigger) {
      if (closed) return [];
      if (recovering) await recovering;
      const outcomes = await parts.scheduler.syncNow(connectionId, trigger);
      if (outcomes.some((o) => o.result === 'failed')) checkAfterFailure();
      return outcomes;
    },
    cancelSync: (connectionId) => void parts.scheduler.cancel(connectionId),
    listSyncStatus: () => guard(() => parts.scheduler.status()),
    ordersSummary: (q, opts) => guard(() => parts.queries.summary(q, opts)),
    ordersPage: (q, opts) => guard(() => parts.queries.ordersPage(q, opts)),
    *iterateOrders(q, opts) {
      // the first row is read inside guard (a damaged file starts recovery); the rest stream
      const rows = guard(() => parts.queries.iterateOrders(q, opts));
      try {
        let next = guard(() => rows.next());
        while (!next.done) {
          yield next.value;
          next = guard(() => rows.next());
        }
      } finally {
        rows.return(undefined); // an export that stopped early releases its statement now
      }
    },
    deleteConnection(connectionId) {
      // A cancelled run checks the signal before sending every commit, so at most the page already
      // sent to the writer lands after this delete; the sweep, queued behind it, removes it too.
      const { engine, store, writer } = parts;
      engine.discard(connectionId);
      runWarnings.forget(connectionId);
      const deleted = guard(() => store.deleteConnection(connectionId));
      writer.sweep(connectionId).catch(() => {});
      return deleted;
    },
    onProgress(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get movedAside() {
      return movedAside;
    },
    warnings: () => runWarnings.list(),
    async close() {
      if (closed) return;
      closed = true;
      if (recovering) await recovering;
      await shutDown(parts);
    },
  };
}
