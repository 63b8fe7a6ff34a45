// The test AS end to end: discovery, PKCE code flow, code exchange, refresh rotation, revocation.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startOidcServer, type OidcServer } from '../helpers/oidc-server.ts';
import { buildAuthorizationRequest, completeOidcLogin } from '../helpers/oidc-consent.ts';

type Json = Record<string, unknown>;

async function postForm(url: string, params: Record<string, string>): Promise<{ status: number; json: Json }> {
  const res = await fetch(url, { method: 'POST', body: new URLSearchParams(params) });
  return { status: res.status, json: (await res.json()) as Json };
}

/** Runs the browser part and the code exchange; returns the token response. */
async function signIn(server: OidcServer): Promise<Json> {
  const req = buildAuthorizationRequest(server.issuer);
  const callback = new URL(await completeOidcLogin(req.url));
  const code = callback.searchParams.get('code');
  assert.ok(code);
  const res = await postForm(`${server.issuer}/token`, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: req.redirectUri,
    code_verifier: req.verifier,
    client_id: server.clientId,
  });
  assert.equal(res.status, 200);
  return res.json;
}

describe('test AS: discovery and code flow', () => {
  let server: OidcServer;
  before(async () => {
    server = await startOidcServer({ accessTokenTtlSec: 120 });
  });
  after(() => server.close());

  it('publishes the endpoints, PKCE S256 only and RFC 9207 iss support in discovery', async () => {
    const res = await fetch(`${server.issuer}/.well-known/openid-configuration`);
    assert.equal(res.status, 200);
    const meta = (await res.json()) as Json;
    assert.equal(meta.issuer, server.issuer);
    assert.match(server.issuer, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(meta.authorization_endpoint, `${server.issuer}/auth`);
    assert.equal(meta.token_endpoint, `${server.issuer}/token`);
    assert.equal(meta.revocation_endpoint, `${server.issuer}/token/revocation`);
    assert.equal(meta.introspection_endpoint, `${server.issuer}/token/introspection`);
    assert.deepEqual(meta.code_challenge_methods_supported, ['S256']);
    assert.equal(meta.authorization_response_iss_parameter_supported, true);
    assert.ok((meta.scopes_supported as string[]).includes('offline_access'));
  });

  it('completes a PKCE code flow: callback carries code, state and iss; the exchange yields access, refresh and ID tokens', async () => {
    const before = server.requests().length;
    const req = buildAuthorizationRequest(server.issuer);
    const callback = new URL(await completeOidcLogin(req.url));
    assert.equal(`${callback.origin}${callback.pathname}`, req.redirectUri);
    assert.equal(callback.searchParams.get('state'), req.state);
    assert.equal(callback.searchParams.get('iss'), server.issuer);
    const code = callback.searchParams.get('code');
    assert.ok(code);
    assert.ok(server.codes().includes(code));
    const res = await postForm(`${server.issuer}/token`, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: req.redirectUri,
      code_verifier: req.verifier,
      client_id: server.clientId,
    });
    assert.equal(res.status, 200);
    const { access_token, refresh_token, id_token, token_type, expires_in, scope } = res.json;
    assert.equal(typeof access_token, 'string');
    assert.equal(typeof refresh_token, 'string');
    assert.equal(typeof id_token, 'string');
    assert.equal(token_type, 'Bearer');
    assert.equal(expires_in, 120);
    assert.deepEqual(String(scope).split(' ').sort(), ['email', 'offline_access', 'openid']);
    const canaries = server.canaries();
    for (const t of [access_token, refresh_token, id_token]) assert.ok(canaries.includes(t as string));
    const tokenCalls = server
      .requests()
      .slice(before)
      .filter((r) => r.path === '/token');
    assert.deepEqual(tokenCalls, [{ method: 'POST', path: '/token', grantType: 'authorization_code' }]);
    assert.deepEqual(await server.introspect(access_token as string), { active: true });
  });

  it('rejects a second exchange of the same code with invalid_grant (RFC 6749 §4.1.2)', async () => {
    const req = buildAuthorizationRequest(server.issuer);
    const code = new URL(await completeOidcLogin(req.url)).searchParams.get('code') ?? '';
    const params = { grant_type: 'authorization_code', code, redirect_uri: req.redirectUri, code_verifier: req.verifier, client_id: server.clientId };
    assert.equal((await postForm(`${server.issuer}/token`, params)).status, 200);
    const again = await postForm(`${server.issuer}/token`, params);
    assert.equal(again.status, 400);
    assert.equal(again.json.error, 'invalid_grant');
  });

  it('rotates the refresh token; the old one then gets invalid_grant (RFC 9700 §4.14.2)', async () => {
    const first = await signIn(server);
    const refreshed = await postForm(`${server.issuer}/token`, {
      grant_type: 'refresh_token',
      refresh_token: String(first.refresh_token),
      client_id: server.clientId,
    });
    assert.equal(refreshed.status, 200);
    assert.equal(typeof refreshed.json.access_token, 'string');
    assert.equal(typeof refreshed.json.refresh_token, 'string');
    assert.notEqual(refreshed.json.refresh_token, first.refresh_token);
    assert.ok(server.canaries().includes(String(refreshed.json.refresh_token)));
    assert.ok(server.requests().some((r) => r.path === '/token' && r.grantType === 'refresh_token'));
    const reuse = await postForm(`${server.issuer}/token`, {
      grant_type: 'refresh_token',
      refresh_token: String(first.refresh_token),
      client_id: server.clientId,
    });
    assert.equal(reuse.status, 400);
    assert.equal(reuse.json.error, 'invalid_grant');
  });

  it('revocation (RFC 7009) makes introspection (RFC 7662) report the tokens inactive', async () => {
    const tokens = await signIn(server);
    const access = String(tokens.access_token);
    const refresh = String(tokens.refresh_token);
    assert.deepEqual(await server.introspect(refresh), { active: true });
    for (const [token, hint] of [
      [access, 'access_token'],
      [refresh, 'refresh_token'],
    ] as const) {
      const res = await fetch(`${server.issuer}/token/revocation`, {
        method: 'POST',
        body: new URLSearchParams({ token, token_type_hint: hint, client_id: server.clientId }),
      });
      assert.equal(res.status, 200);
    }
    assert.deepEqual(await server.introspect(access), { active: false });
    assert.deepEqual(await server.introspect(refresh), { active: false });
    assert.deepEqual(await server.introspect('not-a-token-issued-here'), { active: false });
    assert.ok(!server.requests().some((r) => r.path === '/token/introspection'), 'harness introspection is not recorded');
    assert.equal(server.requests().filter((r) => r.path === '/token/revocation').length, 2);
  });
});

describe('test AS: options', () => {
  it('keeps the refresh token when rotateRefreshToken is false', async () => {
    const server = await startOidcServer({ rotateRefreshToken: false });
    try {
      const first = await signIn(server);
      for (let i = 0; i < 2; i += 1) {
        const res = await postForm(`${server.issuer}/token`, {
          grant_type: 'refresh_token',
          refresh_token: String(first.refresh_token),
          client_id: server.clientId,
        });
        assert.equal(res.status, 200);
        assert.equal(res.json.refresh_token, first.refresh_token);
      }
    } finally {
      await server.close();
    }
  });

  it('serves under an issuer path suffix', async () => {
    const server = await startOidcServer({ issuerSuffix: '/tenant-a' });
    try {
      assert.match(server.issuer, /^http:\/\/127\.0\.0\.1:\d+\/tenant-a$/);
      const meta = (await (await fetch(`${server.issuer}/.well-known/openid-configuration`)).json()) as Json;
      assert.equal(meta.issuer, server.issuer);
      assert.equal(meta.token_endpoint, `${server.issuer}/token`);
      const tokens = await signIn(server);
      assert.equal(typeof tokens.refresh_token, 'string');
      const outside = await fetch(`${new URL(server.issuer).origin}/.well-known/openid-configuration`);
      assert.equal(outside.status, 404);
    } finally {
      await server.close();
    }
  });

  it('close() frees the port: connecting afterwards fails', async () => {
    const server = await startOidcServer();
    const url = `${server.issuer}/.well-known/openid-configuration`;
    assert.equal((await fetch(url)).status, 200);
    await server.close();
    await assert.rejects(fetch(url));
  });
});
