/**
 * The connection core against a real authorization server (oidc-provider on 127.0.0.1) with the
 * generic OAuth 2.0 / OpenID profile: discovery, PKCE, iss, refresh rotation, RFC 7009 revocation.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startOidcServer } from '../helpers/oidc-server.ts';
import { completeOidcLogin } from '../helpers/oidc-consent.ts';
import { findCanaries, makeCore, readAllFiles, type CoreFixture } from '../helpers/core-fixture.ts';

const SCOPES = ['openid', 'email', 'offline_access'];
const cleanups: Array<() => Promise<void>> = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function setup(opts: Parameters<typeof startOidcServer>[0] = {}, driver = (u: string) => completeOidcLogin(u)) {
  const as = await startOidcServer(opts);
  const fx = await makeCore({ consent: driver });
  cleanups.push(
    () => fx.core.close(),
    () => as.close(),
  );
  return { as, fx };
}

async function connect(fx: CoreFixture, issuer: string) {
  const waiting = await fx.core.startConnect({ providerId: 'generic-oidc', fields: { issuer, clientId: 'storelink-desktop' }, scopes: SCOPES });
  return fx.core.waitForFlow(waiting.flowId);
}

test('generic profile: connect, refresh with rotation, disconnect with RFC 7009 revocation against oidc-provider (security.md #12, #15, #16)', async () => {
  const { as, fx } = await setup({ accessTokenTtlSec: 60 });
  const done = await connect(fx, as.issuer);
  assert.equal(done.kind, 'done', JSON.stringify(done));
  const id = (done as { connectionId: string }).connectionId;
  const view = fx.core.getConnection(id);
  assert.match(view.accountLabel, /^alice/, 'label from the ID token claims');
  assert.deepEqual(
    view.scopes
      .filter((s) => s.granted)
      .map((s) => s.name)
      .sort(),
    [...SCOPES].sort(),
  );
  assert.equal(view.hasRefreshToken, true);

  const keychainBefore = JSON.stringify([...(fx.keychain as unknown as { entries: Map<string, string> }).entries.values()]);
  const firstRefresh = as.canaries().find((t) => keychainBefore.includes(t) && as.canaries().indexOf(t) === 1)!;
  assert.ok(firstRefresh, 'the first refresh token is in the keychain');
  await fx.core.refreshConnection(id);
  const refreshes = as.requests().filter((r) => r.grantType === 'refresh_token');
  assert.equal(refreshes.length, 1);
  // Rotation: the refresh token used first is now dead at the AS.
  assert.equal((await as.introspect(firstRefresh)).active, false);

  const result = await fx.core.disconnect(id);
  assert.equal(result.outcome, 'revoked-at-provider');
  const latest = as.canaries().at(-1)!;
  for (const t of as.canaries().filter((x) => x.split('.').length !== 3))
    assert.equal((await as.introspect(t)).active, false, 'every token inactive after disconnect');
  assert.ok(latest);
  const hits = findCanaries([...as.canaries(), ...as.codes()], [...readAllFiles(fx.dataDir), { path: 'log', text: fx.logLines.join('\n') }]);
  assert.deepEqual(hits, [], 'security.md #10: no token or code in files or logs');
});

test('security.md #6: an authorization response with another issuer is rejected with issuer_mismatch and no token request', async () => {
  const { as, fx } = await setup({ issOverride: 'http://127.0.0.1:1/evil' });
  const out = await connect(fx, as.issuer);
  assert.equal(out.kind, 'failed');
  assert.equal((out as { error: { code: string } }).error.code, 'issuer_mismatch');
  assert.equal(as.requests().filter((r) => r.grantType).length, 0);
});

test('security.md #6: the trailing-slash variant of the issuer is rejected', async () => {
  const { as, fx } = await setup({ issOverride: (iss) => `${iss}/` });
  const out = await connect(fx, as.issuer);
  assert.equal((out as { error: { code: string } }).error.code, 'issuer_mismatch');
  assert.equal(as.requests().filter((r) => r.grantType).length, 0);
});

test('security.md #6: a missing iss is rejected because the metadata advertises authorization_response_iss_parameter_supported', async () => {
  const { as, fx } = await setup({ omitIss: true });
  const out = await connect(fx, as.issuer);
  assert.equal((out as { error: { code: string } }).error.code, 'issuer_mismatch');
  assert.equal(as.requests().filter((r) => r.grantType).length, 0);
});

test('consent denied at the AS gives consent_denied', async () => {
  const { as, fx } = await setup({}, (u) => completeOidcLogin(u, { deny: true }));
  const out = await connect(fx, as.issuer);
  assert.equal((out as { error: { code: string } }).error.code, 'consent_denied');
  assert.equal(fx.core.listConnections().length, 0);
});

test('AS unreachable: starting a connection fails with a typed as_unreachable error and no listener stays open', async () => {
  const fx = await makeCore();
  cleanups.push(() => fx.core.close());
  await assert.rejects(
    fx.core.startConnect({ providerId: 'generic-oidc', fields: { issuer: 'http://127.0.0.1:9', clientId: 'x' }, scopes: SCOPES }),
    (err: { code?: string }) => err.code === 'as_unreachable',
  );
  assert.equal(fx.openedUrls.length, 0);
});

test('security.md #23: the flow times out with flow_timeout and closes its listener', async () => {
  const as = await startOidcServer();
  const fx = await makeCore({ flowTimeoutMs: 300 });
  cleanups.push(
    () => fx.core.close(),
    () => as.close(),
  );
  const waiting = await fx.core.startConnect({ providerId: 'generic-oidc', fields: { issuer: as.issuer, clientId: 'storelink-desktop' }, scopes: SCOPES });
  const out = await fx.core.waitForFlow(waiting.flowId);
  assert.equal((out as { error: { code: string } }).error.code, 'flow_timeout');
  const redirect = new URL(fx.openedUrls[0]!).searchParams.get('redirect_uri')!;
  await assert.rejects(fetch(redirect), 'security.md #2: ECONNREFUSED after timeout');
});

test('input validation: an http issuer on a public host and unknown fields are refused with invalid_input', async () => {
  const fx = await makeCore();
  cleanups.push(() => fx.core.close());
  await assert.rejects(
    fx.core.startConnect({ providerId: 'generic-oidc', fields: { issuer: 'http://login.example.com', clientId: 'x' } }),
    (e: { code?: string }) => e.code === 'invalid_input',
  );
  await assert.rejects(
    fx.core.startConnect({ providerId: 'generic-oidc', fields: { issuer: 'https://a.example', clientId: 'x', extra: '1' } }),
    (e: { code?: string }) => e.code === 'invalid_input',
  );
  await assert.rejects(fx.core.startConnect({ providerId: 'nope', fields: {} }), (e: { code?: string }) => e.code === 'unknown_provider');
});
