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
import { DEMO_STATE_FILE } from './demo-store/persisted-state.ts';
import type { SyncApi } from './ipc/sync-api.ts';
import type { HealthSync } from './core/lifecycle/connection-health.ts';
import { join } from 'node:path';
import { createSyncService, ORDERS_DB_FILE, ORDERS_DB_RECOVERED_MESSAGE, type SyncService } from './sync/sync-service.ts';
import { syncWarningNotices } from './sync/sync-warning-notices.ts';
import { ordersUnavailableMessage, unavailableSyncService } from './sync/unavailable-sync-service.ts';
import { createExportService, type ExportApi, type SaveDialogPort } from './export/export-service.ts';
import type { OrderAdminApi } from './ipc/app-apis.ts';
import { adminOrderLink, isAllowedAdminUrl, AdminLinkError } from './core/providers/admin-url.ts';
import { ErrorCode, StorelinkError } from './core/errors.ts';
import type { SyncRunEvent, SyncScheduleSource } from './sync/sync-scheduler.ts';

/** The OS time zone's offset from UTC in minutes at `atMs` (+60 for Paris in winter, -300 for New York). */
export function localOffsetMinutes(atMs: number): number {
  return -new Date(atMs).getTimezoneOffset();
}

/** The last sync result per connection, as the status derivation reads it. */
/**
 * One entry per connection the service syncs (its platform has orders): the last ended run, or none
 * yet ("Not synced yet", issue 10 item 5). While a run is going the card keeps the previous result.
 */
function syncHealthOf(service: SyncService, lastEnded: Map<string, HealthSync>): Map<string, HealthSync> {
  const out = new Map<string, HealthSync>();
  let list: ReturnType<SyncService['listSyncStatus']>;
  try {
    list = service.listSyncStatus();
  } catch {
    return out; // the order database is unavailable: the cards say so elsewhere
  }
  for (const s of list) {
    if (s.state.kind === 'idle' && s.state.lastResult !== undefined) {
      lastEnded.set(s.connectionId, {
        lastResult: s.state.lastResult,
        ...(s.state.lastSyncAt !== undefined ? { lastSyncAt: s.state.lastSyncAt } : {}),
        ...(s.state.lastError ? { lastError: s.state.lastError.message } : {}),
      });
    }
    out.set(s.connectionId, lastEnded.get(s.connectionId) ?? {});
  }
  return out;
}

export interface StorelinkAppOptions extends StorelinkCoreOptions {
  /** Background order sync period; default: the app settings' interval (issue 9); 0 = on demand only. */
  syncIntervalMs?: number;
  /** Sync a connection as soon as it is made or reconnected (issue 10 item 5); default true. */
  syncAfterConnect?: boolean;
  /** Options of the embedded demo store (tests shorten token lifetimes, seed fewer orders). */
  demoStore?: DemoStoreOptions;
  /** Where the admin chooses export files (Electron: dialog.showSaveDialog). Without it, export says it is unavailable. */
  saveDialog?: SaveDialogPort;
}

export type StorelinkApp = StorelinkCore & {
  sync: SyncApi;
  syncService: SyncService;
  exports?: ExportApi;
  orderAdmin: OrderAdminApi;
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
  // The demo store keeps its store id, port and token records in the data folder (survives restarts).
  const demo = demoStoreProvider({ stateFile: join(options.dataDir, DEMO_STATE_FILE), ...options.demoStore });
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
  // The cards' status words include the last sync result (main/core/lifecycle/connection-health.ts).
  const lastEndedSyncs = new Map<string, HealthSync>();
  const syncHealthChanged = core.attachSyncHealth(() => syncHealthOf(service, lastEndedSyncs));
  let lastResults = new Map<string, string | undefined>();
  service.onProgress((v) => {
    if (v.state.kind !== 'idle') return;
    const key = `${v.state.lastResult}:${v.state.lastError?.message ?? ''}`;
    if (lastResults.get(v.connectionId) === key) return;
    lastResults = new Map(lastResults).set(v.connectionId, key);
    syncHealthChanged();
  });
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
    ...syncWarningNotices(service.warnings(), core.listConnections()),
  ];
  // One store, one connection (main/core/connections/duplicate-connections.ts): All stores leaves out
  // the orders of a store's duplicate connections (the one that counts holds the same orders); a
  // query naming a connection still shows that connection's own orders.
  const allStores = (connectionId: string | undefined) =>
    connectionId === undefined ? { excludeConnectionIds: core.listConnections().flatMap((c) => (c.duplicateOf ? [c.id] : [])) } : {};
  const sync: SyncApi = {
    async syncNow(req) {
      void service.syncNow(req.connectionId, 'on-request'); // progress arrives as events; never rejects
    },
    async cancelSync(req) {
      service.cancelSync(req.connectionId);
    },
    listSyncStatus: async () => service.listSyncStatus(),
    // Days in the chart and totals are the admin's local days (the OS offset at the end of the range).
    ordersSummary: async (q) =>
      service.ordersSummary(q, {
        tzOffsetMinutes: localOffsetMinutes(q.toMs),
        ...allStores(q.connectionId),
        // "Not available from Etsy" (docs/figures.md): a connection's platform name
        platformOf: (id) => core.listConnections().find((c) => c.id === id)?.providerName,
      }),
    ordersPage: async (q) => service.ordersPage(q, allStores(q.connectionId)),
    onProgress: (listener) => service.onProgress(listener),
  };
  const exports = options.saveDialog
    ? createExportService({
        dialog: options.saveDialog,
        sources: {
          orders: (filter) => service.iterateOrders(filter, allStores(filter.connectionId)),
          activity: () => core.activityEntries?.() ?? core.listActivity(1000),
          connections: () => core.listConnections(),
        },
      })
    : undefined;
  const orderAdmin: OrderAdminApi = {
    async openOrderInAdmin({ connectionId, orderId }) {
      const connection = core.listConnections().find((c) => c.id === connectionId);
      if (!connection) throw new StorelinkError(ErrorCode.ConnectionNotFound, 'That store is no longer connected.');
      const link = adminOrderLink(connection, orderId);
      // the allow-list before openExternal: https and that platform's admin host only (admin-url.ts)
      if (!isAllowedAdminUrl(link.url, link.host)) throw new AdminLinkError(ErrorCode.AdminLinkUnavailable, 'Storelink refused to open that address.');
      await options.opener.open(link.url);
    },
  };
  const close = core.close.bind(core);
  return Object.assign(core, {
    sync,
    syncService: service,
    ...(exports ? { exports } : {}),
    orderAdmin,
    async close() {
      await service.close();
      await close();
    },
  });
}
