import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { ErrorCode, TokenEndpointError } from '../../main/core/errors.ts';
import { createAxiosHttp } from '../../main/core/http/axios-http.ts';
import { exchangeAuthorizationCode, postTokenRequest, refreshAccessToken, type TokenClient } from '../../main/core/oauth/token-request.ts';
import { normalizeTokenResponse } from '../../main/core/oauth/token-response.ts';
import { closedPort, json, startServer, type TestServer } from './helpers.ts';

/** The token endpoint answers whatever the request path names (/t/{case}). */
const CASES: Record<string, (res: ServerResponse) => void> = {
  ok: (res) => json(res, 200, { access_token: 'AT-canary', token_type: 'Bearer', expires_in: 3600, refresh_token: 'RT-canary', scope: 'a b' }),
  invalid_grant: (res) => json(res, 400, { error: 'invalid_grant', error_description: 'expired' }),
  invalid_client: (res) => json(res, 401, { error: 'invalid_client' }, { 'WWW-Authenticate': 'Basic realm="as"' }),
  e500: (res) => json(res, 500, { error: 'server_error' }),
  e503: (res) => {
    res.writeHead(503, { 'Content-Type': 'text/plain', 'Retry-After': '5' });
    res.end('busy');
  },
  html502: (res) => {
    res.writeHead(502, { 'Content-Type': 'text/html' });
    res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
  },
  html200: (res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<!doctype html><title>Login</title>');
  },
  no_access_token: (res) => json(res, 200, { token_type: 'Bearer', expires_in: 3600 }),
  mac: (res) => json(res, 200, { access_token: 'AT', token_type: 'mac', mac_key: 'k' }),
  square_expired: (res) => json(res, 401, { errors: [{ category: 'AUTHENTICATION_ERROR', code: 'REFRESH_TOKEN_EXPIRED', detail: 'x' }] }),
  array200: (res) => json(res, 200, [{ access_token: 'AT' }]),
  other400: (res) => json(res, 400, { error: 'account_suspended' }),
  invalid_request: (res) => json(res, 400, { error: 'invalid_request' }),
};

let as: TestServer;
before(async () => {
  as = await startServer((req, res) => {
    const name = req.url.split('/')[2] ?? '';
    (CASES[name] ?? ((r: ServerResponse) => json(r, 404, {})))(res);
  });
});
after(() => as.close());

const http = createAxiosHttp({ timeoutMs: 5_000 });
const client = (path: string, over: Partial<TokenClient> = {}): TokenClient => ({
  tokenEndpoint: `${as.base}/t/${path}`,
  spec: { encoding: 'form', clientAuth: 'none' },
  clientId: 'cid',
  ...over,
});
const spec = { expiry: 'expires_in', requireTokenType: true } as const;

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof TokenEndpointError, `not a TokenEndpointError: ${String(err)}`);
    assert.doesNotMatch(err.message, /canary|RT-|AT-/);
    return err.code;
  }
  return 'resolved';
}

test('security.md #13: token endpoint responses are classified (table against a real local AS)', async () => {
  const table: Array<[string, string]> = [
    ['invalid_grant', ErrorCode.InvalidGrant],
    ['invalid_client', ErrorCode.InvalidClient],
    ['e500', ErrorCode.AsUnreachable],
    ['e503', ErrorCode.AsUnreachable],
    ['html502', ErrorCode.AsUnreachable],
    ['html200', ErrorCode.BadTokenResponse],
    ['square_expired', ErrorCode.InvalidGrant],
    ['other400', ErrorCode.TokenEndpointError],
    ['invalid_request', ErrorCode.TokenRequestInvalid],
  ];
  for (const [name, code] of table) {
    assert.equal(await codeOf(refreshAccessToken(http, client(name), 'RT-canary')), code, name);
  }
});

test('security.md #13: a 200 without access_token, with token_type mac, or a JSON array is a bad_token_response', async () => {
  for (const name of ['no_access_token', 'mac', 'array200']) {
    const got = await codeOf(
      postTokenRequest(http, client(name), { grant_type: 'refresh_token', refresh_token: 'RT-canary' }).then((j) => normalizeTokenResponse(j, spec, 0)),
    );
    assert.equal(got, ErrorCode.BadTokenResponse, name);
  }
});

test('security.md #13: connection refused is as_unreachable (retryable), not a grant error', async () => {
  const port = await closedPort();
  const c = { ...client('ok'), tokenEndpoint: `http://127.0.0.1:${port}/token` };
  assert.equal(await codeOf(refreshAccessToken(http, c, 'RT-canary')), ErrorCode.AsUnreachable);
});

test('security.md #4 #8: the code exchange is form-encoded with code_verifier and the exact redirect_uri; public client sends client_id', async () => {
  const before = as.requests.length;
  const redirectUri = 'http://127.0.0.1:53123/callback';
  const json = await exchangeAuthorizationCode(http, client('ok'), { code: 'c0de', redirectUri, codeVerifier: 'v'.repeat(43) });
  assert.equal(json.access_token, 'AT-canary');
  const r = as.requests[before]!;
  assert.equal(r.method, 'POST');
  assert.equal(r.headers['content-type'], 'application/x-www-form-urlencoded');
  assert.equal(r.headers.authorization, undefined);
  assert.match(String(r.headers.accept), /application\/json/);
  const body = new URLSearchParams(r.body);
  assert.deepEqual(Object.fromEntries(body), {
    grant_type: 'authorization_code',
    code: 'c0de',
    redirect_uri: redirectUri,
    code_verifier: 'v'.repeat(43),
    client_id: 'cid',
  });
  assert.ok(r.body.includes(`redirect_uri=${encodeURIComponent(redirectUri)}`));
});

test('security.md #9 #13: client auth basic form-encodes id and secret into the Authorization header, never the body', async () => {
  const before = as.requests.length;
  await refreshAccessToken(
    http,
    client('ok', { clientId: 'id:with space', clientSecret: 's3cr+t/=', spec: { encoding: 'form', clientAuth: 'basic' } }),
    'RT-canary',
  );
  const r = as.requests[before]!;
  const m = /^Basic (.+)$/.exec(String(r.headers.authorization));
  assert.ok(m);
  const [user, pass] = Buffer.from(m[1]!, 'base64').toString('utf8').split(':');
  assert.equal(decodeURIComponent(user!.replace(/\+/g, ' ')), 'id:with space');
  assert.equal(decodeURIComponent(pass!), 's3cr+t/=');
  assert.equal(user, 'id%3Awith%20space');
  const body = new URLSearchParams(r.body);
  assert.equal(body.has('client_secret'), false);
  assert.equal(body.has('client_id'), false);
  assert.equal(body.get('refresh_token'), 'RT-canary');
});

test('security.md #13: client auth body + JSON encoding (Shopify / Square style) sends a JSON body with client_secret', async () => {
  const before = as.requests.length;
  await refreshAccessToken(http, client('ok', { clientSecret: 'sek', spec: { encoding: 'json', clientAuth: 'body' } }), 'RT-canary');
  const r = as.requests[before]!;
  assert.equal(r.headers['content-type'], 'application/json');
  assert.equal(r.headers.authorization, undefined);
  assert.deepEqual(JSON.parse(r.body), { grant_type: 'refresh_token', refresh_token: 'RT-canary', client_id: 'cid', client_secret: 'sek' });
});

test('security.md #9: basic/body client auth without a saved secret fails before any request', async () => {
  const before = as.requests.length;
  for (const clientAuth of ['basic', 'body'] as const) {
    assert.equal(await codeOf(refreshAccessToken(http, client('ok', { spec: { encoding: 'form', clientAuth } }), 'RT')), ErrorCode.InvalidClient);
  }
  assert.equal(as.requests.length, before);
});
