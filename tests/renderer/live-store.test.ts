/**
 * The renderer's per-domain live state (renderer/src/state/*) in plain Node, against a scripted
 * stand-in for `window.storelink`: list answers are held until the test releases them, events are
 * emitted by hand, so "event before the first list" and "stale list after an event" are exact.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EventChannel, IpcEvents, IpcResult } from '../../shared/ipc-contract.ts';
import type { ActivityView, ConnectFlowView, ConnectionView, SyncStatusView } from '../../shared/view-models.ts';
import { createActivityStore } from '../../renderer/src/state/activity.ts';
import { createConnectFlowStore } from '../../renderer/src/state/connect-flow.ts';
import { createConnectionsStore } from '../../renderer/src/state/connections.ts';
import { createLiveStore } from '../../renderer/src/state/live-store.ts';
import { createNoticesStore } from '../../renderer/src/state/notices.ts';
import { applySyncProgress, createSyncStatusStore, syncStatusesFrom } from '../../renderer/src/state/sync-status.ts';

const tick = () => new Promise<void>((r) => setImmediate(r));

/** Requests answer only when the test calls `answer`; `log` records subscribe/unsubscribe/request order. */
function scriptedApi() {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const pending: { channel: string; resolve(r: IpcResult<unknown>): void }[] = [];
  const log: string[] = [];
  const request = (channel: string) => () =>
    new Promise<IpcResult<never>>((resolve) => {
      log.push(`request ${channel}`);
      pending.push({ channel, resolve: resolve as (r: IpcResult<unknown>) => void });
    });
  return {
    log,
    listConnections: request('listConnections'),
    listSyncStatus: request('listSyncStatus'),
    listActivity: request('listActivity'),
    listNotices: request('listNotices'),
    cancelConnect: request('cancelConnect'),
    on<E extends EventChannel>(event: E, fn: (p: IpcEvents[E]) => void) {
      log.push(`on ${event}`);
      const set = listeners.get(event) ?? new Set();
      set.add(fn as (p: unknown) => void);
      listeners.set(event, set);
      return () => {
        log.push(`off ${event}`);
        set.delete(fn as (p: unknown) => void);
      };
    },
    emit<E extends EventChannel>(event: E, payload: IpcEvents[E]) {
      for (const fn of listeners.get(event) ?? []) fn(payload);
    },
    listenerCount: (event: EventChannel) => listeners.get(event)?.size ?? 0,
    pendingCount: () => pending.length,
    async answer(channel: string, result: IpcResult<unknown>) {
      const i = pending.findIndex((p) => p.channel === channel);
      assert.ok(i >= 0, `a ${channel} request is pending`);
      pending.splice(i, 1)[0]!.resolve(result);
      await tick();
    },
  };
}

const conn = (id: string, label = id): ConnectionView =>
  ({
    id,
    accountLabel: label,
    providerId: 'demo',
    providerName: 'Demo store',
    providerIcon: 'D',
    kind: 'oauth-pkce',
    status: { kind: 'connected' },
    scopes: [],
    hasRefreshToken: true,
    createdAt: 0,
    revocation: 'rfc7009',
  }) as ConnectionView;
const idle = (connectionId: string, orderCount = 0): SyncStatusView => ({ connectionId, orderCount, state: { kind: 'idle' } });
const running = (connectionId: string): SyncStatusView => ({ connectionId, orderCount: 0, state: { kind: 'running', startedAt: 1, pages: 0, orders: 0 } });
const act = (id: string, at: number): ActivityView => ({ id, at, kind: 'refreshed', connectionId: 'c1', providerName: 'Demo store', accountLabel: 'x' });

test('the event subscription is made before the first list request, and only while someone listens', async () => {
  const api = scriptedApi();
  const store = createConnectionsStore(api);
  assert.deepEqual(api.log, [], 'nothing happens before the first listener');
  assert.deepEqual(store.getSnapshot(), { status: 'loading' });
  const off = store.subscribe(() => {});
  assert.deepEqual(api.log, ['on connectionsChanged', 'request listConnections']);
  off();
  await tick();
  assert.deepEqual(api.log, ['on connectionsChanged', 'request listConnections', 'off connectionsChanged']);
});

test('events that arrive before the first list are not lost: they are applied on top of it', async () => {
  const api = scriptedApi();
  const store = createActivityStore(api);
  let changes = 0;
  store.subscribe(() => changes++);
  api.emit('activityAppended', act('a3', 30)); // happened after the list was read
  api.emit('activityAppended', act('a2', 20)); // already in the list: must not appear twice
  assert.deepEqual(store.getSnapshot(), { status: 'loading' }, 'buffered until the list answers');
  await api.answer('listActivity', { ok: true, value: [act('a1', 10), act('a2', 20)] });
  const s = store.getSnapshot();
  assert.equal(s.status, 'ready');
  assert.deepEqual(s.status === 'ready' && s.value.map((e) => e.id), ['a3', 'a2', 'a1']);
  assert.equal(changes, 1, 'one change for list + buffered events');
  api.emit('activityAppended', act('a4', 40));
  const t = store.getSnapshot();
  assert.deepEqual(t.status === 'ready' && t.value.map((e) => e.id), ['a4', 'a3', 'a2', 'a1']);
});

test('a stale list that answers after an event does not overwrite it (connections: each event is the whole list)', async () => {
  const api = scriptedApi();
  const store = createConnectionsStore(api);
  store.subscribe(() => {});
  api.emit('connectionsChanged', [conn('c1'), conn('c2')]); // c2 connected while the list was on its way
  await api.answer('listConnections', { ok: true, value: [conn('c1')] });
  const s = store.getSnapshot();
  assert.deepEqual(s.status === 'ready' && s.value.map((c) => c.id), ['c1', 'c2']);
});

test('sync status: a stale "running" list after the idle event stays idle, and the finish is counted once', async () => {
  const api = scriptedApi();
  const store = createSyncStatusStore(api);
  store.subscribe(() => {});
  api.emit('syncProgress', running('c1'));
  api.emit('syncProgress', idle('c1', 300));
  await api.answer('listSyncStatus', { ok: true, value: [running('c1')] });
  const s = store.getSnapshot();
  assert.equal(s.status, 'ready');
  if (s.status !== 'ready') return;
  assert.equal(s.value.byConnection.get('c1')?.state.kind, 'idle');
  assert.equal(s.value.byConnection.get('c1')?.orderCount, 300);
  assert.equal(s.value.finished, 1);
  api.emit('syncProgress', running('c1'));
  api.emit('syncProgress', running('c1'));
  api.emit('syncProgress', idle('c1', 310));
  api.emit('syncProgress', idle('c1', 310));
  const t = store.getSnapshot();
  assert.equal(t.status === 'ready' && t.value.finished, 2, 'one count per running -> idle transition');
});

test('applySyncProgress is pure: calling it twice (as StrictMode does with updaters) counts nothing twice', () => {
  const start = applySyncProgress(syncStatusesFrom([]), running('c1'));
  const frozen = JSON.stringify([...start.byConnection]);
  const a = applySyncProgress(start, idle('c1'));
  const b = applySyncProgress(start, idle('c1'));
  assert.equal(a.finished, 1);
  assert.equal(b.finished, 1);
  assert.equal(JSON.stringify([...start.byConnection]), frozen, 'the old state is not mutated');
  assert.equal(start.finished, 0);
});

test('StrictMode mount (subscribe, unsubscribe, subscribe at once) keeps one subscription and one list request', async () => {
  const api = scriptedApi();
  const store = createSyncStatusStore(api);
  const offA = store.subscribe(() => {});
  offA();
  const offB = store.subscribe(() => {});
  await tick();
  assert.equal(api.listenerCount('syncProgress'), 1);
  assert.equal(api.pendingCount(), 1);
  assert.deepEqual(api.log, ['on syncProgress', 'request listSyncStatus']);
  await api.answer('listSyncStatus', { ok: true, value: [idle('c1')] });
  assert.equal(store.getSnapshot().status, 'ready');
  offB();
  await tick();
  assert.equal(api.listenerCount('syncProgress'), 0, 'unsubscribed once nobody listens');
});

test('unmount: events and a late list answer after the last listener left are ignored; the next mount loads afresh', async () => {
  const api = scriptedApi();
  const store = createConnectionsStore(api);
  let changes = 0;
  const off = store.subscribe(() => changes++);
  off();
  await tick();
  api.emit('connectionsChanged', [conn('late')]);
  await api.answer('listConnections', { ok: true, value: [conn('c1')] });
  assert.equal(changes, 0);
  assert.deepEqual(store.getSnapshot(), { status: 'loading' });
  const off2 = store.subscribe(() => {});
  assert.equal(api.pendingCount(), 1, 'a new list request');
  await api.answer('listConnections', { ok: true, value: [conn('c2')] });
  const s = store.getSnapshot();
  assert.deepEqual(s.status === 'ready' && s.value.map((c) => c.id), ['c2']);
  off2();
  await tick();
  assert.deepEqual(store.getSnapshot(), { status: 'loading' }, 'no stale list is kept for the next mount');
});

test('a failed list becomes an ErrorView (code and message from main); retry asks again and buffers events again', async () => {
  const api = scriptedApi();
  const store = createConnectionsStore(api);
  store.subscribe(() => {});
  await api.answer('listConnections', { ok: false, error: { code: 'settings_corrupt', message: 'The settings file could not be read.' } });
  assert.deepEqual(store.getSnapshot(), { status: 'failed', error: { code: 'settings_corrupt', message: 'The settings file could not be read.' } });
  store.retry();
  assert.deepEqual(store.getSnapshot(), { status: 'loading' });
  api.emit('connectionsChanged', [conn('c1'), conn('c9')]);
  await api.answer('listConnections', { ok: true, value: [conn('c1')] });
  const s = store.getSnapshot();
  assert.deepEqual(s.status === 'ready' && s.value.map((c) => c.id), ['c1', 'c9']);
  store.retry();
  assert.equal(api.pendingCount(), 0, 'retry does nothing once loaded');
});

test('a load that throws (not an IpcResult) is reported as an internal ErrorView', async () => {
  const store = createLiveStore<number[], never, number[]>({
    load: async () => {
      throw new Error('bridge gone');
    },
    init: (l) => l,
    apply: (s) => s,
  });
  store.subscribe(() => {});
  await tick();
  assert.deepEqual(store.getSnapshot(), { status: 'failed', error: { code: 'internal', message: 'bridge gone' } });
});

test('notices: load-only domain, no event subscription', async () => {
  const api = scriptedApi();
  const store = createNoticesStore(api);
  store.subscribe(() => {});
  assert.deepEqual(api.log, ['request listNotices']);
  await api.answer('listNotices', { ok: true, value: [{ id: 'n1', kind: 'settings-recovered', message: 'Moved aside.', at: 1 }] });
  const s = store.getSnapshot();
  assert.deepEqual(s.status === 'ready' && s.value.map((n) => n.id), ['n1']);
});

test('connect flow: an outcome event that arrives before startConnect answers wins over its "waiting"', async () => {
  const api = scriptedApi();
  const store = createConnectFlowStore(api);
  const done: string[] = [];
  store.onDone((id) => done.push(id));
  store.subscribe(() => {});
  let reply!: (v: ConnectFlowView) => void;
  const started = store.start('Connecting the demo store', () => new Promise((r) => (reply = r)));
  assert.deepEqual(store.getSnapshot(), { kind: 'starting', title: 'Connecting the demo store' });
  api.emit('connectFlow', { kind: 'done', flowId: 'other', connectionId: 'nope' });
  api.emit('connectFlow', { kind: 'waiting', flowId: 'f1', providerId: 'demo', expiresAt: 9, authorizationHost: '127.0.0.1' });
  api.emit('connectFlow', { kind: 'done', flowId: 'f1', connectionId: 'c1' });
  reply({ kind: 'waiting', flowId: 'f1', providerId: 'demo', expiresAt: 9, authorizationHost: '127.0.0.1' });
  await started;
  assert.deepEqual(store.getSnapshot(), { kind: 'idle' });
  assert.deepEqual(done, ['c1']);
  api.emit('connectFlow', { kind: 'done', flowId: 'f1', connectionId: 'c1' });
  assert.deepEqual(done, ['c1'], 'done once');
});

test('connect flow: the event subscription stays open while a flow is pending, even with no listener', async () => {
  const api = scriptedApi();
  const store = createConnectFlowStore(api);
  const started = store.start('Connecting', async () => ({ kind: 'waiting', flowId: 'f1', providerId: 'demo', expiresAt: 9, authorizationHost: 'h' }));
  await started;
  await tick();
  assert.equal(api.listenerCount('connectFlow'), 1);
  api.emit('connectFlow', { kind: 'failed', flowId: 'f1', error: { code: 'consent_denied', message: 'denied' } });
  assert.equal(store.getSnapshot().kind, 'failed');
  await tick();
  assert.equal(api.listenerCount('connectFlow'), 0, 'released when the flow ended');
});
