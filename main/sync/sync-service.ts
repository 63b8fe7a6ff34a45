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
  const store = new OrderStore(join(options.dataDir, ORDERS_DB_FILE));
  const queries = new SummaryQueries(store);
  const listeners = new Set<(v: SyncStatusView) => void>();
  const engine = new SyncEngine({
    store,
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
      // A cancelled run checks the signal before every commit (commits are synchronous), so
      // nothing of this connection is written after the delete.
      engine.discard(connectionId);
      return store.deleteConnection(connectionId);
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
      store.close();
    },
  };
}
