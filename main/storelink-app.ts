/**
 * Composes the connection core and the order sync service into the app the shell and the
 * end-to-end harness run (plain Node: no electron import). The sync engine reaches the platforms
 * only through the core's authorizedRequest, so no token ever reaches main/sync; disconnecting
 * deletes the connection's orders. The Demo store is composed here and passed to the core as a
 * LocalProviderPort: it starts when the first demo connect begins.
 */
import type { StorelinkCore } from './core/api.ts';
import { createStorelinkCore, type StorelinkCoreOptions } from './core/index.ts';
import { demoStoreProvider } from './demo-store/local-provider.ts';
import type { DemoStoreOptions } from './demo-store/index.ts';
import type { SyncApi } from './ipc/sync-api.ts';
import { join } from 'node:path';
import { createSyncService, ORDERS_DB_FILE, ORDERS_DB_RECOVERED_MESSAGE, type SyncService } from './sync/sync-service.ts';
import { ordersUnavailableMessage, unavailableSyncService } from './sync/unavailable-sync-service.ts';
import type { SyncRunEvent, SyncScheduleSource } from './sync/sync-scheduler.ts';

/** The OS time zone's offset from UTC in minutes at `atMs` (+60 for Paris in winter, -300 for New York). */
export function localOffsetMinutes(atMs: number): number {
  return -new Date(atMs).getTimezoneOffset();
}

export interface StorelinkAppOptions extends StorelinkCoreOptions {
  /** Background order sync period; default: the app settings' interval (issue 9); 0 = on demand only. */
  syncIntervalMs?: number;
  /** Sync a connection as soon as it is made or reconnected (issue 10 item 5); default true. */
  syncAfterConnect?: boolean;
  /** Options of the embedded demo store (tests shorten token lifetimes, seed fewer orders). */
  demoStore?: DemoStoreOptions;
}

export type StorelinkApp = StorelinkCore & {
  sync: SyncApi;
  syncService: SyncService;
};

/** The sync schedule from the app settings: their interval (unless the caller fixed one) and "pause all sync". */
function syncSchedule(core: StorelinkCore, fixedIntervalMs: number | undefined): SyncScheduleSource {
  return {
    get: () => {
      const s = core.appSettings.get();
      return { intervalMs: fixedIntervalMs ?? s.syncIntervalMinutes * 60_000, paused: s.syncPaused };
    },
    subscribe: (listener) => core.appSettings.subscribe(() => listener()),
  };
}

/** One activity row per sync start and end: result, orders, duration, automatic or on request (issue 10 item 5). */
function recordSyncRun(core: StorelinkCore, event: SyncRunEvent): void {
  const { connectionId, trigger } = event;
  if (event.phase === 'started') return core.recordSyncActivity({ kind: 'sync-started', connectionId, trigger });
  const { outcome, durationMs } = event;
  const kind = outcome.result === 'ok' ? 'sync-completed' : outcome.result === 'cancelled' ? 'sync-cancelled' : 'sync-failed';
  core.recordSyncActivity({
    kind,
    connectionId,
    trigger,
    orderCount: outcome.orders,
    durationMs,
    ...(outcome.result === 'failed' ? { reason: outcome.error?.message ?? 'the sync did not finish' } : {}),
  });
}

export async function createStorelinkApp(options: StorelinkAppOptions): Promise<StorelinkApp> {
  const demo = demoStoreProvider(options.demoStore);
  const core = await createStorelinkCore({ ...options, localProviders: [demo, ...(options.localProviders ?? [])] });
  let service: SyncService;
  let ordersUnavailable: string | undefined;
  try {
    service = createSyncService({
      dataDir: options.dataDir,
      host: {
        listTargets: () => core.syncTargets(),
        request: (connectionId, req) => core.authorizedRequest(connectionId, req),
      },
      ...(options.clock ? { clock: options.clock } : {}),
      schedule: syncSchedule(core, options.syncIntervalMs),
      onRun: (event) => recordSyncRun(core, event),
    });
  } catch (err) {
    // security.md #44: the app starts without orders and says why
    const dbPath = join(options.dataDir, ORDERS_DB_FILE);
    options.logger?.warn('the order database could not be opened', { error: err instanceof Error ? err.name : String(err) });
    ordersUnavailable = ordersUnavailableMessage(dbPath);
    service = unavailableSyncService(dbPath);
  }
  core.onDisconnect((connectionId) => service.deleteConnection(connectionId));
  // issue 10 item 5: a new or reconnected connection shows its orders now, not at the next tick
  // (only a connection whose platform has orders: a sign-in-only provider has nothing to sync)
  if (options.syncAfterConnect !== false) {
    core.on('connectionMade', (connectionId) => {
      if (core.syncTargets().some((t) => t.connectionId === connectionId && t.active)) void service.syncNow(connectionId, 'automatic');
    });
  }
  const coreNotices = core.listNotices.bind(core);
  const startedAt = Date.now();
  core.listNotices = () => [
    ...coreNotices(),
    ...(service.movedAside ? [{ id: 'orders-db', kind: 'orders-db-recovered' as const, at: startedAt, message: ORDERS_DB_RECOVERED_MESSAGE }] : []),
    ...(ordersUnavailable ? [{ id: 'orders-db-unavailable', kind: 'orders-db-unavailable' as const, at: startedAt, message: ordersUnavailable }] : []),
  ];
  const sync: SyncApi = {
    async syncNow(req) {
      void service.syncNow(req.connectionId, 'on-request'); // progress arrives as events; never rejects
    },
    async cancelSync(req) {
      service.cancelSync(req.connectionId);
    },
    listSyncStatus: async () => service.listSyncStatus(),
    // Days in the chart and totals are the admin's local days (the OS offset at the end of the range).
    ordersSummary: async (q) => service.ordersSummary(q, { tzOffsetMinutes: localOffsetMinutes(q.toMs) }),
    ordersPage: async (q) => service.ordersPage(q),
    onProgress: (listener) => service.onProgress(listener),
  };
  const close = core.close.bind(core);
  return Object.assign(core, {
    sync,
    syncService: service,
    async close() {
      await service.close();
      await close();
    },
  });
}
