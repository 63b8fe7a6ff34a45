/**
 * The state table of what a connection card says (issue 10 item 2; docs/status.md is the same
 * table in words). One row per combination that matters: status machine state x access expiry x
 * refresh token (absent, open-ended, ending, ended) x granted vs needed scopes x last sync.
 * Each row names the expected tone, headline, what the Access and Sign-in renewal rows show, and
 * each scope's state. The invariants below the table hold for every row.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deriveHealth, RENEWAL_WARNING_MS, type HealthInput, type HealthScope } from '../../main/core/lifecycle/connection-health.ts';
import type { ConnectionStatus, HealthFact, ScopeState } from '../../shared/view-models.ts';

const NOW = Date.UTC(2026, 11, 2, 12, 0, 0);
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

const ORDERS: HealthScope = { name: 'orders:read', description: 'Read your orders', granted: true, required: true };
const STORE: HealthScope = { name: 'store:read', description: "See your store's name", granted: true, required: true };
const REFUNDS: HealthScope = { name: 'refunds:read', description: 'See refunds', granted: false, required: false };
const all = [STORE, ORDERS, REFUNDS];
const noOrders = [STORE, { ...ORDERS, granted: false }, REFUNDS];

const connected: ConnectionStatus = { kind: 'connected' };
const base: HealthInput = {
  kind: 'oauth-pkce',
  providerName: 'Demo store',
  status: connected,
  accessExpiresAt: NOW + 2 * MIN,
  hasRefreshToken: true,
  refreshExpiresAt: NOW + 30 * DAY,
  scopes: all,
  now: NOW,
};

/** What the Access / renewal rows show: `countdown` or the words. */
type Shown = 'countdown' | string;
const shown = (f: HealthFact): Shown => (f.kind === 'countdown' ? 'countdown' : f.text);

interface Row {
  name: string;
  input: Partial<HealthInput>;
  tone: 'ok' | 'info' | 'warning' | 'error';
  headline: string;
  /** Words the detail must contain. */
  detail: RegExp;
  access: Shown;
  renewal: Shown;
  scopes: ScopeState[];
}

const LIVE: ScopeState[] = ['granted', 'granted', 'optional-missing'];
const NO_ORDERS: ScopeState[] = ['granted', 'missing', 'optional-missing'];
const DEAD: ScopeState[] = ['inactive', 'inactive', 'inactive'];

const TABLE: Row[] = [
  // -- healthy
  {
    name: 'oauth, access valid, rotating refresh token',
    input: {},
    tone: 'ok',
    headline: 'Working normally',
    detail: /renews access by itself/,
    access: 'countdown',
    renewal: 'countdown',
    scopes: LIVE,
  },
  {
    name: 'oauth, refresh token with no known end',
    input: { refreshExpiresAt: undefined },
    tone: 'ok',
    headline: 'Working normally',
    detail: /renews access/,
    access: 'countdown',
    renewal: 'Valid, no known end date',
    scopes: LIVE,
  },
  {
    name: 'oauth, access ended, refresh token still good (renewed on next use)',
    input: { accessExpiresAt: NOW - MIN },
    tone: 'ok',
    headline: 'Working normally',
    detail: /renews access/,
    access: 'Renewed when next needed; last access ended',
    renewal: 'countdown',
    scopes: LIVE,
  },
  {
    name: 'oauth token that does not expire, no refresh token (Shopify offline)',
    input: { accessExpiresAt: undefined, hasRefreshToken: false, refreshExpiresAt: undefined },
    tone: 'ok',
    headline: 'Working normally',
    detail: /does not expire/,
    access: 'Does not expire',
    renewal: 'Not needed',
    scopes: LIVE,
  },
  {
    name: 'api-key connection (keys do not expire)',
    input: { kind: 'api-key', accessExpiresAt: undefined, hasRefreshToken: false, refreshExpiresAt: undefined, scopes: [] },
    tone: 'ok',
    headline: 'Working normally',
    detail: /does not expire/,
    access: 'Does not expire',
    renewal: 'Not needed',
    scopes: [],
  },
  {
    name: 'last sync succeeded',
    input: { sync: { lastResult: 'ok' } },
    tone: 'ok',
    headline: 'Working normally',
    detail: /Nothing for you to do/,
    access: 'countdown',
    renewal: 'countdown',
    scopes: LIVE,
  },
  {
    name: 'last sync cancelled by the admin',
    input: { sync: { lastResult: 'cancelled' } },
    tone: 'ok',
    headline: 'Working normally',
    detail: /Nothing for you to do/,
    access: 'countdown',
    renewal: 'countdown',
    scopes: LIVE,
  },
  // -- needed scopes
  {
    name: 'orders not granted',
    input: { scopes: noOrders },
    tone: 'warning',
    headline: 'A permission is missing',
    detail: /did not allow: Read your orders\. Press Reconnect/,
    access: 'countdown',
    renewal: 'countdown',
    scopes: NO_ORDERS,
  },
  {
    name: 'two needed scopes not granted',
    input: { scopes: [{ ...STORE, granted: false }, { ...ORDERS, granted: false }, REFUNDS] },
    tone: 'warning',
    headline: 'Permissions are missing',
    detail: /See your store's name and Read your orders/,
    access: 'countdown',
    renewal: 'countdown',
    scopes: ['missing', 'missing', 'optional-missing'],
  },
  {
    name: 'orders not granted on a key that does not expire',
    input: { accessExpiresAt: undefined, hasRefreshToken: false, refreshExpiresAt: undefined, scopes: noOrders },
    tone: 'warning',
    headline: 'A permission is missing',
    detail: /Read your orders/,
    access: 'Does not expire',
    renewal: 'Not needed',
    scopes: NO_ORDERS,
  },
  {
    name: 'only an optional scope missing',
    input: { scopes: [STORE, ORDERS, REFUNDS] },
    tone: 'ok',
    headline: 'Working normally',
    detail: /renews/,
    access: 'countdown',
    renewal: 'countdown',
    scopes: LIVE,
  },
  // -- access that cannot be kept without the admin
  {
    name: 'no refresh token, access still valid',
    input: { hasRefreshToken: false, refreshExpiresAt: undefined },
    tone: 'warning',
    headline: 'Access ends soon',
    detail: /gives no way to renew access without you/,
    access: 'countdown',
    renewal: 'None: sign in again when access ends',
    scopes: LIVE,
  },
  {
    name: 'no refresh token, access expired 1 min ago (dead)',
    input: { accessExpiresAt: NOW - MIN, hasRefreshToken: false, refreshExpiresAt: undefined },
    tone: 'error',
    headline: 'Access expired',
    detail: /Access ended, and Demo store gives no way to renew it without you\. Press Reconnect/,
    access: 'Ended',
    renewal: 'None',
    scopes: DEAD,
  },
  {
    name: 'no refresh token, access expired, orders never granted (dead wins)',
    input: { accessExpiresAt: NOW - MIN, hasRefreshToken: false, refreshExpiresAt: undefined, scopes: noOrders },
    tone: 'error',
    headline: 'Access expired',
    detail: /Press Reconnect/,
    access: 'Ended',
    renewal: 'None',
    scopes: DEAD,
  },
  {
    name: 'refresh token ended, access still valid',
    input: { refreshExpiresAt: NOW - MIN },
    tone: 'warning',
    headline: 'Access ends soon',
    detail: /permission to renew access has ended/,
    access: 'countdown',
    renewal: 'Ended',
    scopes: LIVE,
  },
  {
    name: 'refresh token ended and access ended (dead)',
    input: { accessExpiresAt: NOW - 2 * MIN, refreshExpiresAt: NOW - MIN },
    tone: 'error',
    headline: 'Access expired',
    detail: /and so did the permission to renew it/,
    access: 'Ended',
    renewal: 'Ended',
    scopes: DEAD,
  },
  {
    name: 'refresh token ends within a week',
    input: { refreshExpiresAt: NOW + 3 * DAY },
    tone: 'warning',
    headline: 'Sign in again soon',
    detail: /permission to renew access ends soon/,
    access: 'countdown',
    renewal: 'countdown',
    scopes: LIVE,
  },
  // -- the status machine
  {
    name: 'refresh in flight',
    input: { status: { kind: 'refreshing' } },
    tone: 'info',
    headline: 'Renewing access',
    detail: /Getting fresh access from Demo store/,
    access: 'countdown',
    renewal: 'countdown',
    scopes: LIVE,
  },
  {
    name: 'last refresh failed, retry scheduled, access still valid',
    input: { status: { kind: 'error', reason: 'Demo store could not be reached', retryAt: NOW + 30_000 } },
    tone: 'warning',
    headline: 'Could not renew access',
    detail: /could not be reached\. Storelink will try again by itself/,
    access: 'countdown',
    renewal: 'countdown',
    scopes: LIVE,
  },
  {
    name: 'last refresh failed, access already ended',
    input: { status: { kind: 'error', reason: 'Demo store answered 503.', retryAt: NOW + 30_000 }, accessExpiresAt: NOW - MIN },
    tone: 'error',
    headline: 'Could not renew access',
    detail: /cannot reach your orders/,
    access: 'Renewed when next needed; last access ended',
    renewal: 'countdown',
    scopes: LIVE,
  },
  {
    name: 'last refresh failed, no retry planned',
    input: { status: { kind: 'error', reason: 'The keychain refused the save.' } },
    tone: 'warning',
    headline: 'Could not renew access',
    detail: /Press Refresh now to try again/,
    access: 'countdown',
    renewal: 'countdown',
    scopes: LIVE,
  },
  {
    name: 'needs sign-in again (invalid_grant)',
    input: { status: { kind: 'needs-reauth', reason: 'Demo store no longer accepts the saved sign-in.' } },
    tone: 'error',
    headline: 'Sign in again',
    detail: /no longer accepts the saved sign-in\. Press Reconnect/,
    access: 'No access',
    renewal: 'None',
    scopes: DEAD,
  },
  {
    name: 'needs sign-in again, token that never expires',
    input: { status: { kind: 'needs-reauth', reason: 'Keys unreadable' }, accessExpiresAt: undefined, hasRefreshToken: false },
    tone: 'error',
    headline: 'Sign in again',
    detail: /Keys unreadable\. Press Reconnect/,
    access: 'No access',
    renewal: 'None',
    scopes: DEAD,
  },
  {
    name: 'revoked at the platform',
    input: { status: { kind: 'revoked', reason: 'Access was revoked at Demo store.' } },
    tone: 'error',
    headline: 'Access revoked',
    detail: /revoked at Demo store\. Press Reconnect to give access again/,
    access: 'No access',
    renewal: 'None',
    scopes: DEAD,
  },
  {
    name: 'revoked, key that never expires',
    input: { status: { kind: 'revoked', reason: 'Uninstalled' }, accessExpiresAt: undefined, hasRefreshToken: false },
    tone: 'error',
    headline: 'Access revoked',
    detail: /Uninstalled\./,
    access: 'No access',
    renewal: 'None',
    scopes: DEAD,
  },
  // -- the last order sync
  {
    name: 'healthy tokens, last sync failed',
    input: { sync: { lastResult: 'failed', lastError: 'Demo store answered 500 to the orders request' } },
    tone: 'warning',
    headline: 'Last sync failed',
    detail: /answered 500 to the orders request\. Storelink tries again/,
    access: 'countdown',
    renewal: 'countdown',
    scopes: LIVE,
  },
  {
    name: 'missing scope outranks a failed sync',
    input: { scopes: noOrders, sync: { lastResult: 'failed', lastError: 'x' } },
    tone: 'warning',
    headline: 'A permission is missing',
    detail: /Read your orders/,
    access: 'countdown',
    renewal: 'countdown',
    scopes: NO_ORDERS,
  },
  {
    name: 'revoked outranks a failed sync',
    input: { status: { kind: 'revoked', reason: 'Revoked.' }, sync: { lastResult: 'failed', lastError: 'x' } },
    tone: 'error',
    headline: 'Access revoked',
    detail: /Revoked\./,
    access: 'No access',
    renewal: 'None',
    scopes: DEAD,
  },
];

for (const row of TABLE) {
  test(`issue 10 status table: ${row.name} -> ${row.tone} "${row.headline}"`, () => {
    const { health, scopeStates } = deriveHealth({ ...base, ...row.input });
    assert.equal(health.tone, row.tone);
    assert.equal(health.headline, row.headline);
    assert.match(health.detail, row.detail);
    assert.equal(shown(health.access), row.access, 'Access row');
    assert.equal(shown(health.renewal), row.renewal, 'Sign-in renewal row');
    assert.deepEqual(scopeStates, row.scopes);
  });
}

test('issue 10 status table: invariants hold on every row', () => {
  for (const row of TABLE) {
    const input = { ...base, ...row.input };
    const { health, scopeStates } = deriveHealth(input);
    const at = `row "${row.name}"`;
    if (health.headline === 'Working normally') {
      assert.ok(
        input.scopes.every((s) => s.granted || !s.required),
        `${at}: "Working normally" only with every needed scope granted`,
      );
      const keeps = input.accessExpiresAt === undefined || (input.hasRefreshToken && (input.refreshExpiresAt === undefined || input.refreshExpiresAt > NOW));
      assert.ok(keeps, `${at}: "Working normally" only when access can be kept without the admin`);
      assert.ok(input.status.kind === 'connected', `${at}: "Working normally" only when connected`);
    }
    const dead = ['revoked', 'needs-reauth'].includes(input.status.kind) || health.headline === 'Access expired';
    if (dead) {
      assert.ok(!scopeStates.includes('granted'), `${at}: a revoked or dead connection shows no scope as granted`);
      assert.notEqual(health.access.kind, 'countdown', `${at}: no expiry countdown`);
      assert.ok(!(health.access.kind === 'text' && health.access.text === 'Does not expire'), `${at}: never "Does not expire"`);
      assert.equal(health.tone, 'error');
    }
    assert.ok(health.detail.length > 0 && /[.…]$/.test(health.detail), `${at}: the detail is whole sentences`);
  }
});

test('issue 10 status table: changesAt is the next moment the words change by time alone', () => {
  // No refresh token: the words change when access ends.
  const ends = deriveHealth({ ...base, hasRefreshToken: false, refreshExpiresAt: undefined });
  assert.equal(ends.health.changesAt, base.accessExpiresAt);
  const later = deriveHealth({ ...base, hasRefreshToken: false, refreshExpiresAt: undefined, now: base.accessExpiresAt! });
  assert.equal(later.health.headline, 'Access expired');
  // A refresh token ending in 10 days: the warning starts 7 days before its end.
  const rt = NOW + 10 * DAY;
  const r = deriveHealth({ ...base, accessExpiresAt: undefined, refreshExpiresAt: rt });
  assert.equal(r.health.changesAt, rt - RENEWAL_WARNING_MS);
  assert.equal(deriveHealth({ ...base, accessExpiresAt: undefined, refreshExpiresAt: rt, now: rt - RENEWAL_WARNING_MS }).health.headline, 'Sign in again soon');
  // Revoked: nothing changes by itself.
  assert.equal(deriveHealth({ ...base, status: { kind: 'revoked', reason: 'r' } }).health.changesAt, undefined);
});

test('issue 10 status filter: every card is grouped by the same derivation as its words, never by the raw status', () => {
  const groupOf = (input: Partial<HealthInput>) => deriveHealth({ ...base, ...input }).health.group;
  // The raw status is "connected" in all three, but only the first is working.
  assert.equal(groupOf({}), 'working');
  assert.equal(
    groupOf({ hasRefreshToken: false, refreshExpiresAt: undefined, accessExpiresAt: NOW - MIN }),
    'not-working',
    'access expired, nothing renews it',
  );
  assert.equal(groupOf({ scopes: noOrders }), 'attention', 'a needed permission is missing');
  assert.equal(groupOf({ sync: { lastResult: 'failed', lastError: 'x' } }), 'attention');
  assert.equal(groupOf({ status: { kind: 'refreshing' } }), 'working');
  for (const row of TABLE) {
    const { health } = deriveHealth({ ...base, ...row.input });
    const at = `row "${row.name}"`;
    assert.ok(health.group !== undefined, `${at}: has a group`);
    if (health.group === 'working')
      assert.ok(['Working normally', 'Renewing access'].includes(health.headline), `${at}: only working words are listed as working`);
    if (row.scopes === DEAD) assert.equal(health.group, 'not-working', `${at}: a revoked or dead connection is listed as not working`);
    if (health.tone === 'warning') assert.equal(health.group, 'attention', at);
  }
});

test('issue 10 sync row of the card: "Not synced yet" until the first run ends, then the last result and when', () => {
  const syncOf = (sync: HealthInput['sync']) => deriveHealth({ ...base, ...(sync ? { sync } : {}) }).health.sync;
  assert.equal(syncOf(undefined), undefined, 'a platform without orders has no sync row');
  assert.deepEqual(syncOf({}), { kind: 'text', text: 'Not synced yet' });
  const at = NOW - 5 * MIN;
  assert.deepEqual(syncOf({ lastResult: 'ok', lastSyncAt: at }), { kind: 'text', text: 'Succeeded', at });
  assert.deepEqual(syncOf({ lastResult: 'failed', lastSyncAt: at, lastError: 'x' }), { kind: 'text', text: 'Failed', at });
  assert.deepEqual(syncOf({ lastResult: 'cancelled', lastSyncAt: at }), { kind: 'text', text: 'Cancelled', at });
  // The row is a fact: it stays on a dead connection too, and not synced yet is not a failure.
  assert.equal(deriveHealth({ ...base, status: { kind: 'revoked', reason: 'r' }, sync: { lastResult: 'ok', lastSyncAt: at } }).health.sync?.kind, 'text');
  assert.equal(deriveHealth({ ...base, sync: {} }).health.headline, 'Working normally');
});
