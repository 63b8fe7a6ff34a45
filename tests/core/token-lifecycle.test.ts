/**
 * Token lifecycle (security.md B) against the demo store, with a fake clock for the app and the
 * store: proactive refresh with a margin, invalid_grant, 5xx back-off, crash between refresh
 * response and save, 401 invalid_token -> one refresh + one retry, 403 insufficient_scope.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { approveConsent } from '../../main/demo-store/consent-driver.ts';
import { demoStoreProfile } from '../../main/demo-store/profile.ts';
import { MemoryKeychain } from '../../main/core/vault/memory-keychain.ts';
import type { HttpPort } from '../../main/core/ports.ts';
import { canaryRecordingHttp, eventually, makeCore } from '../helpers/core-fixture.ts';
import { FakeClock } from '../helpers/fake-clock.ts';

const closers: Array<() => Promise<void>> = [];
after(async () => {
  for (const c of closers.reverse()) await c();
});

/** Wraps the real HTTP port; `fail` makes the token endpoint answer 503 (an AS outage). */
function faultyHttp(inner: HttpPort) {
  const state = { fail: false };
  const http: HttpPort = {
    async request(req) {
      if (state.fail && new URL(req.url).pathname === '/oauth/token') return { status: 503, headers: { 'content-type': 'text/html' }, body: '<h1>down</h1>' };
      return inner.request(req);
    },
  };
  return { http, state };
}

async function setup(opts: { lifetime?: number; keychain?: MemoryKeychain; dataDir?: string; clock?: FakeClock } = {}) {
  const clock = opts.clock ?? new FakeClock();
  const rec = canaryRecordingHttp();
  const faulty = faultyHttp(rec.http);
  const fx = await makeCore({
    clock,
    http: faulty.http,
    consent: (u) => approveConsent(u),
    demoStore: { accessTokenLifetimeSec: opts.lifetime ?? 120, now: () => clock.now() },
    ...(opts.keychain ? { keychain: opts.keychain } : {}),
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
  });
  closers.push(() => fx.core.close());
  return { fx, clock, rec, faulty };
}

async function connect(fx: Awaited<ReturnType<typeof setup>>['fx']): Promise<string> {
  const w = await fx.core.startConnect({ providerId: 'demo', fields: {} });
  const done = await fx.core.waitForFlow(w.flowId);
  assert.equal(done.kind, 'done', JSON.stringify(done));
  return (done as { connectionId: string }).connectionId;
}

const refreshCalls = (rec: ReturnType<typeof canaryRecordingHttp>) => rec.tokenCalls.filter((c) => c.grantType === 'refresh_token');

test('security.md #11: expires_at = receipt + expires_in and the refresh fires before expiry (fake timers)', async () => {
  const { fx, clock, rec } = await setup({ lifetime: 120 });
  const t0 = clock.now();
  const id = await connect(fx);
  const view = fx.core.getConnection(id);
  assert.equal(view.accessExpiresAt, t0 + 120_000);
  await clock.advance(90_000);
  assert.equal(refreshCalls(rec).length, 0, 'not yet: 20% margin of 120 s = 24 s');
  await clock.advance(8_000);
  await eventually(() => fx.core.getConnection(id).lastRefreshAt);
  assert.equal(refreshCalls(rec).length, 1);
  const after1 = fx.core.getConnection(id);
  assert.ok(after1.accessExpiresAt! > t0 + 120_000, 'new expiry');
  assert.equal(after1.status.kind, 'connected');
});

test('sleep/resume: after a wall-clock jump past expiry, onResume() refreshes at once', async () => {
  const { fx, clock, rec } = await setup({ lifetime: 120 });
  const id = await connect(fx);
  clock.jump(10 * 60_000);
  await fx.core.onResume();
  assert.equal(refreshCalls(rec).length, 1);
  assert.equal(fx.core.getConnection(id).status.kind, 'connected');
});

test('security.md #13: invalid_grant on refresh -> "needs re-authorization", tokens cleared, no retry loop', async () => {
  const { fx, clock, rec } = await setup();
  const id = await connect(fx);
  const store = await fx.demo.start();
  assert.ok(store.issuer);
  const listed = fx.core.listConnections()[0]!;
  assert.equal(listed.id, id);
  // The grant dies at the store (as when the admin removes the app there): revoke its refresh token.
  const kc = fx.keychain as MemoryKeychain;
  const raw = [...kc.entries.values()].join('');
  const rt = rec.canaries.find((c) => c.startsWith('demo_rt_') && raw.includes(c))!;
  await fetch(`${store.issuer}/oauth/revoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: rt, token_type_hint: 'refresh_token', client_id: 'storelink-desktop' }),
  });
  await assert.rejects(fx.core.refreshConnection(id), (e: { code?: string }) => e.code === 'needs_reauthorization');
  const v = fx.core.getConnection(id);
  assert.equal(v.status.kind, 'needs-reauth');
  assert.equal(v.hasRefreshToken, false);
  const n = refreshCalls(rec).length;
  await clock.advance(60 * 60_000);
  assert.equal(refreshCalls(rec).length, n, 'no retry loop after invalid_grant');
  assert.equal(raw.includes(rt), true);
  assert.equal([...kc.entries.values()].join('').includes(rt), false, 'dead refresh token removed from the keychain');
});

test('security.md #13: 503 from the token endpoint -> error status with a retry time, tokens kept, bounded back-off, then recovery', async () => {
  const { fx, clock, rec, faulty } = await setup();
  const id = await connect(fx);
  faulty.state.fail = true;
  await assert.rejects(fx.core.refreshConnection(id), (e: { code?: string }) => e.code === 'as_unreachable');
  const v = fx.core.getConnection(id);
  assert.equal(v.status.kind, 'error');
  assert.ok(v.status.kind === 'error' && v.status.retryAt! > clock.now());
  assert.equal(v.hasRefreshToken, true, 'tokens kept');
  const tries = refreshCalls(rec).length;
  await clock.advance(25_000);
  assert.equal(refreshCalls(rec).length, tries, 'waits for the back-off');
  faulty.state.fail = false;
  await clock.advance(10_000);
  await eventually(() => fx.core.getConnection(id).status.kind === 'connected');
});

test('security.md #12: a crash between the refresh response and the save never leads to reuse of the old refresh token', async () => {
  const keychain = new MemoryKeychain();
  const clock = new FakeClock();
  const first = await setup({ keychain, clock });
  const id = await connect(first.fx);
  keychain.unavailable = true; // the save after the refresh response fails (as if the app died there)
  await first.fx.core.refreshConnection(id);
  assert.equal(refreshCalls(first.rec).length, 1);
  const spent = new URLSearchParams(refreshCalls(first.rec)[0]!.body).get('refresh_token');
  await first.fx.core.close();
  keychain.unavailable = false;
  // Restart on the same data folder and keychain: the marker says the stored token may be spent.
  const second = await setup({ keychain, clock, dataDir: first.fx.dataDir });
  const v = second.fx.core.getConnection(id);
  assert.equal(v.status.kind, 'needs-reauth');
  await clock.advance(60 * 60_000);
  await assert.rejects(second.fx.core.refreshConnection(id));
  const reused = refreshCalls(second.rec).some((c) => new URLSearchParams(c.body).get('refresh_token') === spent);
  assert.equal(reused, false);
});

test('security.md #14: a 401 invalid_token -> exactly one refresh and one retry; 403 insufficient_scope names the scope', async () => {
  const { fx, rec } = await setup({ lifetime: 600 });
  const id = await connect(fx);
  // The access token dies at the store while the app still believes it is fresh.
  const store = await fx.demo.start();
  const kc = fx.keychain as MemoryKeychain;
  const raw = [...kc.entries.values()].join('');
  const at = rec.canaries.find((c) => c.startsWith('demo_at_') && raw.includes(c))!;
  await fetch(`${store.issuer}/oauth/revoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: at, token_type_hint: 'access_token', client_id: 'storelink-desktop' }),
  });
  const before = refreshCalls(rec).length;
  const res = await fx.core.authorizedRequest(id, { method: 'GET', url: 'api/v1/orders?limit=1' });
  assert.equal(res.status, 200);
  assert.equal(refreshCalls(rec).length - before, 1);

  // Reconnect without orders:read, then the orders API answers 403 insufficient_scope.
  fx.setConsent((u) => approveConsent(u, { uncheck: ['orders:read'] }));
  const w = await fx.core.reconnect(id);
  const done = await fx.core.waitForFlow(w.flowId);
  assert.equal(done.kind, 'done');
  assert.equal(fx.core.getConnection(id).scopes.find((s) => s.name === 'orders:read')?.granted, false);
  await assert.rejects(
    fx.core.authorizedRequest(id, { method: 'GET', url: 'api/v1/orders?limit=1' }),
    (e: { code?: string; missingScope?: string }) => e.code === 'insufficient_scope' && e.missingScope === 'orders:read',
  );
});

test('security.md #19: with no keychain, connecting fails with keychain_unavailable and nothing is saved', async () => {
  const keychain = new MemoryKeychain();
  keychain.unavailable = true;
  const { fx } = await setup({ keychain });
  const w = await fx.core.startConnect({ providerId: 'demo', fields: {} });
  const out = await fx.core.waitForFlow(w.flowId);
  assert.equal(out.kind, 'failed');
  assert.equal((out as { error: { code: string } }).error.code, 'keychain_unavailable');
  assert.equal(fx.core.listConnections().length, 0);
  assert.ok(demoStoreProfile.id === 'demo');
});
