// The test AS refuses what a real AS refuses, and can simulate a mix-up attacker (RFC 9207).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startOidcServer, type OidcServer } from '../helpers/oidc-server.ts';
import { buildAuthorizationRequest, completeOidcLogin } from '../helpers/oidc-consent.ts';

type Json = Record<string, unknown>;

async function exchange(server: OidcServer, code: string, redirectUri: string, verifier?: string): Promise<{ status: number; json: Json }> {
  const params: Record<string, string> = { grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: server.clientId };
  if (verifier !== undefined) params.code_verifier = verifier;
  const res = await fetch(`${server.issuer}/token`, { method: 'POST', body: new URLSearchParams(params) });
  return { status: res.status, json: (await res.json()) as Json };
}

/** The first redirect of an authorization request, without following it. */
async function firstRedirect(url: string): Promise<{ status: number; location: URL | null }> {
  const res = await fetch(url, { redirect: 'manual' });
  await res.body?.cancel();
  const location = res.headers.get('location');
  return { status: res.status, location: location ? new URL(location, url) : null };
}

describe('test AS: error responses', () => {
  let server: OidcServer;
  before(async () => {
    server = await startOidcServer();
  });
  after(() => server.close());

  it('rejects an authorization request without PKCE: error=invalid_request on the redirect (RFC 7636 §4.4.1)', async () => {
    const req = buildAuthorizationRequest(server.issuer, { code_challenge: undefined, code_challenge_method: undefined });
    const { location } = await firstRedirect(req.url);
    assert.ok(location);
    assert.equal(`${location.origin}${location.pathname}`, req.redirectUri);
    assert.equal(location.searchParams.get('error'), 'invalid_request');
    assert.equal(location.searchParams.get('state'), req.state);
    assert.equal(location.searchParams.get('code'), null);
  });

  it('rejects code_challenge_method=plain (S256 only)', async () => {
    const req = buildAuthorizationRequest(server.issuer, { code_challenge_method: 'plain' });
    const { location } = await firstRedirect(req.url);
    assert.equal(location?.searchParams.get('error'), 'invalid_request');
  });

  it('rejects a code exchange with a wrong or missing code_verifier (RFC 7636 §4.6)', async () => {
    for (const verifier of ['x'.repeat(43), undefined]) {
      const req = buildAuthorizationRequest(server.issuer);
      const code = new URL(await completeOidcLogin(req.url)).searchParams.get('code') ?? '';
      const res = await exchange(server, code, req.redirectUri, verifier);
      assert.equal(res.status, 400);
      assert.equal(res.json.error, 'invalid_grant');
    }
  });

  it('rejects a code exchange whose redirect_uri differs from the request (RFC 6749 §4.1.3)', async () => {
    const req = buildAuthorizationRequest(server.issuer);
    const code = new URL(await completeOidcLogin(req.url)).searchParams.get('code') ?? '';
    const res = await exchange(server, code, 'http://127.0.0.1:1/callback', req.verifier);
    assert.equal(res.status, 400);
    assert.equal(res.json.error, 'invalid_grant');
  });

  it('returns error=access_denied with state and iss when the user denies', async () => {
    const req = buildAuthorizationRequest(server.issuer);
    const callback = new URL(await completeOidcLogin(req.url, { deny: true }));
    assert.equal(`${callback.origin}${callback.pathname}`, req.redirectUri);
    assert.equal(callback.searchParams.get('error'), 'access_denied');
    assert.equal(callback.searchParams.get('state'), req.state);
    assert.equal(callback.searchParams.get('iss'), server.issuer);
    assert.equal(callback.searchParams.get('code'), null);
  });

  it('accepts any loopback port but not localhost or another path (RFC 8252 §7.3, §8.3)', async () => {
    const ok = buildAuthorizationRequest(server.issuer, { redirect_uri: 'http://127.0.0.1:61234/callback' });
    assert.ok((await completeOidcLogin(ok.url)).startsWith('http://127.0.0.1:61234/callback?code='));
    for (const redirect_uri of ['http://localhost:61234/callback', 'http://127.0.0.1:61234/other']) {
      const req = buildAuthorizationRequest(server.issuer, { redirect_uri });
      const res = await fetch(req.url, { redirect: 'manual' });
      const page = await res.text();
      assert.equal(res.status, 400, redirect_uri);
      assert.equal(res.headers.get('location'), null);
      assert.match(page, /redirect_uri/);
    }
  });

  it('issues no refresh token without prompt=consent even when offline_access is asked (OIDC Core §11)', async () => {
    const req = buildAuthorizationRequest(server.issuer, { prompt: undefined });
    const code = new URL(await completeOidcLogin(req.url)).searchParams.get('code') ?? '';
    const res = await exchange(server, code, req.redirectUri, req.verifier);
    assert.equal(res.status, 200);
    assert.equal(typeof res.json.access_token, 'string');
    assert.equal(res.json.refresh_token, undefined);
    assert.ok(!String(res.json.scope).split(' ').includes('offline_access'));
  });
});

describe('test AS: mix-up simulation (RFC 9207)', () => {
  it('issOverride puts another issuer in the callback, on success and on error', async () => {
    const server = await startOidcServer({ issOverride: 'https://attacker.example' });
    try {
      const req = buildAuthorizationRequest(server.issuer);
      const ok = new URL(await completeOidcLogin(req.url));
      assert.equal(ok.searchParams.get('iss'), 'https://attacker.example');
      assert.ok(ok.searchParams.get('code'));
      const denied = new URL(await completeOidcLogin(buildAuthorizationRequest(server.issuer).url, { deny: true }));
      assert.equal(denied.searchParams.get('iss'), 'https://attacker.example');
      assert.equal(denied.searchParams.get('error'), 'access_denied');
    } finally {
      await server.close();
    }
  });

  it('issOverride as a function derives the value from the real issuer (trailing-slash variant)', async () => {
    const server = await startOidcServer({ issOverride: (issuer) => `${issuer}/` });
    try {
      const cb = new URL(await completeOidcLogin(buildAuthorizationRequest(server.issuer).url));
      assert.equal(cb.searchParams.get('iss'), `${server.issuer}/`);
    } finally {
      await server.close();
    }
  });

  it('omitIss removes iss from the callback', async () => {
    const server = await startOidcServer({ omitIss: true });
    try {
      const cb = new URL(await completeOidcLogin(buildAuthorizationRequest(server.issuer).url));
      assert.ok(cb.searchParams.get('code'));
      assert.equal(cb.searchParams.has('iss'), false);
    } finally {
      await server.close();
    }
  });
});
