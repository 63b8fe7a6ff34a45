import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  forgetOwnedSecrets,
  isRegisteredSecret,
  MAX_LOOSE_SECRETS,
  redactFields,
  redactText,
  registerSecret,
  registeredSecretCount,
  setOwnedSecrets,
} from '../../main/core/log/redact.ts';

test('security.md #38: redact masks Bearer headers, token parameters and JSON token fields', () => {
  assert.equal(redactText('Authorization: Bearer abc.def-123'), 'Authorization: Bearer [redacted]');
  assert.equal(redactText('GET /cb?code=xyz123&state=s1'), 'GET /cb?code=[redacted]&state=[redacted]');
  assert.equal(redactText('{"access_token":"t0k3n","expires_in":3}'), '{"access_token":"[redacted]","expires_in":3}');
});

test('security.md #38: registered secrets are masked wherever they appear', () => {
  registerSecret('canary-SECRET-value-123');
  assert.equal(redactText('oops canary-SECRET-value-123 leaked'), 'oops [redacted] leaked');
  assert.deepEqual(redactFields({ nested: { refreshToken: 'x', note: 'canary-SECRET-value-123' } }), {
    nested: { refreshToken: '[redacted]', note: '[redacted]' },
  });
});

test("security.md #42: a connection's masked values are replaced whole, forgotten on removal, and loose values are capped", () => {
  const before = registeredSecretCount();
  setOwnedSecrets('c_unit', ['unit-access-1', 'unit-refresh-1']);
  assert.equal(registeredSecretCount(), before + 2);
  registerSecret('unit-access-1'); // the vault registers what it loads and saves, too
  setOwnedSecrets('c_unit', ['unit-access-2', 'unit-refresh-2']);
  assert.equal(registeredSecretCount(), before + 2, 'a refresh does not grow the set');
  assert.equal(isRegisteredSecret('unit-access-1'), false, 'the replaced token is forgotten, loose copy included');
  assert.equal(redactText('x unit-access-2 y'), 'x [redacted] y');
  forgetOwnedSecrets('c_unit');
  assert.equal(isRegisteredSecret('unit-access-2'), false);
  assert.equal(registeredSecretCount(), before);
  for (let i = 0; i < 5 * MAX_LOOSE_SECRETS; i++) registerSecret(`loose-secret-${i}`);
  assert.ok(registeredSecretCount() <= MAX_LOOSE_SECRETS, `${registeredSecretCount()} values masked`);
  assert.equal(redactText(`loose-secret-${5 * MAX_LOOSE_SECRETS - 1}`), '[redacted]', 'the newest loose values stay masked');
});
