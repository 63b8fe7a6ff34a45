import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect as netConnect } from 'node:net';
import { startDemoStore } from '../../main/demo-store/index.ts';
import { withStore } from './helpers.ts';

test('RFC 8414 metadata lists the endpoints, PKCE S256, public client and RFC 9207 iss support', async (t) => {
  const store = await withStore(t);
  assert.match(store.issuer, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(store.clientId, 'storelink-desktop');
  const res = await fetch(`${store.issuer}/.well-known/oauth-authorization-server`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  const m = (await res.json()) as Record<string, unknown>;
  assert.equal(m.issuer, store.issuer);
  assert.equal(m.authorization_endpoint, `${store.issuer}/oauth/authorize`);
  assert.equal(m.token_endpoint, `${store.issuer}/oauth/token`);
  assert.equal(m.revocation_endpoint, `${store.issuer}/oauth/revoke`);
  assert.equal(m.introspection_endpoint, `${store.issuer}/oauth/introspect`);
  assert.deepEqual(m.response_types_supported, ['code']);
  assert.deepEqual(m.grant_types_supported, ['authorization_code', 'refresh_token']);
  assert.deepEqual(m.code_challenge_methods_supported, ['S256']);
  assert.deepEqual(m.token_endpoint_auth_methods_supported, ['none']);
  assert.deepEqual(m.revocation_endpoint_auth_methods_supported, ['none']);
  assert.deepEqual(m.scopes_supported, ['store:read', 'orders:read', 'offline_access', 'refunds:read']);
  assert.equal(m.authorization_response_iss_parameter_supported, true);
});

test('unknown paths answer 404 JSON and known paths with the wrong method 405', async (t) => {
  const store = await withStore(t);
  for (const path of ['/', '/nope', '/.well-known/openid-configuration', '/api/v1/orders/1', '/__proto__', '/constructor']) {
    const res = await fetch(`${store.issuer}${path}`);
    assert.equal(res.status, 404, path);
    assert.equal(((await res.json()) as { error: string }).error, 'not_found');
  }
  const res = await fetch(`${store.issuer}/oauth/token`);
  assert.equal(res.status, 405);
  assert.equal(res.headers.get('allow'), 'POST');
  await res.body?.cancel();
});

test('the store listens on 127.0.0.1 only and refuses connections after close()', async () => {
  const store = await startDemoStore({ orderCount: 5 });
  const port = Number(new URL(store.issuer).port);
  // A keep-alive connection is open while we close: close() must not hang on it.
  const res = await fetch(`${store.issuer}/.well-known/oauth-authorization-server`);
  await res.json();
  await store.close();
  const err = await new Promise<NodeJS.ErrnoException>((resolve) => {
    const socket = netConnect(port, '127.0.0.1');
    socket.on('connect', () => {
      socket.destroy();
      resolve(Object.assign(new Error('connected'), { code: 'CONNECTED' }));
    });
    socket.on('error', resolve);
  });
  assert.equal(err.code, 'ECONNREFUSED');
});

test('a foreign Host header is refused (DNS rebinding) and garbage input never crashes the server', async (t) => {
  const store = await withStore(t);
  const port = Number(new URL(store.issuer).port);
  const raw = (headers: Record<string, string>, path = '/.well-known/oauth-authorization-server', method = 'GET', body?: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(body);
    });
  assert.equal(await raw({ host: 'evil.example:80' }), 421);
  assert.equal(await raw({ host: `localhost:${port}` }), 421);
  // Oversized body: 413 without buffering it.
  const big = 'a='.padEnd(70 * 1024, 'x');
  assert.equal(await raw({ 'content-type': 'application/x-www-form-urlencoded' }, '/oauth/token', 'POST', big), 413);
  // Malformed percent-encoding, wrong content type, binary junk.
  const res1 = await fetch(`${store.issuer}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: '%E0%A4%A=&&&=%%%',
  });
  assert.equal(res1.status, 401);
  assert.equal(((await res1.json()) as { error: string }).error, 'invalid_client');
  const res2 = await fetch(`${store.issuer}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"grant_type":"x"}' });
  assert.equal(res2.status, 400);
  assert.equal(((await res2.json()) as { error: string }).error, 'invalid_request');
  const res3 = await fetch(`${store.issuer}/oauth/authorize?%zz=%%&client_id=%ff`);
  assert.equal(res3.status, 400);
  await res3.body?.cancel();
  // A raw garbage request line: the server answers 400 and keeps serving.
  await new Promise<void>((resolve) => {
    const socket = netConnect(port, '127.0.0.1', () => socket.write('\x00\x01GARBAGE /// HTTP/9\r\n\r\n'));
    socket.on('data', () => {});
    socket.on('close', () => resolve());
    socket.on('error', () => resolve());
  });
  const ok = await fetch(`${store.issuer}/.well-known/oauth-authorization-server`);
  assert.equal(ok.status, 200);
  await ok.body?.cancel();
});
