/**
 * Issue 9 item 2: the notification rules in plain Node (main/desktop/notification-rules.ts): each
 * cause once, again only when it changes or comes back; three failed syncs in a row; expiry within
 * 7 days; the daily digest; switches; never a secret.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_APP_SETTINGS, type AppSettings } from '../../shared/app-settings.ts';
import type { ConnectionView, SyncStatusView } from '../../shared/view-models.ts';
import { DAY_MS, EMPTY_MEMORY, evaluateNotifications, type NotificationMemory, type RulesInput } from '../../main/desktop/notification-rules.ts';
import { registerSecret } from '../../main/core/log/redact.ts';
import { connection, idle } from './fixtures.ts';

const NOW = Date.UTC(2026, 11, 2, 9);
const ALL_ON: AppSettings['notifications'] = { needsSignIn: true, syncFailing: true, expiringSoon: true, dailyDigest: true };

/** Runs the rules over a sequence of moments, carrying the memory like the watcher does. */
function sequence(steps: Array<Partial<RulesInput>>, memory: NotificationMemory = EMPTY_MEMORY) {
  const shown: string[][] = [];
  for (const s of steps) {
    const r = evaluateNotifications({ now: NOW, connections: [], sync: [], switches: DEFAULT_APP_SETTINGS.notifications, ...s }, memory);
    memory = r.memory;
    shown.push(r.show.map((n) => `${n.kind}:${n.connectionId ?? ''}`));
  }
  return { shown, memory };
}

const reauth = (id: string): ConnectionView => connection(id, { kind: 'needs-reauth', reason: 'invalid_grant' });

test('needs signing in again: once per cause, not again while it lasts, again after it ended and came back', () => {
  const { shown } = sequence([
    { connections: [reauth('a'), connection('b')] },
    { connections: [reauth('a'), connection('b')] },
    { connections: [reauth('a'), reauth('b')] },
    { connections: [connection('a'), reauth('b')] },
    { connections: [reauth('a'), reauth('b')] },
    { connections: [connection('a', { kind: 'revoked', reason: 'uninstalled' }), reauth('b')] },
  ]);
  assert.deepEqual(shown, [['needsSignIn:a'], [], ['needsSignIn:b'], [], ['needsSignIn:a'], ['needsSignIn:a']]);
});

test('a sync failed three times in a row: counted per finished run, reset by a success, not by a cancel, said once', () => {
  const c = [connection('a')];
  const { shown, memory } = sequence([
    { connections: c, sync: [idle('a', 10, 'failed')] },
    { connections: c, sync: [idle('a', 10, 'failed')] }, // the same run seen twice is one failure
    { connections: c, sync: [idle('a', 20, 'failed')] },
    { connections: c, sync: [idle('a', 25, 'cancelled')] },
    { connections: c, sync: [idle('a', 30, 'failed')] },
    { connections: c, sync: [idle('a', 40, 'failed')] },
    { connections: c, sync: [idle('a', 50, 'ok')] },
    { connections: c, sync: [idle('a', 60, 'failed')] },
    { connections: c, sync: [idle('a', 70, 'failed')] },
    { connections: c, sync: [idle('a', 80, 'failed')] },
  ]);
  assert.deepEqual(shown, [[], [], [], [], ['syncFailing:a'], [], [], [], [], ['syncFailing:a']]);
  assert.equal(memory.syncRuns.a!.failuresInARow, 3);
});

test('a connection that needs signing in is told once: its failing syncs and ending tokens add nothing', () => {
  const c = reauth('a');
  c.refreshExpiresAt = NOW + DAY_MS;
  const { shown } = sequence([1, 2, 3, 4].map((n) => ({ connections: [c], sync: [idle('a', n * 10, 'failed')] })));
  assert.deepEqual(shown, [['needsSignIn:a'], [], [], []]);
});

test('a refresh token ending within 7 days: told once with the days left; a new end date is a new cause; none beyond 7 days', () => {
  const at = (days: number) => connection('a', { kind: 'connected' }, { refreshExpiresAt: NOW + days * DAY_MS });
  const first = evaluateNotifications({ now: NOW, connections: [at(8)], sync: [], switches: ALL_ON }, EMPTY_MEMORY);
  assert.deepEqual(first.show, []);
  const second = evaluateNotifications({ now: NOW, connections: [at(6)], sync: [], switches: ALL_ON }, first.memory);
  assert.equal(second.show.length, 1);
  assert.equal(second.show[0]!.title, 'Shopify: sign-in ends in 6 days');
  assert.match(second.show[0]!.body, /Shopify \(Shop a\)/);
  const later = evaluateNotifications({ now: NOW + DAY_MS * 5.5, connections: [at(6)], sync: [], switches: ALL_ON }, second.memory);
  assert.deepEqual(later.show, [], 'the same end date is not told again');
  const renewed = evaluateNotifications({ now: NOW + DAY_MS * 5.5, connections: [at(6.2)], sync: [], switches: ALL_ON }, later.memory);
  assert.equal(renewed.show.length, 1);
  assert.equal(renewed.show[0]!.title, 'Shopify: sign-in ends in 1 day', 'singular');
  const noRefresh = connection('b', { kind: 'connected' }, { hasRefreshToken: false, refreshExpiresAt: NOW + DAY_MS });
  assert.deepEqual(evaluateNotifications({ now: NOW, connections: [noRefresh], sync: [], switches: ALL_ON }, EMPTY_MEMORY).show, []);
});

test('a platform secret ending within 7 days is told like a refresh token', () => {
  const r = evaluateNotifications(
    {
      now: NOW,
      connections: [connection('a')],
      sync: [],
      switches: ALL_ON,
      secretExpiries: [{ connectionId: 'a', what: 'app secret', expiresAt: NOW + 2 * DAY_MS }],
    },
    EMPTY_MEMORY,
  );
  assert.deepEqual(
    r.show.map((n) => [n.kind, n.title]),
    [['expiringSoon', 'Shopify: app secret ends in 2 days']],
  );
});

test('daily digest: off by default; on, once a day with the new orders since the last one; a new store brings history, not news', () => {
  const conns = [connection('a'), connection('b')];
  const off = sequence([{ sync: [idle('a', 1, 'ok', 10)] }, { now: NOW + 2 * DAY_MS, sync: [idle('a', 1, 'ok', 50)] }]);
  assert.deepEqual(off.shown, [[], []], 'off by default');
  let memory = EMPTY_MEMORY;
  const run = (now: number, sync: SyncStatusView[]) => {
    const r = evaluateNotifications({ now, connections: conns, sync, switches: ALL_ON }, memory);
    memory = r.memory;
    return r.show;
  };
  assert.deepEqual(run(NOW, [idle('a', 1, 'ok', 10)]), [], 'the first check only takes the baseline');
  assert.deepEqual(run(NOW + DAY_MS / 2, [idle('a', 1, 'ok', 14)]), [], 'not before a day has passed');
  const digest = run(NOW + DAY_MS, [idle('a', 1, 'ok', 15), idle('b', 1, 'ok', 400)]);
  assert.deepEqual(
    digest.map((n) => [n.kind, n.title, n.body]),
    [['dailyDigest', '5 new orders today', '5 new orders in the last day from 1 store. Open Storelink to see them.']],
  );
  assert.deepEqual(run(NOW + DAY_MS * 1.5, [idle('a', 1, 'ok', 20), idle('b', 1, 'ok', 401)]), [], 'once a day');
  const next = run(NOW + DAY_MS * 2, [idle('a', 1, 'ok', 21), idle('b', 1, 'ok', 402)]);
  assert.equal(next[0]!.body, '8 new orders in the last day from 2 stores. Open Storelink to see them.', 'counted from the last digest');
  assert.deepEqual(run(NOW + DAY_MS * 3, [idle('a', 1, 'ok', 21), idle('b', 1, 'ok', 402)]), [], 'no digest without new orders');
});

test('switches: a kind switched off shows nothing and records nothing, so switching it on tells a cause still there', () => {
  const c = [reauth('a')];
  const off = { ...ALL_ON, needsSignIn: false };
  const { shown } = sequence([
    { connections: c, switches: off },
    { connections: c, switches: off },
    { connections: c, switches: ALL_ON },
    { connections: c, switches: off },
    { connections: c, switches: ALL_ON },
  ]);
  assert.deepEqual(shown, [[], [], ['needsSignIn:a'], [], []], 'once told, switching off and on does not repeat it');
  for (const kind of ['syncFailing', 'expiringSoon'] as const) {
    const conn = connection('x', { kind: 'connected' }, { refreshExpiresAt: NOW + DAY_MS });
    const runs = { notified: {}, syncRuns: { x: { lastSyncAt: 1, failuresInARow: 5 } } };
    const r = evaluateNotifications(
      { now: NOW, connections: [conn], sync: [idle('x', 1, 'failed')], switches: { ...ALL_ON, [kind]: false, dailyDigest: false } },
      runs,
    );
    assert.ok(!r.show.some((n) => n.kind === kind), `${kind} off`);
    assert.equal(r.show.length, 1, 'the other kind still shows');
  }
});

test('no notification ever contains a secret: reasons, error messages, store fields and registered secrets stay out', () => {
  const secrets = [
    'shpat_0123456789abcdef0123456789abcdef',
    'rt_SECRET_refresh_token_value_42',
    'cs_client_secret_value_xyz_987',
    'ck_woo_consumer_key_0000111122223333',
  ];
  registerSecret(secrets[3]); // as the vault does with every key it loads
  const connections = [
    connection('a', { kind: 'needs-reauth', reason: `invalid_grant for refresh_token=${secrets[1]}` }, { store: `shop.example?access_token=${secrets[0]}` }),
    connection('b', { kind: 'connected' }, { refreshExpiresAt: NOW + DAY_MS, store: secrets[2] }),
    connection('c', { kind: 'connected' }, { accountLabel: `Woo ${secrets[3]}` }),
  ];
  let memory: NotificationMemory = { notified: {}, syncRuns: { c: { lastSyncAt: 1, failuresInARow: 2 } }, digest: { at: NOW - DAY_MS, orderCounts: { c: 0 } } };
  const all: string[] = [];
  for (const sync of [[idle('c', 5, 'failed', 3, `401 Authorization: Bearer ${secrets[0]} client_secret=${secrets[2]}`)]]) {
    const r = evaluateNotifications({ now: NOW, connections, sync, switches: ALL_ON }, memory);
    memory = r.memory;
    for (const n of r.show) all.push(`${n.title}\n${n.body}`);
  }
  assert.deepEqual(all.length, 4, 'sign-in, expiry, sync failing and the digest were all produced');
  for (const text of all) for (const s of secrets) assert.ok(!text.includes(s), `a notification contains ${s.slice(0, 6)}...: ${text}`);
});

test('a store connected twice: the digest counts its new orders once; the copy sends no sign-in notification', () => {
  const copy = connection('a2', { kind: 'revoked', reason: 'gone' }, { duplicateOf: { connectionId: 'a', name: 'Shopify — Shop a' } });
  let memory = EMPTY_MEMORY;
  const run = (now: number, sync: SyncStatusView[]) => {
    const r = evaluateNotifications({ now, connections: [connection('a'), copy], sync, switches: ALL_ON }, memory);
    memory = r.memory;
    return r.show;
  };
  assert.deepEqual(run(NOW, [idle('a', 1, 'ok', 10), idle('a2', 1, 'ok', 10)]), [], 'baseline; no "sign in again" for the copy');
  const digest = run(NOW + DAY_MS, [idle('a', 1, 'ok', 15), idle('a2', 1, 'ok', 15)]);
  assert.deepEqual(
    digest.map((n) => n.body),
    ['5 new orders in the last day from 1 store. Open Storelink to see them.'],
  );
});
