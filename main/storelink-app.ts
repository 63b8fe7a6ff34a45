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
import { syncWarningNotices } from './sync/sync-warning-notices.ts';
import { ordersUnavailableMessage, unavailableSyncService } from './sync/unavailable-sync-service.ts';

/** The OS time zone's offset from UTC in minutes at `atMs` (+60 for Paris in winter, -300 for New York). */
export function localOffsetMinutes(atMs: number): number {
  return -new Date(atMs).getTimezoneOffset();
}

export interface StorelinkAppOptions extends StorelinkCoreOptions {
  /** Background order sync period, default 15 minutes; 0 = on demand only. */
  syncIntervalMs?: number;
  /** Options of the embedded demo store (tests shorten token lifetimes, seed fewer orders). */
  demoStore?: DemoStoreOptions;
}

export type StorelinkApp = StorelinkCore & {
  sync: SyncApi;
  syncService: SyncService;
};

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
      ...(options.syncIntervalMs !== undefined ? { intervalMs: options.syncIntervalMs } : {}),
    });
  } catch (err) {
    // security.md #44: the app starts without orders and says why
    const dbPath = join(options.dataDir, ORDERS_DB_FILE);
    options.logger?.warn('the order database could not be opened', { error: err instanceof Error ? err.name : String(err) });
    ordersUnavailable = ordersUnavailableMessage(dbPath);
    service = unavailableSyncService(dbPath);
  }
  core.onDisconnect((connectionId) => service.deleteConnection(connectionId));
  const coreNotices = core.listNotices.bind(core);
  const startedAt = Date.now();
  core.listNotices = () => [
    ...coreNotices(),
    ...(service.movedAside ? [{ id: 'orders-db', kind: 'orders-db-recovered' as const, at: startedAt, message: ORDERS_DB_RECOVERED_MESSAGE }] : []),
    ...(ordersUnavailable ? [{ id: 'orders-db-unavailable', kind: 'orders-db-unavailable' as const, at: startedAt, message: ordersUnavailable }] : []),
    ...syncWarningNotices(service.warnings(), core.listConnections()),
  ];
  const sync: SyncApi = {
    async syncNow(req) {
      void service.syncNow(req.connectionId); // progress arrives as events; never rejects
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
