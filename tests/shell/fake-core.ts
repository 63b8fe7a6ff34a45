/**
 * Small in-test fakes of the core (main/core/api.ts) and the sync service (main/ipc/sync-api.ts).
 * Every view model they return carries extra secret-looking fields with a canary value, so a test
 * can prove the IPC boundary strips them (security.md item 30).
 */
import type { CoreEvents, StorelinkCore } from '../../main/core/api.ts';
import type { SyncApi } from '../../main/ipc/sync-api.ts';
import type { OptionalAppApis } from '../../main/ipc/app-apis.ts';
import { memoryAppSettingsStore, type AppSettingsStore } from '../../main/core/settings/app-settings-store.ts';
import type { AppSettingsPatch } from '../../shared/app-settings.ts';
import type { ActivityView, ConnectFlowView, ConnectionView, ProviderView, SyncStatusView } from '../../shared/view-models.ts';

export const CANARY = 'canary-tok-7f3a9c1e5b';

/** Adds secret-looking fields that are not part of any view model. */
function tainted<T extends object>(view: T): T {
  return { ...view, accessToken: CANARY, refresh_token: CANARY, clientSecret: CANARY, codeVerifier: CANARY };
}

export function connectionView(id = 'conn_1'): ConnectionView {
  return tainted({
    id,
    providerId: 'demo',
    providerName: 'Demo store',
    providerIcon: 'demo',
    kind: 'oauth-pkce' as const,
    accountLabel: 'admin@example.test',
    status: tainted({ kind: 'connected' as const }),
    scopes: [tainted({ name: 'orders:read', description: 'Read orders', granted: true, required: true })],
    accessExpiresAt: 1_700_000_000_000,
    hasRefreshToken: true,
    createdAt: 1_690_000_000_000,
    revocation: 'rfc7009' as const,
  });
}

export function providerView(): ProviderView {
  return tainted({
    id: 'demo',
    name: 'Demo store',
    icon: 'demo',
    kind: 'oauth-app-credentials' as const,
    fields: [
      { name: 'clientId', label: 'Client id', kind: 'text' as const, required: true },
      { name: 'clientSecret', label: 'Client secret', kind: 'secret' as const, required: true, default: CANARY },
    ],
    scopes: [{ name: 'orders:read', description: 'Read orders', required: true }],
    scopesEditable: false,
    redirect: 'loopback' as const,
    notes: [],
  });
}

export const waitingFlow = (): ConnectFlowView =>
  tainted({
    kind: 'waiting' as const,
    flowId: 'flow_1',
    providerId: 'demo',
    expiresAt: 1,
    authorizationHost: 'auth.example.test',
  });

export const activityView = (): ActivityView =>
  tainted({
    id: 'act_1',
    at: 1,
    kind: 'connected' as const,
    connectionId: 'conn_1',
    providerName: 'Demo',
    accountLabel: 'a',
  });

export const syncStatusView = (): SyncStatusView =>
  tainted({
    connectionId: 'conn_1',
    state: tainted({ kind: 'idle' as const, lastSyncAt: 1, lastResult: 'ok' as const }),
    orderCount: 3,
  });

export interface Recorder {
  calls: Array<{ method: string; args: unknown[] }>;
}

/** The real in-memory settings store, each call recorded. */
function recordedSettings(rec: <A extends unknown[], R>(method: string, fn: (...args: A) => R) => (...args: A) => R): AppSettingsStore {
  const store = memoryAppSettingsStore();
  return {
    get: rec('appSettings.get', () => store.get()),
    update: rec('appSettings.update', (patch: AppSettingsPatch) => store.update(patch)),
    subscribe: (l) => store.subscribe(l),
  };
}

type Listeners = { [E in keyof CoreEvents]: Set<CoreEvents[E]> };

export function createFakeCore(
  overrides: Partial<StorelinkCore> = {},
): StorelinkCore & Recorder & { emit<E extends keyof CoreEvents>(e: E, ...a: Parameters<CoreEvents[E]>): void } {
  const calls: Recorder['calls'] = [];
  const listeners: Listeners = {
    connectionsChanged: new Set(),
    connectFlow: new Set(),
    activityAppended: new Set(),
    settingsChanged: new Set(),
    connectionMade: new Set(),
  };
  const rec =
    <A extends unknown[], R>(method: string, fn: (...args: A) => R) =>
    (...args: A): R => {
      calls.push({ method, args });
      return fn(...args);
    };
  const core: StorelinkCore = {
    listProviders: rec('listProviders', () => [providerView()]),
    listConnections: rec('listConnections', () => [connectionView()]),
    getConnection: rec('getConnection', (id: string) => connectionView(id)),
    startConnect: rec('startConnect', async () => waitingFlow()),
    reconnect: rec('reconnect', async () => waitingFlow()),
    cancelConnect: rec('cancelConnect', () => undefined),
    reopenConnectPage: rec('reopenConnectPage', async () => undefined),
    copyConnectLink: rec('copyConnectLink', async () => undefined),
    waitForFlow: rec('waitForFlow', async () => waitingFlow()),
    connectWithKey: rec('connectWithKey', async () => connectionView()),
    refreshConnection: rec('refreshConnection', async (id: string) => connectionView(id)),
    disconnect: rec('disconnect', async (id: string) => tainted({ connectionId: id, outcome: 'revoked-at-provider' as const, ordersDeleted: 2 })),
    renameConnection: rec('renameConnection', (id: string) => connectionView(id)),
    attachSyncHealth: rec('attachSyncHealth', () => () => undefined),
    listActivity: rec('listActivity', () => [activityView()]),
    authorizedRequest: rec('authorizedRequest', async () => ({ status: 200, headers: {}, body: '' })),
    syncTargets: rec('syncTargets', () => []),
    listNotices: rec('listNotices', () => [tainted({ id: 'n1', kind: 'settings-recovered' as const, message: 'moved aside', at: 1 })]),
    onResume: rec('onResume', async () => undefined),
    on: (event, listener) => {
      (listeners[event] as Set<typeof listener>).add(listener);
      return () => (listeners[event] as Set<typeof listener>).delete(listener);
    },
    onDisconnect: rec('onDisconnect', () => undefined),
    close: rec('close', async () => undefined),
    appSettings: recordedSettings(rec),
    dataLocation: rec('dataLocation', () => '/home/admin/.config/Storelink'),
    removeAllData: rec('removeAllData', async () => ({ connections: [], activityCleared: true, settingsReset: true })),
    recordSyncActivity: rec('recordSyncActivity', () => undefined),
    ...overrides,
  };
  return Object.assign(core, {
    calls,
    emit<E extends keyof CoreEvents>(event: E, ...args: Parameters<CoreEvents[E]>): void {
      for (const l of listeners[event]) (l as (...a: unknown[]) => void)(...args);
    },
  });
}

export function createFakeSync(): SyncApi & Recorder & { progress(s: SyncStatusView): void } {
  const calls: Recorder['calls'] = [];
  const progressListeners = new Set<(s: SyncStatusView) => void>();
  return {
    calls,
    async syncNow(req) {
      calls.push({ method: 'syncNow', args: [req] });
    },
    async cancelSync(req) {
      calls.push({ method: 'cancelSync', args: [req] });
    },
    async listSyncStatus() {
      calls.push({ method: 'listSyncStatus', args: [] });
      return [syncStatusView()];
    },
    async ordersSummary(q) {
      calls.push({ method: 'ordersSummary', args: [q] });
      return {
        orderCount: 1,
        byCurrency: [],
        byStatus: [],
        perDay: [{ day: '2024-01-01', orders: 1, revenueByCurrency: { USD: 100 }, totalSalesByCurrency: { USD: 100 } }],
      };
    },
    async ordersPage(q) {
      calls.push({ method: 'ordersPage', args: [q] });
      return {
        total: 1,
        rows: [
          tainted({
            connectionId: 'conn_1',
            platformId: 'p1',
            orderNumber: '#1',
            createdAt: 1,
            updatedAt: 1,
            status: 'paid',
            financialStatus: 'paid',
            currency: 'USD',
            totalMinor: 100,
            itemCount: 1,
          }),
        ],
      };
    },
    onProgress(listener) {
      progressListeners.add(listener);
      return () => progressListeners.delete(listener);
    },
    progress(s) {
      for (const l of progressListeners) l(s);
    },
  };
}

/** Recording export and order-admin parts of the app (issue 9), for the dispatch tests. */
export function createFakeAppApis(): Required<Omit<OptionalAppApis, 'setup'>> & Recorder {
  const calls: Recorder['calls'] = [];
  return {
    calls,
    exports: {
      async exportOrders(filter) {
        calls.push({ method: 'exportOrders', args: [filter] });
        return tainted({ saved: true as const, rows: 3 });
      },
      async exportActivity() {
        calls.push({ method: 'exportActivity', args: [] });
        return { saved: false as const };
      },
    },
    orderAdmin: {
      async openOrderInAdmin(req) {
        calls.push({ method: 'openOrderInAdmin', args: [req] });
      },
    },
  };
}
