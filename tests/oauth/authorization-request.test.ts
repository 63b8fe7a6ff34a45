import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildAuthorizationUrl, loopbackRedirectUri, type AuthorizationRequest } from '../../main/core/oauth/authorization-request.ts';

function base(over: Partial<AuthorizationRequest> = {}): AuthorizationRequest {
  return {
    authorizationEndpoint: 'https://as.example.com/oauth/authorize',
    clientId: 'storelink-desktop',
    redirectUri: loopbackRedirectUri(51234),
    scopes: ['openid', 'orders:read'],
    scopeSeparator: ' ',
    state: 'st4te',
    codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    ...over,
  };
}

test('security.md #1: redirect_uri is http://127.0.0.1:{port}/callback and parses back byte-identical', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 65535 }), (port) => {
      const redirectUri = loopbackRedirectUri(port);
      assert.equal(redirectUri, `http://127.0.0.1:${port}/callback`);
      const u = new URL(buildAuthorizationUrl(base({ redirectUri })));
      assert.equal(u.searchParams.get('redirect_uri'), redirectUri);
      const r = new URL(u.searchParams.get('redirect_uri')!);
      assert.equal(r.hostname, '127.0.0.1'); // IP literal, never localhost (RFC 8252 §8.3)
      assert.equal(r.pathname, '/callback');
    }),
  );
});

test('security.md #1 #4 #7: the URL asks for response_type=code with an S256 challenge, state, client and scope', () => {
  const u = new URL(buildAuthorizationUrl(base({ authorizationEndpoint: 'https://as.example.com/oauth/authorize?tenant=t1' })));
  assert.equal(u.origin + u.pathname, 'https://as.example.com/oauth/authorize');
  const p = u.searchParams;
  assert.equal(p.get('tenant'), 't1'); // an endpoint's own query is kept
  assert.equal(p.get('response_type'), 'code');
  assert.equal(p.get('code_challenge_method'), 'S256');
  assert.equal(p.get('code_challenge'), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  assert.equal(p.get('state'), 'st4te');
  assert.equal(p.get('client_id'), 'storelink-desktop');
  assert.equal(p.get('scope'), 'openid orders:read');
  for (const k of p.keys()) assert.equal(p.getAll(k).length, 1, `duplicated ${k}`);
  const comma = new URL(buildAuthorizationUrl(base({ scopeSeparator: ',' })));
  assert.equal(comma.searchParams.get('scope'), 'openid,orders:read');
  const noPkce = new URL(buildAuthorizationUrl(base({ codeChallenge: undefined })));
  assert.equal(noPkce.searchParams.has('code_challenge_method'), false);
});

test('security.md #1 #7: an authorization endpoint query cannot smuggle response_type=token', () => {
  const u = new URL(
    buildAuthorizationUrl(base({ authorizationEndpoint: 'https://as.example.com/authorize?response_type=token&redirect_uri=https://evil.example' })),
  );
  assert.deepEqual(u.searchParams.getAll('response_type'), ['code']);
  assert.deepEqual(u.searchParams.getAll('redirect_uri'), [loopbackRedirectUri(51234)]);
});

test('security.md #1: extra profile parameters cannot override protocol parameters', () => {
  for (const k of ['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'code_challenge', 'code_challenge_method']) {
    assert.throws(() => buildAuthorizationUrl(base({ extraParams: { [k]: 'x' } })), /would override/, k);
  }
  const u = new URL(buildAuthorizationUrl(base({ extraParams: { prompt: 'consent', access_type: 'offline' } })));
  assert.equal(u.searchParams.get('prompt'), 'consent');
  assert.equal(u.searchParams.get('access_type'), 'offline');
});
