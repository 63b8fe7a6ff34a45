import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactText, registerSecret, redactFields } from '../../main/core/log/redact.ts';

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
