import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { codeChallengeS256, generateCodeVerifier, generateState } from '../../main/core/oauth/pkce.ts';

const UNRESERVED = /^[A-Za-z0-9\-._~]+$/;

test('security.md #4: RFC 7636 Appendix B vector gives the published S256 challenge', () => {
  assert.equal(codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
});

test('security.md #4: every generated verifier is 43 unreserved characters (32 octets) and distinct', () => {
  const seen = new Set<string>();
  fc.assert(
    fc.property(fc.integer(), () => {
      const v = generateCodeVerifier();
      assert.equal(v.length, 43);
      assert.match(v, UNRESERVED);
      assert.equal(Buffer.from(v, 'base64url').length, 32);
      assert.ok(!seen.has(v), 'verifier repeated');
      seen.add(v);
      // its challenge is itself a 43-char base64url SHA-256
      assert.match(codeChallengeS256(v), /^[A-Za-z0-9_-]{43}$/);
    }),
    { numRuns: 500 },
  );
});

test('security.md #4: codeChallengeS256 refuses verifiers that break RFC 7636 §4.1 (length or alphabet)', () => {
  for (const bad of [
    '',
    'a'.repeat(42),
    'a'.repeat(129),
    `${'a'.repeat(42)} `,
    `${'a'.repeat(42)}+`,
    `${'a'.repeat(42)}/`,
    `${'a'.repeat(42)}=`,
    `${'a'.repeat(42)}é`,
  ]) {
    assert.throws(() => codeChallengeS256(bad), /code_verifier/, JSON.stringify(bad));
  }
  assert.doesNotThrow(() => codeChallengeS256('a'.repeat(43)));
  assert.doesNotThrow(() => codeChallengeS256('~'.repeat(128)));
  fc.assert(
    fc.property(fc.string({ minLength: 0, maxLength: 200 }), (s) => {
      const ok = s.length >= 43 && s.length <= 128 && UNRESERVED.test(s);
      if (ok) assert.match(codeChallengeS256(s), /^[A-Za-z0-9_-]{43}$/);
      else assert.throws(() => codeChallengeS256(s));
    }),
    { numRuns: 500 },
  );
});

test('security.md #5: state carries >= 128 bits from the CSPRNG, URL-safe and distinct', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 1000; i++) {
    const s = generateState();
    assert.match(s, /^[A-Za-z0-9_-]+$/);
    // base64url: 6 bits per character
    assert.ok(s.length * 6 >= 128, `state too short: ${s.length} chars`);
    assert.ok(Buffer.from(s, 'base64url').length >= 16);
    assert.ok(!seen.has(s));
    seen.add(s);
  }
});
