import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode, InputError, StorelinkError } from '../../main/core/errors.ts';
import { createAxiosHttp } from '../../main/core/http/axios-http.ts';
import { discoverAuthorizationServer, isAllowedEndpointUrl, metadataUrls, parseIssuer } from '../../main/core/oauth/discovery.ts';
import { closedPort, json, startServer, type TestServer } from './helpers.ts';
import { EndpointResolver } from '../../main/core/connections/endpoints.ts';
import { genericOidcProfile } from '../../main/core/providers/generic-oidc.ts';
import { FakeClock } from '../helpers/fake-clock.ts';

/** Metadata documents by tenant path; the issuer is `${base}/{tenant}`. */
let as: TestServer;
const docs = new Map<string, (base: string) => Record<string, unknown>>();
before(async () => {
  as = await startServer((req, res) => {
    const wk = '/.well-known/oauth-authorization-server';
    const tenant = req.url.startsWith(wk) ? req.url.slice(wk.length) : '';
    const doc = docs.get(tenant);
    if (doc) return json(res, 200, doc(as.base));
    if (req.url === '/oidc-only/.well-known/openid-configuration') return json(res, 200, good(`${as.base}/oidc-only`));
    res.writeHead(404);
    res.end();
  });
});
after(() => as.close());
const http = createAxiosHttp({ timeoutMs: 5_000 });

function good(issuer: string): Record<string, unknown> {
  return {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    revocation_endpoint: `${issuer}/revoke`,
    code_challenge_methods_supported: ['S256'],
    scopes_supported: ['openid', 'orders:read', 7],
    authorization_response_iss_parameter_supported: true,
  };
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof StorelinkError, String(err));
    return err.code;
  }
  return 'resolved';
}

test('security.md #6: RFC 8414 §3.1 path insertion comes first, then OpenID path appending', () => {
  assert.deepEqual(metadataUrls('https://as.example.com/tenant1'), [
    'https://as.example.com/.well-known/oauth-authorization-server/tenant1',
    'https://as.example.com/tenant1/.well-known/openid-configuration',
  ]);
  assert.deepEqual(metadataUrls('https://as.example.com'), [
    'https://as.example.com/.well-known/oauth-authorization-server',
    'https://as.example.com/.well-known/openid-configuration',
  ]);
  assert.deepEqual(metadataUrls('https://as.example.com/a/b/'), [
    'https://as.example.com/.well-known/oauth-authorization-server/a/b',
    'https://as.example.com/a/b/.well-known/openid-configuration',
  ]);
});

test('security.md #6: discovery reads metadata at the issuer and records the RFC 9207 iss promise', async () => {
  docs.set('/t1', (b) => good(`${b}/t1`));
  const md = await discoverAuthorizationServer(http, `${as.base}/t1`);
  assert.equal(md.issuer, `${as.base}/t1`);
  assert.equal(md.tokenEndpoint, `${as.base}/t1/token`);
  assert.equal(md.issParameterSupported, true);
  assert.deepEqual(md.scopesSupported, ['openid', 'orders:read']);
  // fallback to OpenID discovery after a 404, in that order
  const n = as.requests.length;
  const oidc = await discoverAuthorizationServer(http, `${as.base}/oidc-only`);
  assert.equal(oidc.issuer, `${as.base}/oidc-only`);
  assert.deepEqual(
    as.requests.slice(n).map((r) => r.url),
    ['/.well-known/oauth-authorization-server/oidc-only', '/oidc-only/.well-known/openid-configuration'],
  );
});

test('security.md #6: metadata naming another issuer (or a trailing-slash variant) is issuer_mismatch', async () => {
  docs.set('/mix', () => good('https://evil.example.com/mix'));
  docs.set('/slash', (b) => good(`${b}/slash/`));
  assert.equal(await codeOf(discoverAuthorizationServer(http, `${as.base}/mix`)), ErrorCode.IssuerMismatch);
  assert.equal(await codeOf(discoverAuthorizationServer(http, `${as.base}/slash`)), ErrorCode.IssuerMismatch);
});

test('security.md #10 #37: plain-http (non-loopback) endpoints in metadata are refused; unreachable AS is as_unreachable', async () => {
  docs.set('/http', (b) => ({ ...good(`${b}/http`), token_endpoint: 'http://as.example.com/token' }));
  assert.equal(await codeOf(discoverAuthorizationServer(http, `${as.base}/http`)), ErrorCode.DiscoveryFailed);
  docs.set('/noep', (b) => ({ issuer: `${b}/noep` }));
  assert.equal(await codeOf(discoverAuthorizationServer(http, `${as.base}/noep`)), ErrorCode.DiscoveryFailed);
  assert.equal(await codeOf(discoverAuthorizationServer(http, `${as.base}/missing`)), ErrorCode.DiscoveryFailed);
  const port = await closedPort();
  assert.equal(await codeOf(discoverAuthorizationServer(http, `http://127.0.0.1:${port}`)), ErrorCode.AsUnreachable);
});

test('security.md #1 #10: endpoint URLs must be https, or http on a loopback IP literal, without credentials', () => {
  for (const ok of ['https://as.example.com/x', 'http://127.0.0.1:8080/token', 'http://[::1]:9/x']) assert.equal(isAllowedEndpointUrl(ok), true, ok);
  for (const no of [
    'http://as.example.com/token',
    'http://localhost:8080/token',
    'https://user:pw@as.example.com/',
    'https://as.example.com/#frag',
    'javascript:alert(1)',
    'ftp://127.0.0.1/',
    'nonsense',
  ]) {
    assert.equal(isAllowedEndpointUrl(no), false, no);
  }
  assert.equal(parseIssuer('  https://as.example.com/t  '), 'https://as.example.com/t');
  assert.throws(() => parseIssuer('https://as.example.com/?x=1'), InputError);
  assert.throws(() => parseIssuer('http://as.example.com'), InputError);
});

/** Metadata fetches of one tenant seen by the loopback server. */
const fetchesOf = (tenant: string) => as.requests.filter((r) => r.url === `/.well-known/oauth-authorization-server/${tenant}`).length;

test('RFC 8414 §3 / OIDC Discovery §4: cached metadata expires by age since the fetch, even while it is used all the time', async () => {
  docs.set('/cache-age', (b) => good(`${b}/cache-age`));
  const clock = new FakeClock();
  const resolver = new EndpointResolver(http, () => clock.now());
  const fields = { issuer: `${as.base}/cache-age` };
  // In use every 5 minutes for 2 h 10 min: fetched at 0, 60 and 120 minutes, never more, never less.
  for (let minute = 0; minute <= 130; minute += 5) {
    const r = await resolver.resolve(genericOidcProfile, fields);
    assert.equal(r.token, `${as.base}/cache-age/token`);
    await clock.advance(5 * 60_000);
  }
  assert.equal(fetchesOf('cache-age'), 3);
});

test('RFC 8414 §3: discovery is single-flight: 20 concurrent resolves after an hour asleep fetch the metadata once', async () => {
  docs.set('/cache-flight', (b) => good(`${b}/cache-flight`));
  const clock = new FakeClock();
  const resolver = new EndpointResolver(http, () => clock.now());
  const fields = { issuer: `${as.base}/cache-flight` };
  const first = await Promise.all(Array.from({ length: 20 }, () => resolver.resolve(genericOidcProfile, fields)));
  assert.equal(fetchesOf('cache-flight'), 1, 'cold cache: one fetch for 20 callers');
  assert.ok(first.every((r) => r.token === `${as.base}/cache-flight/token`));
  clock.jump(61 * 60_000); // the computer slept
  const after = await Promise.all(Array.from({ length: 20 }, () => resolver.resolve(genericOidcProfile, fields)));
  assert.equal(fetchesOf('cache-flight'), 2, 'stale cache: exactly one more fetch');
  assert.ok(after.every((r) => r.token === `${as.base}/cache-flight/token`));
  // A failed fetch is not cached: the next caller tries again.
  docs.delete('/cache-flight');
  clock.jump(61 * 60_000);
  assert.equal(await codeOf(resolver.resolve(genericOidcProfile, fields)), ErrorCode.DiscoveryFailed);
  docs.set('/cache-flight', (b) => good(`${b}/cache-flight`));
  assert.equal((await resolver.resolve(genericOidcProfile, fields)).token, `${as.base}/cache-flight/token`);
});
