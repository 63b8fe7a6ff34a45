import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ErrorCode, TokenEndpointError } from '../../main/core/errors.ts';
import { normalizeTokenResponse, tokenErrorFrom, type TokenResponseJson } from '../../main/core/oauth/token-response.ts';
import type { TokenResponseSpec } from '../../main/core/providers/profile.ts';

const T0 = Date.UTC(2025, 0, 1);
const IN: TokenResponseSpec = { expiry: 'expires_in', requireTokenType: true };
const norm = (j: TokenResponseJson, spec: TokenResponseSpec = IN) => normalizeTokenResponse(j, spec, T0);
function bad(j: TokenResponseJson, spec: TokenResponseSpec = IN): void {
  assert.throws(
    () => norm(j, spec),
    (e) => e instanceof TokenEndpointError && e.code === ErrorCode.BadTokenResponse,
    JSON.stringify(j),
  );
}

test('security.md #11: expires_in as a number (or a digit string where the profile says so) gives expires_at = receipt + expires_in', () => {
  assert.equal(norm({ access_token: 'a', token_type: 'Bearer', expires_in: 3600 }).accessExpiresAt, T0 + 3_600_000);
  assert.equal(norm({ access_token: 'a', token_type: 'bearer', expires_in: '3600' }, { ...IN, expiresInAsString: true }).accessExpiresAt, T0 + 3_600_000);
  assert.equal(norm({ access_token: 'a', token_type: 'bearer' }).accessExpiresAt, undefined);
  for (const v of [-1, '-1', 'soon', '1e3', Number.NaN, Number.POSITIVE_INFINITY, {}, true, 11 * 365 * 86400])
    bad({ access_token: 'a', token_type: 'bearer', expires_in: v });
});

test('security.md #11: expires_at ISO (Square), expiry none (Shopify offline) and refresh-token lifetimes', () => {
  const AT: TokenResponseSpec = { expiry: 'expires_at', requireTokenType: true };
  assert.equal(norm({ access_token: 'a', token_type: 'bearer', expires_at: '2025-01-31T00:00:00Z' }, AT).accessExpiresAt, Date.UTC(2025, 0, 31));
  assert.equal(norm({ access_token: 'a', token_type: 'bearer', expires_in: 60 }, AT).accessExpiresAt, T0 + 60_000);
  bad({ access_token: 'a', token_type: 'bearer', expires_at: 'next tuesday' }, AT);
  const NONE: TokenResponseSpec = { expiry: 'none', requireTokenType: false };
  assert.equal(norm({ access_token: 'a', expires_in: 60 }, NONE).accessExpiresAt, undefined);
  assert.equal(norm({ access_token: 'a', token_type: 'bearer', refresh_token: 'r', refresh_token_expires_in: 86400 }).refreshExpiresAt, T0 + 86_400_000);
  assert.equal(norm({ access_token: 'a', token_type: 'bearer', refresh_token_expires_at: '2025-04-01T00:00:00Z' }).refreshExpiresAt, Date.UTC(2025, 3, 1));
});

test('security.md #13: token_type missing is allowed or refused per profile; only bearer is accepted', () => {
  assert.equal(norm({ access_token: 'a' }, { expiry: 'none', requireTokenType: false }).tokenType, 'bearer');
  bad({ access_token: 'a' }, IN);
  bad({ access_token: 'a', token_type: 'mac' });
  bad({ access_token: 'a', token_type: 'DPoP' });
  bad({ access_token: 'a', token_type: 7 });
  bad({ access_token: '', token_type: 'bearer' });
  bad({ access_token: 42, token_type: 'bearer' });
  bad({ access_token: 'x'.repeat(20_000), token_type: 'bearer' });
  bad({ access_token: 'a', token_type: 'bearer', refresh_token: '' });
  bad({ access_token: 'a', token_type: 'bearer', scope: ['a'] });
});

test('security.md #15: granted scope is read from the response, space or comma separated', () => {
  assert.deepEqual(norm({ access_token: 'a', token_type: 'bearer', scope: 'openid  orders:read' }).scopes, ['openid', 'orders:read']);
  assert.deepEqual(norm({ access_token: 'a', token_type: 'bearer', scope: 'read_orders,read_products' }).scopes, ['read_orders', 'read_products']);
  assert.equal(norm({ access_token: 'a', token_type: 'bearer' }).scopes, undefined);
});

test('security.md #10: tenantField, Etsy token prefix, and extras that never hold a token', () => {
  const sq = norm({ access_token: 'EAAA', token_type: 'bearer', merchant_id: 'M123', short_lived: false }, { ...IN, tenantField: 'merchant_id' });
  assert.equal(sq.tenant, 'M123');
  const etsy = { ...IN, tenantFromTokenPrefix: true };
  assert.equal(norm({ access_token: '12345.abcDEF', token_type: 'Bearer' }, etsy).tenant, '12345');
  assert.equal(norm({ access_token: 'abc.12345', token_type: 'Bearer' }, etsy).tenant, undefined);
  assert.equal(norm({ access_token: '.12345', token_type: 'Bearer' }, etsy).tenant, undefined);
  const r = norm({ access_token: 'AT-canary', token_type: 'bearer', refresh_token: 'RT-canary', id_token: 'ID-canary', store_name: 'Shop' });
  assert.equal(r.extras.store_name, 'Shop');
  assert.doesNotMatch(JSON.stringify(r.extras), /canary/);
  assert.equal(r.refreshToken, 'RT-canary');
  assert.equal(r.idToken, 'ID-canary');
});

test('security.md #13 #37: for any JSON object, normalizeTokenResponse returns a bearer token set or a bad_token_response', () => {
  fc.assert(
    fc.property(
      fc.record(
        {
          access_token: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
          token_type: fc.oneof(fc.constantFrom('Bearer', 'bearer', 'mac'), fc.string(), fc.integer()),
          expires_in: fc.oneof(fc.integer({ min: -10, max: 10 ** 9 }), fc.string(), fc.double(), fc.constant(null)),
          scope: fc.oneof(fc.string(), fc.array(fc.string())),
          refresh_token: fc.oneof(fc.string(), fc.integer()),
        },
        { requiredKeys: [] },
      ),
      (j) => {
        try {
          const r = norm(j as TokenResponseJson, { expiry: 'expires_in', requireTokenType: false });
          assert.equal(r.tokenType, 'bearer');
          assert.ok(r.accessToken.length > 0);
          if (r.accessExpiresAt !== undefined) assert.ok(Number.isFinite(r.accessExpiresAt) && r.accessExpiresAt >= T0);
        } catch (err) {
          assert.ok(err instanceof TokenEndpointError && err.code === ErrorCode.BadTokenResponse, String(err));
        }
      },
    ),
    { numRuns: 500 },
  );
});

test('security.md #13: tokenErrorFrom classifies by RFC 6749 §5.2 error, Square errors[], then status', () => {
  const res = (status: number) => ({ status, headers: {}, body: '' });
  assert.equal(tokenErrorFrom(res(400), { error: 'invalid_grant' }).code, ErrorCode.InvalidGrant);
  assert.equal(tokenErrorFrom(res(401), { error: 'invalid_client' }).code, ErrorCode.InvalidClient);
  assert.equal(tokenErrorFrom(res(400), { error: 'unauthorized_client' }).code, ErrorCode.ClientNotAllowed);
  assert.equal(tokenErrorFrom(res(400), { error: 'invalid_scope' }).code, ErrorCode.ScopeRefused);
  assert.equal(tokenErrorFrom(res(400), { error: 'unsupported_grant_type' }).code, ErrorCode.GrantTypeUnsupported);
  assert.equal(tokenErrorFrom(res(400), { error: 'invalid_request' }).code, ErrorCode.TokenRequestInvalid);
  assert.equal(tokenErrorFrom(res(401), { errors: [{ code: 'ACCESS_TOKEN_REVOKED' }] }).code, ErrorCode.InvalidGrant);
  assert.equal(tokenErrorFrom(res(429), undefined).code, ErrorCode.AsUnreachable);
  assert.equal(tokenErrorFrom(res(503), { error: 'temporarily_unavailable' }).code, ErrorCode.AsUnreachable);
  // an invalid_grant wins over a 5xx status: the grant is dead, retrying will not help
  assert.equal(tokenErrorFrom(res(500), { error: 'invalid_grant' }).code, ErrorCode.InvalidGrant);
  const weird = tokenErrorFrom(res(400), { error: '<script>RT-canary</script>' });
  assert.equal(weird.code, ErrorCode.TokenEndpointError);
  assert.doesNotMatch(weird.message, /script|canary/);
});

// ---- security.md #43: RFC 6749 Appendix A (https://www.rfc-editor.org/rfc/rfc6749#appendix-A) ----

const VSCHAR = /^[\x20-\x7e]+$/;
const NQCHAR = /^[\x21\x23-\x5b\x5d-\x7e]+$/;
const STR: TokenResponseSpec = { ...IN, expiresInAsString: true };

/** Asserts a bad_token_response whose message names `field` and does not contain `value`. */
function refused(j: TokenResponseJson, field: string, value: string | undefined, spec: TokenResponseSpec = IN): void {
  assert.throws(
    () => norm(j, spec),
    (e) => {
      assert.ok(e instanceof TokenEndpointError && e.code === ErrorCode.BadTokenResponse, String(e));
      assert.match(e.message, new RegExp(`\\b${field}\\b`), e.message);
      if (value !== undefined && value.trim().length > 0) assert.equal(e.message.includes(value), false, `message leaks the value: ${e.message}`);
      return true;
    },
    JSON.stringify(j),
  );
}

test('security.md #43: table of values RFC 6749 Appendix A forbids -> bad_token_response naming the field, never the value', () => {
  const ok = { access_token: 'AT-ok', token_type: 'bearer' };
  const rows: Array<[TokenResponseJson, string, string | undefined, TokenResponseSpec?]> = [
    [{ ...ok, access_token: 'AT-canary\u00e9' }, 'access_token', 'AT-canary\u00e9'],
    [{ ...ok, access_token: 'AT-canary\n' }, 'access_token', 'AT-canary'],
    [{ ...ok, access_token: 'AT\u0000canary' }, 'access_token', 'canary'],
    [{ ...ok, access_token: 'AT-canary\u007f' }, 'access_token', 'AT-canary'],
    [{ ...ok, access_token: 'AT-\u{1F600}-canary' }, 'access_token', 'canary'],
    [{ ...ok, refresh_token: 'RT-canary\t' }, 'refresh_token', 'RT-canary'],
    [{ ...ok, refresh_token: 'RT-\u00fc-canary' }, 'refresh_token', 'canary'],
    [{ ...ok, scope: 'openid "quoted"' }, 'scope', '"quoted"'],
    [{ ...ok, scope: 'openid back\\slash' }, 'scope', 'back\\slash'],
    [{ ...ok, scope: 'openid\torders:read' }, 'scope', 'openid\torders'],
    [{ ...ok, scope: 'openid\norders:read' }, 'scope', undefined],
    [{ ...ok, scope: 'caf\u00e9' }, 'scope', 'caf\u00e9'],
    [{ ...ok, expires_in: 1.5 }, 'expires_in', '1.5'],
    [{ ...ok, expires_in: 3599.999 }, 'expires_in', '3599.999'],
    [{ ...ok, expires_in: -1 }, 'expires_in', undefined],
    [{ ...ok, expires_in: '3600' }, 'expires_in', '3600'],
    [{ ...ok, expires_in: '3600.5' }, 'expires_in', '3600.5', STR],
    [{ ...ok, expires_in: ' 3600' }, 'expires_in', undefined, STR],
    [{ ...ok, expires_in: '-5' }, 'expires_in', undefined, STR],
    [{ ...ok, expires_in: '0x10' }, 'expires_in', '0x10', STR],
    [{ ...ok, expires_in: 2 ** 53 }, 'expires_in', undefined],
    [{ ...ok, refresh_token: 'r', refresh_token_expires_in: 86400.5 }, 'refresh_token_expires_in', undefined],
  ];
  for (const [j, field, value, spec] of rows) refused(j, field, value, spec);
  // and what the ABNF allows is accepted: spaces inside a token (VSCHAR includes %x20), 0, digit strings where allowed
  assert.equal(norm({ ...ok, access_token: 'a b~!' }).accessToken, 'a b~!');
  assert.equal(norm({ ...ok, expires_in: 0 }).accessExpiresAt, T0);
  assert.equal(norm({ ...ok, expires_in: '0' }, STR).accessExpiresAt, T0);
  assert.deepEqual(norm({ ...ok, scope: '!#[]{}~' }).scopes, ['!#[]{}~']);
});

const anyChar = fc.integer({ min: 0, max: 0x2ff }).map((c) => String.fromCharCode(c));
const text = (min = 1) => fc.array(anyChar, { minLength: min, maxLength: 24 }).map((a) => a.join(''));

test('security.md #43: property: a token value is accepted exactly when it is 1*VSCHAR, and the error never echoes it', () => {
  fc.assert(
    fc.property(text(), fc.constantFrom('access_token', 'refresh_token'), (value, field) => {
      const j: TokenResponseJson = { access_token: 'AT-ok', token_type: 'bearer', [field]: value };
      if (VSCHAR.test(value)) {
        const r = norm(j);
        assert.equal(field === 'access_token' ? r.accessToken : r.refreshToken, value);
      } else {
        refused(j, field, value);
      }
    }),
    { numRuns: 1000 },
  );
});

test('security.md #43: property: a scope is accepted exactly when its space-separated tokens are NQCHAR', () => {
  fc.assert(
    fc.property(fc.array(text(), { minLength: 1, maxLength: 4 }), (parts) => {
      const scope = parts.join(' ');
      const tokens = scope.split(' ').filter(Boolean);
      const valid = tokens.every((t) => NQCHAR.test(t));
      if (valid) assert.deepEqual(norm({ access_token: 'AT-ok', token_type: 'bearer', scope }).scopes, tokens.flatMap((t) => t.split(',')).filter(Boolean));
      else refused({ access_token: 'AT-ok', token_type: 'bearer', scope }, 'scope', undefined);
    }),
    { numRuns: 1000 },
  );
});

test('security.md #43: property: expires_in is accepted exactly when it is a non-negative integer (a digit string only where the profile allows)', () => {
  const values = fc.oneof(
    fc.integer({ min: -1000, max: 10 ** 8 }),
    fc.double({ noNaN: false }),
    fc.integer({ min: 0, max: 10 ** 8 }).map(String),
    fc.double().map(String),
    fc.string(),
  );
  fc.assert(
    fc.property(values, fc.boolean(), (v, allowString) => {
      const spec = allowString ? STR : IN;
      const j: TokenResponseJson = { access_token: 'AT-ok', token_type: 'bearer', expires_in: v };
      const asNumber = typeof v === 'number' ? v : allowString && /^\d+$/.test(v) ? Number(v) : Number.NaN;
      if (Number.isSafeInteger(asNumber) && asNumber >= 0 && asNumber <= 10 * 365 * 86400) assert.equal(norm(j, spec).accessExpiresAt, T0 + asNumber * 1000);
      else refused(j, 'expires_in', undefined, spec);
    }),
    { numRuns: 1000 },
  );
});
