import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, connect, postForm, refresh, withStore } from './helpers.ts';

async function introspect(issuer: string, token: string): Promise<Record<string, unknown>> {
  return (await (await postForm(`${issuer}/oauth/introspect`, { token })).json()) as Record<string, unknown>;
}

test('RFC 7662 introspection reports active tokens with scope and client, inactive for unknown ones', async (t) => {
  const store = await withStore(t);
  const tokens = await connect(store, { uncheck: ['store:read'] });
  const info = await introspect(store.issuer, tokens.access_token);
  assert.equal(info.active, true);
  assert.equal(info.scope, 'orders:read offline_access');
  assert.equal(info.client_id, 'storelink-desktop');
  assert.equal(info.token_type, 'Bearer');
  assert.equal(typeof info.exp, 'number');
  assert.deepEqual(await introspect(store.issuer, 'demo_at_unknown'), { active: false });
  assert.equal((await introspect(store.issuer, tokens.refresh_token!)).active, true);
});

test('RFC 7009: revoking a refresh token revokes its access tokens too; the answer is 200', async (t) => {
  const store = await withStore(t);
  const tokens = await connect(store);
  const res = await postForm(`${store.issuer}/oauth/revoke`, {
    token: tokens.refresh_token!,
    token_type_hint: 'refresh_token',
    client_id: store.clientId,
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  await res.body?.cancel();
  assert.equal((await introspect(store.issuer, tokens.access_token)).active, false);
  assert.equal((await introspect(store.issuer, tokens.refresh_token!)).active, false);
  const call = await api(store, '/api/v1/orders', tokens.access_token);
  assert.equal(call.status, 401);
  await call.body?.cancel();
  const r = await refresh(store, tokens.refresh_token!);
  assert.equal(((await r.json()) as { error: string }).error, 'invalid_grant');
  assert.equal(store.stats().revocations, 1);
});

test('RFC 7009: revoking an access token (wrong hint on purpose) kills only that token', async (t) => {
  const store = await withStore(t);
  const tokens = await connect(store);
  const res = await postForm(`${store.issuer}/oauth/revoke`, { token: tokens.access_token, token_type_hint: 'refresh_token' });
  assert.equal(res.status, 200);
  await res.body?.cancel();
  assert.equal((await introspect(store.issuer, tokens.access_token)).active, false);
  const r = await refresh(store, tokens.refresh_token!);
  assert.equal(r.status, 200, 'the refresh token still works');
  await r.body?.cancel();
});

test('RFC 7009 §2.2: unknown, already revoked and garbage tokens still get 200; a missing token is invalid_request', async (t) => {
  const store = await withStore(t);
  const tokens = await connect(store);
  for (const token of ['demo_rt_unknown', 'not even a token', tokens.refresh_token!, tokens.refresh_token!]) {
    const res = await postForm(`${store.issuer}/oauth/revoke`, { token, token_type_hint: 'access_token' });
    assert.equal(res.status, 200);
    await res.body?.cancel();
  }
  const missing = await postForm(`${store.issuer}/oauth/revoke`, {});
  assert.equal(missing.status, 400);
  assert.equal(((await missing.json()) as { error: string }).error, 'invalid_request');
});

test('revokeAll() ("password change") kills every token of every connection', async (t) => {
  const store = await withStore(t);
  const a = await connect(store);
  const b = await connect(store);
  store.revokeAll();
  for (const tokens of [a, b]) {
    const res = await api(store, '/api/v1/store', tokens.access_token);
    assert.equal(res.status, 401);
    assert.match(res.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
    await res.body?.cancel();
    const r = await refresh(store, tokens.refresh_token!);
    assert.equal(((await r.json()) as { error: string }).error, 'invalid_grant');
  }
  const fresh = await connect(store);
  assert.equal((await api(store, '/api/v1/store', fresh.access_token)).status, 200, 'a new consent works again');
});
