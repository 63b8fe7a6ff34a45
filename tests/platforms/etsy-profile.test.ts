import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fillTemplate } from '../../main/core/providers/profile.ts';
import { etsyProfile, etsyProfileAt } from '../../main/core/providers/etsy.ts';

test('Etsy profile: own app credentials, PKCE S256, form token request, expires_in, token-prefix tenant, rotating refresh', () => {
  const p = etsyProfile;
  assert.equal(p.id, 'etsy');
  assert.equal(p.kind, 'oauth-app-credentials');
  assert.deepEqual(p.endpoints, {
    kind: 'static',
    authorization: 'https://www.etsy.com/oauth/connect',
    token: 'https://api.etsy.com/v3/public/oauth/token',
    apiBase: 'https://api.etsy.com',
  });
  assert.equal(p.authorization.pkce, 'S256');
  assert.deepEqual(p.tokenRequest, { encoding: 'form', clientAuth: 'none' });
  assert.equal(p.tokenResponse.expiry, 'expires_in');
  assert.equal(p.tokenResponse.tenantFromTokenPrefix, true);
  assert.deepEqual(p.refresh, { kind: 'rotating', refreshTokenLifetimeSec: 90 * 86_400 });
  assert.equal(p.revocation.kind, 'unsupported');
  assert.match((p.revocation as { reason: string }).reason, /does not let apps withdraw their own access/);
  assert.equal(p.redirect, 'https-forwarder');
  assert.deepEqual(p.apiAuth, { kind: 'bearer' });
  assert.deepEqual(p.accountLabel, { from: 'token-prefix' });
  assert.equal(p.scopeSeparator, ' ');
  assert.deepEqual(
    p.scopes.map((s) => [s.name, s.required]),
    [
      ['transactions_r', true],
      ['shops_r', true],
    ],
  );
  assert.equal(p.orders, 'etsy');
});

test('Etsy fields: the shared secret is a secret field (keychain) and x-api-key is built from the template (security.md #9, #17)', () => {
  const kinds = Object.fromEntries(etsyProfile.fields.map((f) => [f.name, f.kind]));
  assert.deepEqual(kinds, { keystring: 'text', sharedSecret: 'secret', forwarderUrl: 'url' });
  const header = fillTemplate(etsyProfile.apiExtraHeaders!['x-api-key']!, { keystring: 'abc123', sharedSecret: 's3cr3t' });
  assert.equal(header, 'abc123:s3cr3t');
  assert.throws(() => fillTemplate(etsyProfile.apiExtraHeaders!['x-api-key']!, { keystring: 'abc123' }));
  const https = new RegExp(etsyProfile.fields.find((f) => f.name === 'forwarderUrl')!.pattern!);
  assert.ok(https.test('https://example.com/etsy'));
  assert.ok(!https.test('http://127.0.0.1:8080/callback'));
});

test('test seam etsyProfileAt only accepts a loopback http base', () => {
  const p = etsyProfileAt('http://127.0.0.1:999');
  assert.equal(p.endpoints.kind === 'static' && p.endpoints.authorization, 'http://127.0.0.1:999/oauth/connect');
  assert.equal(p.endpoints.kind === 'static' && p.endpoints.token, 'http://127.0.0.1:999/v3/public/oauth/token');
  for (const bad of ['https://api.etsy.com', 'http://localhost:999', 'http://127.0.0.1:999/']) assert.throws(() => etsyProfileAt(bad));
});
