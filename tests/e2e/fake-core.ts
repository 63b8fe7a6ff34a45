/**
 * A small in-memory stand-in for the core (main/core/api.ts), used to develop and screenshot the UI
 * and for UI-only checks (validation, sorting, 100,000 orders). The scenarios that prove behaviour
 * run against the real core (createStorelinkCore); this fake only shapes view models.
 */
import { memoryAppSettingsStore } from '../../main/core/settings/app-settings-store.ts';
import type { CoreEvents, StorelinkCore } from '../../main/core/api.ts';
import { StorelinkError } from '../../main/core/errors.ts';
import type { ErrorCode } from '../../shared/error-codes.ts';
import type { ActivityView, ConnectFlowView, ConnectionView, NoticeView, ProviderView } from '../../shared/view-models.ts';

type Listeners = { [E in keyof CoreEvents]: Set<CoreEvents[E]> };

export const FAKE_PROVIDERS: ProviderView[] = [
  {
    id: 'demo',
    name: 'Demo store',
    icon: 'D',
    kind: 'oauth-pkce',
    fields: [],
    scopesEditable: false,
    redirect: 'loopback',
    notes: [],
    scopes: [
      { name: 'store:read', description: "See your store's name and currency", required: true },
      { name: 'orders:read', description: 'Read your orders', required: true },
      { name: 'offline_access', description: 'Stay connected', required: true },
    ],
  },
  {
    id: 'generic-oidc',
    name: 'OAuth 2.0 / OpenID provider',
    icon: 'ID',
    kind: 'oauth-pkce',
    scopesEditable: true,
    redirect: 'loopback',
    notes: [],
    fields: [
      { name: 'issuer', label: 'Issuer URL', kind: 'url', required: true, placeholder: 'https://login.example.com' },
      { name: 'clientId', label: 'Client ID', kind: 'text', required: true, pattern: '^[\\x21-\\x7e]{1,200}$' },
    ],
    scopes: [
      { name: 'openid', description: 'Confirm who you are', required: true },
      { name: 'email', description: 'See your email address', required: false },
    ],
  },
  {
    id: 'shopify',
    name: 'Shopify',
    icon: 'S',
    kind: 'oauth-app-credentials',
    scopesEditable: false,
    redirect: 'loopback',
    notes: [],
    fields: [{ name: 'shop', label: 'Shop address', kind: 'shop-domain', required: true, placeholder: 'my-shop.myshopify.com' }],
    scopes: [{ name: 'read_orders', description: 'Read orders of the last 60 days', required: true }],
  },
  {
    id: 'etsy',
    name: 'Etsy',
    icon: 'E',
    kind: 'oauth-pkce',
    scopesEditable: false,
    redirect: 'https-forwarder',
    notes: ['Etsy needs an https forwarding page.'],
    fields: [{ name: 'forwarderUrl', label: 'Forwarding page address', kind: 'url', required: true }],
    scopes: [{ name: 'transactions_r', description: 'Read your shop receipts', required: true }],
  },
  {
    id: 'woocommerce',
    name: 'WooCommerce',
    icon: 'W',
    kind: 'api-key',
    scopesEditable: false,
    redirect: 'loopback',
    notes: [],
    fields: [
      { name: 'siteUrl', label: 'Store address', kind: 'url', required: true },
      { name: 'consumerKey', label: 'Consumer key', kind: 'secret', required: true, pattern: '^ck_[0-9a-f]{40}$' },
    ],
    scopes: [],
  },
];

export interface FakeCore extends StorelinkCore {
  /** Test control: finish a pending flow (connected, or failed with an error code). */
  finishFlow(flowId: string, outcome: 'done' | ErrorCode, message?: string): void;
  addConnection(partial: Partial<ConnectionView>): ConnectionView;
  /** Startup notices listNotices answers with. */
  notices: NoticeView[];
  /** Flow ids "open the page again" / "copy link" were asked for. */
  reopened: string[];
  copied: string[];
  /** Scopes each startConnect asked for (undefined: the request named none). */
  requestedScopes: (string[] | undefined)[];
}

export function createFakeCore(now: () => number = Date.now): FakeCore {
  const listeners: Listeners = {
    connectionsChanged: new Set(),
    connectFlow: new Set(),
    activityAppended: new Set(),
    settingsChanged: new Set(),
    connectionMade: new Set(),
  };
  const emit = <E extends keyof CoreEvents>(e: E, ...args: Parameters<CoreEvents[E]>) => {
    for (const l of listeners[e]) (l as (...a: unknown[]) => void)(...args);
  };
  const connections = new Map<string, ConnectionView>();
  const appSettings = memoryAppSettingsStore();
  appSettings.subscribe((s) => emit('settingsChanged', s));
  const flows = new Map<string, { providerId: string; reconnectId?: string }>();
  const activity: ActivityView[] = [];
  let seq = 0;
  const changed = () => emit('connectionsChanged', [...connections.values()]);
  const log = (kind: ActivityView['kind'], c: ConnectionView, reason?: string) => {
    const entry: ActivityView = {
      id: `act_${++seq}`,
      at: now(),
      kind,
      connectionId: c.id,
      providerName: c.providerName,
      accountLabel: c.accountLabel,
      ...(reason ? { reason } : {}),
    };
    activity.unshift(entry);
    emit('activityAppended', entry);
  };
  const get = (id: string) => {
    const c = connections.get(id);
    if (!c) throw new StorelinkError('connection_not_found', 'No such connection.');
    return c;
  };
  const addConnection = (partial: Partial<ConnectionView>): ConnectionView => {
    const p = FAKE_PROVIDERS.find((x) => x.id === (partial.providerId ?? 'demo'))!;
    const c: ConnectionView = {
      id: `conn_${++seq}`,
      providerId: p.id,
      providerName: p.name,
      providerIcon: p.icon,
      kind: p.kind,
      accountLabel: 'Demo Coffee Roasters',
      status: { kind: 'connected' },
      scopes: p.scopes.map((s) => ({ ...s, granted: true })),
      accessExpiresAt: now() + 120_000,
      refreshExpiresAt: now() + 30 * 86_400_000,
      hasRefreshToken: true,
      lastRefreshAt: now(),
      nextRefreshAt: now() + 90_000,
      createdAt: now(),
      revocation: 'rfc7009',
      ...partial,
    };
    connections.set(c.id, c);
    changed();
    log('connected', c);
    return c;
  };
  const startFlow = async (providerId: string, reconnectId?: string): Promise<ConnectFlowView> => {
    const flowId = `flow_${++seq}`;
    flows.set(flowId, { providerId, ...(reconnectId ? { reconnectId } : {}) });
    const view: ConnectFlowView = { kind: 'waiting', flowId, providerId, expiresAt: now() + 300_000, authorizationHost: '127.0.0.1' };
    emit('connectFlow', view);
    return view;
  };
  const fake: FakeCore = {
    notices: [],
    reopened: [],
    copied: [],
    requestedScopes: [],
    listProviders: () => FAKE_PROVIDERS,
    listConnections: () => [...connections.values()],
    getConnection: get,
    startConnect: (input) => {
      if (!FAKE_PROVIDERS.some((p) => p.id === input.providerId)) throw new StorelinkError('unknown_provider', 'Unknown provider.');
      fake.requestedScopes.push(input.scopes);
      return startFlow(input.providerId);
    },
    reopenConnectPage: async (flowId) => {
      fake.reopened.push(flowId);
    },
    copyConnectLink: async (flowId) => {
      fake.copied.push(flowId);
    },
    reconnect: (id) => startFlow(get(id).providerId, id),
    cancelConnect: (flowId) => {
      if (flows.delete(flowId)) emit('connectFlow', { kind: 'cancelled', flowId });
    },
    waitForFlow: async () => {
      throw new StorelinkError('internal', 'not in the fake');
    },
    connectWithKey: async (input) => {
      // A store address containing "unreachable" fails the key check with a message that repeats itself (renderer folding check).
      if (Object.values(input.fields).some((v) => v.includes('unreachable'))) {
        throw new StorelinkError('as_unreachable', 'Could not reach shop.unreachable (ECONNREFUSED).: Could not reach shop.unreachable (ECONNREFUSED).');
      }
      return addConnection({
        providerId: input.providerId,
        accessExpiresAt: undefined,
        hasRefreshToken: false,
        refreshExpiresAt: undefined,
        nextRefreshAt: undefined,
        revocation: 'unsupported',
        revocationNote: 'Delete the key in WooCommerce → Settings → Advanced → REST API.',
      });
    },
    refreshConnection: async (id) => {
      const c = { ...get(id), lastRefreshAt: now(), accessExpiresAt: now() + 120_000 };
      connections.set(id, c);
      changed();
      log('refreshed', c);
      return c;
    },
    disconnect: async (id) => {
      const c = get(id);
      connections.delete(id);
      changed();
      log('disconnected', c);
      return c.revocation === 'unsupported'
        ? { connectionId: id, outcome: 'local-only', reason: c.revocationNote ?? 'the platform has no revocation call', ordersDeleted: 12 }
        : { connectionId: id, outcome: 'revoked-at-provider', ordersDeleted: 400 };
    },
    renameConnection: (id, name) => {
      const c = { ...get(id), name };
      connections.set(id, c);
      changed();
      return c;
    },
    attachSyncHealth: () => () => undefined,
    listActivity: (limit, filter) =>
      activity
        .filter((e) => (!filter?.connectionId || e.connectionId === filter.connectionId) && (!filter?.kinds || filter.kinds.includes(e.kind)))
        .slice(0, limit),
    appSettings,
    dataLocation: () => '/home/admin/.config/Storelink',
    removeAllData: async () => {
      const removed = [...connections.values()].map((c) => ({
        connectionId: c.id,
        providerName: c.providerName,
        accountLabel: c.accountLabel,
        source: 'connection' as const,
        revocation: c.revocation === 'unsupported' ? ('not-revoked' as const) : ('revoked' as const),
        ...(c.revocation === 'unsupported' ? { revocationReason: c.revocationNote ?? 'the platform has no revocation call' } : {}),
        keychain: 'deleted' as const,
        ordersDeleted: 0,
      }));
      connections.clear();
      activity.length = 0;
      changed();
      return { connections: removed, activityCleared: true, settingsReset: true };
    },
    recordSyncActivity: () => {},
    authorizedRequest: async () => {
      throw new StorelinkError('internal', 'not in the fake');
    },
    syncTargets: () => [],
    listNotices: () => fake.notices,
    onResume: async () => {},
    on: (event, listener) => {
      (listeners[event] as Set<typeof listener>).add(listener);
      return () => (listeners[event] as Set<typeof listener>).delete(listener);
    },
    onDisconnect: () => {},
    close: async () => {},
    finishFlow(flowId, outcome, message) {
      const f = flows.get(flowId);
      if (!f) return;
      flows.delete(flowId);
      if (outcome !== 'done') {
        emit('connectFlow', { kind: 'failed', flowId, error: { code: outcome, message: message ?? `The authorization server said: ${outcome}.` } });
        return;
      }
      const c = f.reconnectId ? get(f.reconnectId) : addConnection({ providerId: f.providerId });
      emit('connectFlow', { kind: 'done', flowId, connectionId: c.id });
    },
    addConnection,
  };
  return fake;
}
