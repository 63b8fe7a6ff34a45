import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { approveConsent } from '../../main/demo-store/consent-driver.ts';
import { canaryRecordingHttp, eventually, findCanaries, makeCore, readAllFiles } from '../helpers/core-fixture.ts';
import type { ConnectFlowView } from '../../shared/view-models.ts';

const rec = canaryRecordingHttp();
const fx = await makeCore({ http: rec.http, consent: (url) => approveConsent(url), demoStore: { accessTokenLifetimeSec: 120 } });
const errorsSeen: string[] = [];
after(() => fx.core.close());

async function connectDemo(): Promise<string> {
  const waiting = await fx.core.startConnect({ providerId: 'demo', fields: {} });
  assert.equal(waiting.kind, 'waiting');
  const done = (await fx.core.waitForFlow(waiting.flowId)) as ConnectFlowView;
  assert.equal(done.kind, 'done', JSON.stringify(done));
  return (done as { connectionId: string }).connectionId;
}

let connectionId = '';

test('security.md #1, #3, #4: connect the demo store through the system-browser port with PKCE S256 and a 127.0.0.1 loopback redirect', async () => {
  connectionId = await connectDemo();
  const url = new URL(fx.openedUrls.at(-1)!);
  assert.equal(url.searchParams.get('response_type'), 'code');
  assert.match(url.searchParams.get('redirect_uri')!, /^http:\/\/127\.0\.0\.1:\d+\/callback$/);
  assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
  assert.match(url.searchParams.get('code_challenge')!, /^[A-Za-z0-9_-]{43}$/);
  const exchange = rec.tokenCalls.find((c) => c.grantType === 'authorization_code')!;
  const body = new URLSearchParams(exchange.body);
  assert.match(body.get('code_verifier')!, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(body.get('redirect_uri'), url.searchParams.get('redirect_uri'), 'security.md #8: byte-identical redirect_uri');
  await eventually(() => fx.lastCallback);
  assert.equal(fx.lastCallback?.status, 303);
  assert.equal(fx.lastCallback?.location, '/done');
  assert.match(fx.lastCallback!.page, /Connected to Demo store/);
});

test('security.md #15: the connection view shows the granted scopes, their descriptions and the access expiry', () => {
  const view = fx.core.getConnection(connectionId);
  assert.equal(view.status.kind, 'connected');
  assert.equal(view.accountLabel, 'Demo Coffee Roasters');
  const orders = view.scopes.find((s) => s.name === 'orders:read')!;
  assert.equal(orders.granted, true);
  assert.match(orders.description, /orders/i);
  assert.ok(view.accessExpiresAt! > Date.now() + 100_000 && view.accessExpiresAt! <= Date.now() + 120_000);
  assert.equal(view.hasRefreshToken, true);
  assert.ok(view.nextRefreshAt! < view.accessExpiresAt!, 'refresh is scheduled before expiry');
});

test('authorized request reaches the orders API with the bearer token in the header only (security.md #10)', async () => {
  const res = await fx.core.authorizedRequest(connectionId, { method: 'GET', url: 'api/v1/orders?limit=5' });
  assert.equal(res.status, 200);
  const body = JSON.parse(res.body) as { orders: unknown[] };
  assert.equal(body.orders.length, 5);
});

test('security.md #12: refresh rotates the refresh token and persists the new one; 20 concurrent refreshes make exactly one request', async () => {
  const before = rec.tokenCalls.filter((c) => c.grantType === 'refresh_token').length;
  const results = await Promise.all(Array.from({ length: 20 }, () => fx.core.refreshConnection(connectionId)));
  const after = rec.tokenCalls.filter((c) => c.grantType === 'refresh_token').length;
  assert.equal(after - before, 1);
  assert.ok(results.every((r) => r.status.kind === 'connected'));
  // The old refresh token is never sent again: a second refresh uses the rotated one and succeeds.
  await fx.core.refreshConnection(connectionId);
  const sent = rec.tokenCalls.filter((c) => c.grantType === 'refresh_token').map((c) => new URLSearchParams(c.body).get('refresh_token'));
  assert.equal(new Set(sent).size, sent.length, 'every refresh used a different refresh token');
  const res = await fx.core.authorizedRequest(connectionId, { method: 'GET', url: 'api/v1/store' });
  assert.equal(res.status, 200);
  const kinds = fx.core.listActivity(10).map((a) => a.kind);
  assert.ok(kinds.includes('refreshed') && kinds.includes('connected'));
});

test('security.md #5: a callback with a wrong state gets an error page and makes zero token requests; the flow keeps waiting', async () => {
  fx.setConsent('ignore');
  const waiting = await fx.core.startConnect({ providerId: 'demo', fields: {} });
  assert.equal(waiting.kind, 'waiting');
  const url = new URL(fx.openedUrls.at(-1)!);
  const calls = rec.tokenCalls.length;
  const forged = new URL(url.searchParams.get('redirect_uri')!);
  forged.search = new URLSearchParams({ code: 'attacker-code', state: 'not-the-state', iss: new URL(url.origin).origin }).toString();
  const res = await fetch(forged, { redirect: 'manual' });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /did not belong/);
  assert.equal(rec.tokenCalls.length, calls);
  fx.core.cancelConnect(waiting.flowId);
  const out = await fx.core.waitForFlow(waiting.flowId);
  assert.equal(out.kind, 'cancelled');
  await assert.rejects(fetch(forged), 'security.md #2: listener closed after cancel');
});

test('consent denied gives a typed consent_denied outcome and saves nothing', async () => {
  fx.setConsent((url) => approveConsent(url, { deny: true }));
  const n = fx.core.listConnections().length;
  const waiting = await fx.core.startConnect({ providerId: 'demo', fields: {} });
  const out = await fx.core.waitForFlow(waiting.flowId);
  assert.equal(out.kind, 'failed');
  assert.equal((out as { error: { code: string } }).error.code, 'consent_denied');
  errorsSeen.push((out as { error: { message: string } }).error.message);
  assert.equal(fx.core.listConnections().length, n);
});

test('security.md #15, issue 10: a scope the admin unticks is shown as not granted and needed; connecting the same store again renews the one connection', async () => {
  fx.setConsent((url) => approveConsent(url, { uncheck: ['store:read'] }));
  const n = fx.core.listConnections().length;
  const id = await connectDemo();
  assert.equal(id, connectionId, 'the same demo store: its existing connection was renewed, no second one');
  assert.equal(fx.core.listConnections().length, n);
  const view = fx.core.getConnection(id);
  const store = view.scopes.find((s) => s.name === 'store:read')!;
  assert.equal(store.granted, false);
  assert.equal(store.required, true);
  assert.equal(view.scopeStates![view.scopes.indexOf(store)], 'missing');
  assert.equal(view.health?.headline, 'A permission is missing');
  assert.notEqual(view.health?.headline, 'Working normally');
  fx.setConsent((url) => approveConsent(url));
  await connectDemo();
  assert.equal(fx.core.getConnection(connectionId).health?.headline, 'Working normally');
});

test('security.md #16: disconnect revokes at the provider (RFC 7009), deletes keychain entries and the record', async () => {
  const result = await fx.core.disconnect(connectionId);
  assert.equal(result.outcome, 'revoked-at-provider');
  assert.equal(
    fx.core.listConnections().some((c) => c.id === connectionId),
    false,
  );
  assert.equal(await fx.keychain.getPassword('Storelink', connectionId), null);
  // issue 10 item 5: one row for the disconnect, no duplicate "revoked" row beside it
  const rows = fx.core.listActivity(20, { connectionId }).filter((a) => a.kind === 'revoked' || a.kind === 'disconnected');
  assert.deepEqual(
    rows.map((a) => [a.kind, a.reason]),
    [['disconnected', 'access revoked at the provider and removed from this computer']],
  );
});

test('security.md #10, #38: after connect / refresh / disconnect no canary token is in the data folder, the logs or error messages', () => {
  assert.ok(rec.canaries.length >= 4, 'canaries were recorded');
  const hits = findCanaries(rec.canaries, [
    ...readAllFiles(fx.dataDir),
    { path: 'logs', text: fx.logLines.join('\n') },
    { path: 'errors', text: errorsSeen.join('\n') },
    { path: 'views', text: JSON.stringify([fx.core.listConnections(), fx.core.listActivity(100)]) },
  ]);
  assert.deepEqual(hits, []);
});
