/**
 * The sync module's entry point for the app: opens the orders database in the data folder and
 * wires store, engine, scheduler and queries. The IPC layer's SyncApi uses syncNow, cancelSync,
 * listSyncStatus, ordersSummary and ordersPage; the core's onDisconnect hook uses deleteConnection.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { OrderSummaryView, OrdersPageQuery, OrdersPageView, SummaryQuery, SyncStatusView } from '../../shared/view-models.ts';
import type { ClockPort } from '../core/ports.ts';
import { ORDER_ADAPTERS } from './adapters/index.ts';
import type { OrderAdapter } from './order-adapter.ts';
import { OrderStore } from './order-store.ts';
import { createPageWriter } from './page-writer.ts';
import { SummaryQueries, type SummaryOptions } from './summary-queries.ts';
import { SyncEngine, type RunOutcome } from './sync-engine.ts';
import type { SyncHost } from './sync-host.ts';
import { SyncScheduler } from './sync-scheduler.ts';

export const ORDERS_DB_FILE = 'orders.sqlite';

export interface SyncServiceOptions {
  dataDir: string;
  host: SyncHost;
  adapters?: Record<string, OrderAdapter>;
  clock?: ClockPort;
  /** Background period (default 15 min); 0 = on demand only. */
  intervalMs?: number;
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
  syncNow(connectionId?: string): Promise<RunOutcome[]>;
  cancelSync(connectionId: string): void;
  listSyncStatus(): SyncStatusView[];
  ordersSummary(q: SummaryQuery, options?: SummaryOptions): OrderSummaryView;
  ordersPage(q: OrdersPageQuery): OrdersPageView;
  /** Cancels the connection's sync and deletes its orders and checkpoint; returns orders deleted. */
  deleteConnection(connectionId: string): number;
  /** Registers a progress listener; returns an unsubscribe function. */
  onProgress(listener: (v: SyncStatusView) => void): () => void;
  /** Set when an unreadable database file was moved aside at open (security.md #34). */
  readonly movedAside: string | undefined;
  close(): Promise<void>;
}

export function createSyncService(options: SyncServiceOptions): SyncService {
  mkdirSync(options.dataDir, { recursive: true });
  const dbPath = join(options.dataDir, ORDERS_DB_FILE);
  const store = new OrderStore(dbPath, { dayOffsets: options.dayOffsets ?? osDayOffsets() });
  // Reads (summaries, status) stay on `store` in this thread; pages are written by the writer.
  const writer = createPageWriter(store, dbPath, { worker: options.writerThread ?? true });
  const queries = new SummaryQueries(store);
  const listeners = new Set<(v: SyncStatusView) => void>();
  const engine = new SyncEngine({
    store,
    writer,
    host: options.host,
    adapters: options.adapters ?? ORDER_ADAPTERS,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.random ? { random: options.random } : {}),
    onProgress: (v) => {
      for (const l of listeners) l(v);
    },
  });
  const scheduler = new SyncScheduler({
    engine,
    host: options.host,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.intervalMs !== undefined ? { intervalMs: options.intervalMs } : {}),
    ...(options.launchDelayMs !== undefined ? { launchDelayMs: options.launchDelayMs } : {}),
  });
  scheduler.start();
  let closed = false;

  return {
    syncNow: (connectionId) => (closed ? Promise.resolve([]) : scheduler.syncNow(connectionId)),
    cancelSync: (connectionId) => void scheduler.cancel(connectionId),
    listSyncStatus: () => scheduler.status(),
    ordersSummary: (q, opts) => queries.summary(q, opts),
    ordersPage: (q) => queries.ordersPage(q),
    deleteConnection(connectionId) {
      // A cancelled run checks the signal before sending every commit, so at most the page already
      // sent to the writer lands after this delete; the sweep, queued behind it, removes it too.
      engine.discard(connectionId);
      const deleted = store.deleteConnection(connectionId);
      writer.sweep(connectionId).catch(() => {});
      return deleted;
    },
    onProgress(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    movedAside: store.movedAside,
    async close() {
      if (closed) return;
      closed = true;
      scheduler.stop();
      engine.cancelAll();
      await engine.idle();
      await writer.close();
      store.close();
    },
  };
}
