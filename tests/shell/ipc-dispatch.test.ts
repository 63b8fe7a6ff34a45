import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDispatch, createIpcHandlers, type IpcHandlers } from '../../main/ipc/handlers.ts';
import { validateRequest } from '../../main/ipc/validators.ts';
import { InputError, StorelinkError, ErrorCode } from '../../main/core/errors.ts';
import { REQUEST_CHANNELS, type RequestChannel } from '../../shared/ipc-contract.ts';
import { CANARY, createFakeAppApis, createFakeCore, createFakeSync } from './fake-core.ts';
import type { SetupApi } from '../../main/core/setup/setup-service.ts';

const ORIGIN = 'app://storelink';
const MAIN = { url: 'app://storelink/index.html', isMainFrame: true };

/** One valid argument per channel. */
const VALID: { [C in RequestChannel]: unknown } = {
  listProviders: undefined,
  listConnections: undefined,
  startConnect: { providerId: 'demo', fields: { shop: 'x.example.test', clientSecret: 's3cr3t' }, scopes: ['orders:read', 'openid'] },
  reconnect: { connectionId: 'conn_1' },
  cancelConnect: { flowId: 'flow_1' },
  reopenConnectPage: { flowId: 'flow_1' },
  copyConnectLink: { flowId: 'flow_1' },
  connectWithKey: { providerId: 'demo', fields: { apiKey: 'k' } },
  refreshConnection: { connectionId: 'conn_1' },
  disconnect: { connectionId: 'conn_1' },
  renameConnection: { connectionId: 'conn_1', name: 'Main shop — Été' },
  listActivity: { limit: 50 },
  listNotices: undefined,
  syncNow: {},
  cancelSync: { connectionId: 'conn_1' },
  listSyncStatus: undefined,
  ordersSummary: { fromMs: 0, toMs: 1_000 },
  ordersPage: { fromMs: 0, toMs: 1_000, sort: 'createdAt', direction: 'desc', offset: 0, limit: 500 },
  exportOrders: { fromMs: 0, toMs: 1_000, sort: 'totalMinor', direction: 'asc', status: 'paid', search: '#1' },
  exportActivity: undefined,
  openOrderInAdmin: { connectionId: 'conn_1', orderId: '450789469' },
  getSettings: undefined,
  updateSettings: { syncIntervalMinutes: 30, notifications: { dailyDigest: true } },
  getDataLocation: undefined,
  showDataFolder: undefined,
  removeAllData: undefined,
  openSetupDoc: { url: 'https://developer.squareup.com/apps' },
  saveForwardingPage: { providerId: 'square' },
  testForwardingPage: { providerId: 'square', pageUrl: 'https://shop.example/storelink.html' },
};

const longId = 'a'.repeat(65);
const manyFields = Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`f${i}`, 'v']));
/** Malformed arguments per channel: wrong types, extra keys, unbounded sizes, bad ids. */
const MALFORMED: { [C in RequestChannel]: unknown[] } = {
  listProviders: [{}, 'x', null, 1],
  listConnections: [{ a: 1 }, [], null],
  startConnect: [
    undefined,
    null,
    'demo',
    {},
    { providerId: '../etc', fields: {} },
    { providerId: 'demo' },
    { providerId: 'demo', fields: { a: 1 } },
    { providerId: 'demo', fields: manyFields },
    { providerId: 'demo', fields: { a: 'x'.repeat(4097) } },
    { providerId: 'demo', fields: {}, scopes: ['has space'] },
    { providerId: 'demo', fields: {}, url: 'https://evil.example' },
    { providerId: 'demo', fields: { 'bad key!': 'v' } },
  ],
  reconnect: [undefined, {}, { connectionId: '' }, { connectionId: longId }, { connectionId: 'a/b' }, { connectionId: 1 }],
  cancelConnect: [undefined, { flowId: null }, { flowId: 'x y' }, { flowId: 'f', extra: 1 }],
  reopenConnectPage: [undefined, { flowId: null }, { flowId: 'x y' }, { flowId: 'f', url: 'https://evil.example' }],
  copyConnectLink: [undefined, { flowId: null }, { flowId: 'x y' }, { flowId: 'f', url: 'https://evil.example' }],
  connectWithKey: [undefined, { providerId: 'demo' }, { providerId: 'demo', fields: [] }, { providerId: 'demo', fields: {}, scopes: [] }],
  refreshConnection: [undefined, { connectionId: '%2e%2e' }, { id: 'conn_1' }],
  disconnect: [undefined, 'conn_1', { connectionId: ['conn_1'] }],
  renameConnection: [
    undefined,
    { connectionId: 'conn_1' },
    { connectionId: 'conn_1', name: '' },
    { connectionId: 'conn_1', name: '   ' },
    { connectionId: 'conn_1', name: 'x'.repeat(81) },
    { connectionId: 'conn_1', name: 'two\nlines' },
    { connectionId: 'conn_1', name: 7 },
    { connectionId: 'a/b', name: 'ok' },
    { connectionId: 'conn_1', name: 'ok', extra: 1 },
  ],
  listActivity: [
    undefined,
    { limit: 0 },
    { limit: 1001 },
    { limit: 1.5 },
    { limit: '10' },
    { limit: Infinity },
    { limit: 5, kinds: ['exploded'] },
    { limit: 5, kinds: [] },
    { limit: 5, connectionId: '../x' },
  ],
  listNotices: [{ all: true }, 1],
  syncNow: [undefined, { connectionId: '' }, { connectionId: 'a', all: true }],
  cancelSync: [undefined, {}, { connectionId: 7 }],
  listSyncStatus: [{}, 0],
  ordersSummary: [undefined, { fromMs: 10, toMs: 1 }, { fromMs: -1, toMs: 1 }, { fromMs: 0 }, { fromMs: 0, toMs: 1, sql: 'x' }],
  ordersPage: [
    undefined,
    { ...(VALID.ordersPage as object), limit: 501 },
    { ...(VALID.ordersPage as object), limit: 0 },
    { ...(VALID.ordersPage as object), offset: -1 },
    { ...(VALID.ordersPage as object), sort: 'createdAt; DROP TABLE' },
    { ...(VALID.ordersPage as object), direction: 'up' },
    { ...(VALID.ordersPage as object), search: 'x'.repeat(201) },
    { ...(VALID.ordersPage as object), fromMs: 5, toMs: 1 },
    { ...(VALID.ordersPage as object), status: '<script>' },
  ],
  exportOrders: [
    undefined,
    { ...(VALID.exportOrders as object), offset: 0 },
    { ...(VALID.exportOrders as object), path: '/tmp/x.csv' },
    { ...(VALID.exportOrders as object), fromMs: 5, toMs: 1 },
    { ...(VALID.exportOrders as object), sort: 'platform_id' },
  ],
  exportActivity: [{}, { path: '/tmp/x.csv' }, 'x.csv'],
  openOrderInAdmin: [
    undefined,
    { connectionId: 'conn_1' },
    { connectionId: 'conn_1', orderId: '' },
    { connectionId: 'conn_1', orderId: '1/../../evil' },
    { connectionId: 'conn_1', orderId: '1?x=https://evil.example' },
    { connectionId: 'conn_1', orderId: '1', url: 'https://evil.example' },
  ],
  getSettings: [{}, 'x'],
  updateSettings: [
    undefined,
    { syncIntervalMinutes: 7 },
    { syncIntervalMinutes: '15' },
    { syncPaused: 'yes' },
    { trayHintShown: true },
    { notifications: { sms: true } },
    { theme: 'dark' },
  ],
  getDataLocation: [{ path: '/etc' }],
  showDataFolder: [{ path: '/etc' }, 'x'],
  removeAllData: [{ confirm: true }, true],
  openSetupDoc: [undefined, {}, { url: '' }, { url: 'x'.repeat(2049) }, { url: 7 }, { url: 'https://a.example', extra: 1 }],
  saveForwardingPage: [undefined, {}, { providerId: '../x' }, { providerId: 'square', path: '/etc/passwd' }],
  testForwardingPage: [undefined, { providerId: 'square' }, { providerId: 'square', pageUrl: '' }, { providerId: 'square', pageUrl: 1 }],
};

/** Object keys anywhere in `value` that name a secret. */
function secretKeys(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(secretKeys);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [...(/token|secret|verifier/i.test(k) && k !== 'hasRefreshToken' ? [k] : []), ...secretKeys(v)]);
}

/** A recording setup-guide service (the real one is tested in tests/core/setup-service.test.ts). */
function createFakeSetup(): SetupApi & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    openSetupDoc: async () => void calls.push('openSetupDoc'),
    saveForwardingPage: async () => (calls.push('saveForwardingPage'), { saved: true }),
    testForwardingPage: async () => (calls.push('testForwardingPage'), { ok: true, message: 'works' }),
  };
}

function setup() {
  const core = createFakeCore();
  const sync = createFakeSync();
  const apis = { ...createFakeAppApis(), setup: createFakeSetup() };
  const shellActions = { showDataFolder: async () => void core.calls.push({ method: 'showDataFolder', args: [] }) };
  const dispatch = createDispatch(createIpcHandlers(core, sync, apis, shellActions), ORIGIN);
  return { core, sync, dispatch, calls: () => core.calls.length + sync.calls.length + apis.calls.length + apis.setup.calls.length };
}

test('security.md #30: every channel accepts its valid argument and reaches the core or the sync service', async () => {
  const { dispatch, calls } = setup();
  for (const channel of REQUEST_CHANNELS) {
    const before = calls();
    const result = await dispatch(channel, MAIN, VALID[channel]);
    assert.equal(result.ok, true, `${channel}: ${JSON.stringify(result)}`);
    assert.equal(calls(), before + 1, `${channel} called exactly once`);
  }
});

test('security.md #30: malformed arguments on every channel -> invalid_input, handler never called', async () => {
  const { dispatch, calls } = setup();
  for (const channel of REQUEST_CHANNELS) {
    assert.ok(MALFORMED[channel].length > 0, channel);
    for (const arg of MALFORMED[channel]) {
      const result = await dispatch(channel, MAIN, arg);
      assert.equal(result.ok, false, `${channel} accepted ${JSON.stringify(arg)}`);
      if (!result.ok) assert.equal(result.error.code, 'invalid_input');
    }
  }
  assert.equal(calls(), 0);
});

test('security.md #30: validation errors never echo the submitted value', () => {
  const res = validateRequest('startConnect', { providerId: 'demo', fields: { apiKey: 42 }, secret: CANARY });
  assert.equal(res.ok, false);
  if (!res.ok) assert.ok(!res.issue.includes(CANARY) && !res.issue.includes('42'), res.issue);
});

test('security.md #30: untrusted senders and unknown channels are refused before any call', async () => {
  const { dispatch, calls } = setup();
  for (const frame of [null, { url: 'app://storelink/index.html', isMainFrame: false }, { url: 'https://evil.example/', isMainFrame: true }]) {
    const r = await dispatch('listConnections', frame, undefined);
    assert.deepEqual(r.ok ? 'ok' : r.error.code, 'forbidden_sender');
  }
  for (const channel of ['__proto__', 'constructor', 'authorizedRequest', 'storelink:listProviders', 'toString']) {
    const r = await dispatch(channel, MAIN, undefined);
    assert.deepEqual(r.ok ? 'ok' : r.error.code, 'invalid_input', channel);
  }
  assert.equal(calls(), 0);
});

test('security.md #10 #30: replies are view models only: secret fields added upstream never cross IPC', async () => {
  const { dispatch } = setup();
  for (const channel of REQUEST_CHANNELS) {
    const result = await dispatch(channel, MAIN, VALID[channel]);
    assert.equal(result.ok, true);
    const json = JSON.stringify(result);
    assert.ok(!json.includes(CANARY), `${channel} leaked: ${json}`);
    assert.deepEqual(secretKeys(result), [], channel);
  }
  const providers = await dispatch('listProviders', MAIN, undefined);
  assert.ok(providers.ok);
  if (providers.ok) assert.equal((providers.value as Array<{ fields: Array<{ name: string }> }>)[0]?.fields[1]?.name, 'clientSecret');
});

test('security.md #10 #30: errors cross as { code, message } only; unknown errors are generic', async () => {
  const boom = (err: unknown) =>
    createDispatch(
      createIpcHandlers(
        createFakeCore({
          refreshConnection: async () => {
            throw err;
          },
        }),
      ),
      ORIGIN,
    );
  const typed = await boom(new StorelinkError(ErrorCode.InvalidGrant, `refresh failed for Bearer ${CANARY}`))('refreshConnection', MAIN, { connectionId: 'c' });
  assert.deepEqual(Object.keys(typed.ok ? {} : typed.error).sort(), ['code', 'message']);
  assert.ok(!typed.ok && typed.error.code === 'invalid_grant' && !typed.error.message.includes(CANARY), JSON.stringify(typed));
  const raw = await boom(new Error(`socket hang up access_token=${CANARY}`))('refreshConnection', MAIN, { connectionId: 'c' });
  assert.ok(!raw.ok && raw.error.code === 'internal' && !JSON.stringify(raw).includes(CANARY));
  const input = await boom(new InputError('bad shop domain', 'shop'))('refreshConnection', MAIN, { connectionId: 'c' });
  assert.ok(!input.ok && input.error.code === 'invalid_input');
});

test('off-contract replies become an internal error instead of crossing as-is', async () => {
  const dispatch = createDispatch(createIpcHandlers(createFakeCore({ listConnections: () => [{ id: 'c', token: CANARY }] as never })), ORIGIN);
  const r = await dispatch('listConnections', MAIN, undefined);
  assert.ok(!r.ok && r.error.code === 'internal' && !JSON.stringify(r).includes(CANARY));
});

test('without a sync service the five sync/order channels answer with a typed error', async () => {
  const core = createFakeCore();
  const handlers: IpcHandlers = createIpcHandlers(core);
  const dispatch = createDispatch(handlers, ORIGIN);
  for (const channel of ['syncNow', 'cancelSync', 'listSyncStatus', 'ordersSummary', 'ordersPage'] as const) {
    const r = await dispatch(channel, MAIN, VALID[channel]);
    assert.ok(!r.ok && r.error.code === 'sync_failed', channel);
  }
  const withSync = createDispatch(createIpcHandlers(Object.assign(createFakeCore(), { sync: createFakeSync() })), ORIGIN);
  assert.equal((await withSync('listSyncStatus', MAIN, undefined)).ok, true, 'core.sync is used by default');
});

test('issue 9: without export / admin parts their channels answer with a typed error; the export reply carries rows, never a path', async () => {
  const dispatch = createDispatch(createIpcHandlers(createFakeCore(), createFakeSync()), ORIGIN);
  for (const channel of ['exportOrders', 'exportActivity', 'openOrderInAdmin'] as const) {
    const r = await dispatch(channel, MAIN, VALID[channel]);
    assert.ok(!r.ok && r.error.code === 'internal' && /not available/.test(r.error.message), channel);
  }
  const apis = createFakeAppApis();
  const withApis = createDispatch(createIpcHandlers(createFakeCore(), createFakeSync(), apis), ORIGIN);
  assert.deepEqual(await withApis('exportOrders', MAIN, VALID.exportOrders), { ok: true, value: { saved: true, rows: 3 } });
  assert.deepEqual(apis.calls[0], { method: 'exportOrders', args: [VALID.exportOrders] });
});
