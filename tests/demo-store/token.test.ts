import { test } from 'node:test';
import assert from 'node:assert/strict';
import { verifierMatches } from '../../main/demo-store/token.ts';
import { REDIRECT_URI, api, authorize, connect, exchange, manualClock, postForm, refresh, withStore, type Tokens } from './helpers.ts';

test('RFC 7636 Appendix B: the S256 check accepts the RFC vector and rejects anything else', () => {
  const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
  assert.equal(verifierMatches(verifier, 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'), true);
  assert.equal(verifierMatches(verifier, 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cN'), false);
  assert.equal(verifierMatches(verifier, verifier), false, 'plain is not S256');
});

test('code + PKCE exchange returns an opaque Bearer token set with no-store, granted scope and store name', async (t) => {
  const store = await withStore(t, { storeName: 'Test Roasters' });
  const res = await exchange(store, await authorize(store));
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  const body = (await res.json()) as Tokens;
  assert.match(body.access_token, /^demo_at_[A-Za-z0-9_-]{43}$/);
  assert.match(body.refresh_token ?? '', /^demo_rt_[A-Za-z0-9_-]{43}$/);
  assert.equal(body.token_type, 'Bearer');
  assert.equal(body.expires_in, 120);
  assert.equal(body.scope, 'store:read orders:read offline_access');
  assert.equal(body.store_name, 'Test Roasters');
  const me = await api(store, '/api/v1/store', body.access_token);
  assert.deepEqual(await me.json(), { name: 'Test Roasters', currency: 'USD', timezone: 'America/New_York' });
  assert.equal(store.stats().tokenRequests, 1);
});

test('a wrong PKCE verifier is invalid_grant, and the code is burnt', async (t) => {
  const store = await withStore(t);
  const a = await authorize(store);
  const wrong = await exchange(store, a, { code_verifier: 'x'.repeat(43) });
  assert.equal(wrong.status, 400);
  assert.equal(((await wrong.json()) as { error: string }).error, 'invalid_grant');
  const retry = await exchange(store, a);
  assert.equal(retry.status, 400);
  assert.equal(((await retry.json()) as { error: string }).error, 'invalid_grant');
});

test('a plain-method verifier (the challenge itself) or a missing verifier does not pass', async (t) => {
  const store = await withStore(t);
  const a = await authorize(store);
  const missing = await exchange(store, a, { code_verifier: '' });
  // An empty code_verifier is present but malformed: the code is consumed.
  assert.equal(((await missing.json()) as { error: string }).error, 'invalid_grant');
  const b = await authorize(store);
  const res = await postForm(`${store.issuer}/oauth/token`, {
    grant_type: 'authorization_code',
    code: b.code,
    redirect_uri: REDIRECT_URI,
    client_id: store.clientId,
  });
  assert.equal(res.status, 400);
  assert.equal(((await res.json()) as { error: string }).error, 'invalid_request');
});

test('RFC 6749 §4.1.2: a code is single-use; a replay is invalid_grant and revokes the tokens issued from it', async (t) => {
  const store = await withStore(t);
  const a = await authorize(store);
  const first = (await (await exchange(store, a)).json()) as Tokens;
  assert.equal((await api(store, '/api/v1/store', first.access_token)).status, 200);
  const replay = await exchange(store, a);
  assert.equal(replay.status, 400);
  assert.equal(((await replay.json()) as { error: string }).error, 'invalid_grant');
  const after = await api(store, '/api/v1/store', first.access_token);
  assert.equal(after.status, 401);
  await after.body?.cancel();
  const r = await refresh(store, first.refresh_token!);
  assert.equal(((await r.json()) as { error: string }).error, 'invalid_grant');
});

test('RFC 6749 §4.1.3: redirect_uri must be byte-identical to the authorization request', async (t) => {
  const store = await withStore(t);
  for (const other of ['http://127.0.0.1:53682/callback/', 'http://127.0.0.1:53683/callback', 'http://localhost:53682/callback']) {
    const a = await authorize(store);
    const res = await exchange(store, a, { redirect_uri: other });
    assert.equal(res.status, 400, other);
    assert.equal(((await res.json()) as { error: string }).error, 'invalid_grant');
  }
});

test('codes expire after 60 seconds', async (t) => {
  const clock = manualClock();
  const store = await withStore(t, { now: clock.now });
  const a = await authorize(store);
  clock.advance(61_000);
  const res = await exchange(store, a);
  assert.equal(((await res.json()) as { error: string; error_description: string }).error, 'invalid_grant');
});

test('client authentication errors are 401 invalid_client; grant errors are RFC 6749 §5.2 codes', async (t) => {
  const store = await withStore(t);
  const a = await authorize(store);
  const cases: Array<[Record<string, string>, Record<string, string>, number, string]> = [
    [{ client_id: 'other' }, {}, 401, 'invalid_client'],
    [{ client_secret: 's3cret' }, {}, 401, 'invalid_client'],
    [{}, { authorization: 'Basic c3RvcmVsaW5rLWRlc2t0b3A6eA==' }, 401, 'invalid_client'],
    [{ grant_type: 'password' }, {}, 400, 'unsupported_grant_type'],
    [{ grant_type: '' }, {}, 400, 'unsupported_grant_type'],
    [{ code: 'not-a-code' }, {}, 400, 'invalid_grant'],
  ];
  for (const [form, headers, status, error] of cases) {
    const res = await postForm(
      `${store.issuer}/oauth/token`,
      {
        grant_type: 'authorization_code',
        code: a.code,
        redirect_uri: REDIRECT_URI,
        client_id: store.clientId,
        code_verifier: a.verifier,
        ...form,
      },
      headers,
    );
    assert.equal(res.status, status, JSON.stringify(form));
    const body = (await res.json()) as { error: string; error_description: string };
    assert.equal(body.error, error, JSON.stringify(form));
    assert.ok(!body.error_description.includes(a.code), 'no code in error text');
  }
  // A repeated parameter is invalid_request (RFC 6749 §3.2).
  const dup = await fetch(`${store.issuer}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `grant_type=authorization_code&client_id=${store.clientId}&code=a&code=b`,
  });
  assert.equal(((await dup.json()) as { error: string }).error, 'invalid_request');
});

test('RFC 9700 §4.14.2: refresh tokens rotate; reusing an old one is invalid_grant and revokes the whole family', async (t) => {
  const store = await withStore(t);
  const first = await connect(store);
  const r1 = await refresh(store, first.refresh_token!);
  assert.equal(r1.status, 200);
  assert.equal(r1.headers.get('cache-control'), 'no-store');
  const second = (await r1.json()) as Tokens;
  assert.notEqual(second.refresh_token, first.refresh_token);
  assert.notEqual(second.access_token, first.access_token);
  assert.equal(second.scope, 'store:read orders:read offline_access');
  const r2 = await refresh(store, second.refresh_token!);
  const third = (await r2.json()) as Tokens;
  assert.equal((await api(store, '/api/v1/store', third.access_token)).status, 200);

  const reuse = await refresh(store, first.refresh_token!);
  assert.equal(reuse.status, 400);
  assert.equal(((await reuse.json()) as { error: string }).error, 'invalid_grant');
  // The whole family is dead: the newest refresh token and every access token.
  const latest = await refresh(store, third.refresh_token!);
  assert.equal(((await latest.json()) as { error: string }).error, 'invalid_grant');
  const res = await api(store, '/api/v1/store', third.access_token);
  assert.equal(res.status, 401);
  assert.match(res.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
  assert.equal(store.stats().refreshRequests, 4);
  // Another family is untouched.
  const other = await connect(store);
  assert.equal((await refresh(store, other.refresh_token!)).status, 200);
});

test('refresh may narrow the scope but never widen it (RFC 6749 §6)', async (t) => {
  const store = await withStore(t);
  const tokens = await connect(store, { uncheck: ['store:read'] });
  assert.equal(tokens.scope, 'orders:read offline_access');
  const wide = await refresh(store, tokens.refresh_token!, { scope: 'orders:read store:read' });
  assert.equal(wide.status, 400);
  assert.equal(((await wide.json()) as { error: string }).error, 'invalid_scope');
  // A rejected widening does not burn the refresh token.
  const narrow = await refresh(store, tokens.refresh_token!, { scope: 'orders:read' });
  const body = (await narrow.json()) as Tokens;
  assert.equal(body.scope, 'orders:read');
  assert.ok(body.refresh_token);
  // The rotated refresh token keeps the original grant.
  const back = (await (await refresh(store, body.refresh_token!)).json()) as Tokens;
  assert.equal(back.scope, 'orders:read offline_access');
});

test('an expired refresh token is invalid_grant', async (t) => {
  const clock = manualClock();
  const store = await withStore(t, { now: clock.now, refreshTokenLifetimeSec: 3600 });
  const tokens = await connect(store);
  clock.advance(3601_000);
  const res = await refresh(store, tokens.refresh_token!);
  assert.equal(((await res.json()) as { error: string }).error, 'invalid_grant');
  const bogus = await refresh(store, 'demo_rt_nope');
  assert.equal(((await bogus.json()) as { error: string }).error, 'invalid_grant');
  const access = await refresh(store, tokens.access_token);
  assert.equal(((await access.json()) as { error: string }).error, 'invalid_grant', 'an access token is not a refresh token');
});
