import assert from 'node:assert/strict';
import { test } from 'node:test';
import { squareProfile, squareProfileAt } from '../../main/core/providers/square.ts';

test('Square profile: PKCE public client, JSON token request, expires_at, merchant_id, rotating 90-day refresh', () => {
  const p = squareProfile;
  assert.equal(p.id, 'square');
  assert.equal(p.kind, 'oauth-pkce');
  assert.deepEqual(p.endpoints, {
    kind: 'static',
    authorization: 'https://connect.squareup.com/oauth2/authorize',
    token: 'https://connect.squareup.com/oauth2/token',
    apiBase: 'https://connect.squareup.com',
  });
  assert.deepEqual(p.authorization, { pkce: 'S256', extraParams: { session: 'false' } });
  assert.deepEqual(p.tokenRequest, { encoding: 'json', clientAuth: 'none' });
  assert.equal(p.tokenResponse.expiry, 'expires_at');
  assert.equal(p.tokenResponse.tenantField, 'merchant_id');
  assert.deepEqual(p.refresh, { kind: 'rotating', refreshTokenLifetimeSec: 90 * 86_400 });
  assert.equal(p.revocation.kind, 'unsupported');
  assert.match((p.revocation as { reason: string }).reason, /Square Dashboard/);
  assert.equal(p.redirect, 'https-forwarder');
  assert.deepEqual(p.accountLabel, { from: 'token-response', field: 'merchant_id' });
  assert.equal(p.orders, 'square');
  assert.deepEqual(
    p.scopes.map((s) => [s.name, s.required]),
    [
      ['ORDERS_READ', true],
      ['MERCHANT_PROFILE_READ', true],
    ],
  );
  assert.ok(p.scopes.every((s) => s.description.length > 10));
  assert.equal(p.scopeSeparator, ' ');
});

test('Square profile fields: an application id and an https forwarder; no secret field (security.md #9)', () => {
  const fields = new Map(squareProfile.fields.map((f) => [f.name, f]));
  assert.equal(fields.get('clientId')?.kind, 'text');
  assert.equal(fields.get('forwarderUrl')?.kind, 'url');
  assert.ok(squareProfile.fields.every((f) => f.kind !== 'secret'));
  const https = new RegExp(fields.get('forwarderUrl')!.pattern!);
  assert.ok(https.test('https://example.com/storelink/callback'));
  assert.ok(!https.test('http://example.com/callback'));
  assert.ok(new RegExp(fields.get('clientId')!.pattern!).test('sq0idp-AbC_123-xyz'));
});

test('test seam squareProfileAt only accepts a loopback http base', () => {
  const p = squareProfileAt('http://127.0.0.1:4321');
  assert.equal(p.endpoints.kind === 'static' && p.endpoints.token, 'http://127.0.0.1:4321/oauth2/token');
  for (const bad of ['https://connect.squareup.com', 'http://localhost:4321', 'http://127.0.0.1:4321/x', 'http://10.0.0.1:80']) {
    assert.throws(() => squareProfileAt(bad));
  }
});
