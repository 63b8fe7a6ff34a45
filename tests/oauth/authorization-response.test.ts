import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AuthorizationError, ErrorCode } from '../../main/core/errors.ts';
import {
  authorizationErrorFrom,
  checkCallbackShape,
  MalformedCallbackError,
  validateAuthorizationResponse,
  type ExpectedCallback,
} from '../../main/core/oauth/authorization-response.ts';

const ISS = 'https://as.example.com';
const expected: ExpectedCallback = { state: 'S'.repeat(43), issuer: ISS, issRequired: true };
const q = (s: string) => new URLSearchParams(s);

function codeOf(err: unknown): string {
  assert.ok(err instanceof AuthorizationError, `not an AuthorizationError: ${String(err)}`);
  return err.code;
}
function rejects(params: string, exp: ExpectedCallback, code: string): void {
  assert.throws(
    () => validateAuthorizationResponse(q(params), exp),
    (e) => codeOf(e) === code,
    params,
  );
}

test('security.md #5: the matching state yields the code', () => {
  assert.deepEqual(validateAuthorizationResponse(q(`code=abc&state=${expected.state}&iss=${ISS}`), expected), { kind: 'code', code: 'abc' });
});

test('security.md #5: wrong, missing, empty, prefix or duplicated state is rejected', () => {
  rejects(`code=abc&state=${'S'.repeat(42)}X&iss=${ISS}`, expected, ErrorCode.StateMismatch);
  rejects(`code=abc&state=${'S'.repeat(42)}&iss=${ISS}`, expected, ErrorCode.StateMismatch);
  rejects(`code=abc&state=&iss=${ISS}`, expected, ErrorCode.StateMismatch);
  rejects(`code=abc&iss=${ISS}`, expected, ErrorCode.StateMismatch);
  rejects(`code=abc&state=${expected.state}&state=${expected.state}&iss=${ISS}`, expected, ErrorCode.CallbackInvalid);
  // a missing state is a shape error: the pending state is not consumed by it
  assert.throws(() => checkCallbackShape(q('code=abc')), MalformedCallbackError);
});

test('security.md #6: iss equal passes; another issuer, a trailing-slash variant or a duplicate is rejected', () => {
  rejects(`code=abc&state=${expected.state}&iss=https://evil.example.com`, expected, ErrorCode.IssuerMismatch);
  rejects(`code=abc&state=${expected.state}&iss=${ISS}/`, expected, ErrorCode.IssuerMismatch);
  rejects(`code=abc&state=${expected.state}&iss=${ISS.toUpperCase()}`, expected, ErrorCode.IssuerMismatch);
  rejects(`code=abc&state=${expected.state}&iss=${ISS}&iss=${ISS}`, expected, ErrorCode.CallbackInvalid);
  // an iss arriving for an AS without an issuer identifier is not trusted either
  rejects(`code=abc&state=${expected.state}&iss=${ISS}`, { state: expected.state, issRequired: false }, ErrorCode.IssuerMismatch);
});

test('security.md #6: a missing iss is rejected when metadata promises it, accepted when it does not', () => {
  rejects(`code=abc&state=${expected.state}`, expected, ErrorCode.IssuerMismatch);
  assert.deepEqual(validateAuthorizationResponse(q(`code=abc&state=${expected.state}`), { ...expected, issRequired: false }), { kind: 'code', code: 'abc' });
  // but when present it must still match
  rejects(`code=abc&state=${expected.state}&iss=https://other.example`, { ...expected, issRequired: false }, ErrorCode.IssuerMismatch);
});

test('security.md #7: tokens in the callback query are rejected before state is looked at', () => {
  for (const t of ['access_token', 'id_token', 'token_type', 'refresh_token']) {
    assert.throws(() => checkCallbackShape(q(`${t}=x&state=${expected.state}`)), MalformedCallbackError, t);
    rejects(`code=abc&${t}=x&state=${expected.state}&iss=${ISS}`, expected, ErrorCode.CallbackInvalid);
  }
  rejects(`state=${expected.state}&iss=${ISS}`, expected, ErrorCode.CallbackInvalid); // neither code nor error
});

test('security.md #5 #7: error=access_denied maps to consent_denied; other errors keep a bounded description', () => {
  const out = validateAuthorizationResponse(q(`error=access_denied&error_description=nope&state=${expected.state}&iss=${ISS}`), expected);
  assert.deepEqual(out, { kind: 'error', error: 'access_denied', description: 'nope' });
  assert.equal(authorizationErrorFrom({ error: 'access_denied' }).code, ErrorCode.ConsentDenied);
  const other = authorizationErrorFrom({ error: 'server_error', description: 'x'.repeat(1000) });
  assert.equal(other.code, ErrorCode.ProviderServerError);
  assert.ok(other.message.length < 400);
  // RFC 6749 §4.1.2.1: each listed error has its own code; an unlisted one stays callback_invalid
  for (const [error, code] of [
    ['invalid_scope', ErrorCode.ScopeRefused],
    ['unauthorized_client', ErrorCode.ClientNotAllowed],
    ['invalid_client', ErrorCode.InvalidClient],
    ['unsupported_response_type', ErrorCode.ResponseTypeUnsupported],
    ['invalid_request', ErrorCode.AuthorizationRequestInvalid],
    ['temporarily_unavailable', ErrorCode.ProviderBusy],
    ['something_else', ErrorCode.CallbackInvalid],
    ['__proto__', ErrorCode.CallbackInvalid],
  ] as const) {
    assert.equal(authorizationErrorFrom({ error }).code, code, error);
  }
  // an error response still needs the right state (RFC 6749 §4.1.2.1)
  rejects(`error=access_denied&state=wrong&iss=${ISS}`, expected, ErrorCode.StateMismatch);
});

const paramName = fc.constantFrom('code', 'state', 'iss', 'error', 'error_description', 'access_token', 'token_type', 'x', 'Code', 'state ', 'stat%65', '');
const paramValue = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('%', '%zz', '&', '=', '+', '%00', '\u{1F600}'));
const queryString = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.array(fc.tuple(paramName, paramValue), { maxLength: 8 }).map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&')),
);

test('security.md #5 #7 #23: for any query, checkCallbackShape throws a typed error or leaves at most one code/state/iss', () => {
  fc.assert(
    fc.property(queryString, (qs) => {
      const params = new URLSearchParams(qs);
      try {
        checkCallbackShape(params);
      } catch (err) {
        assert.ok(err instanceof AuthorizationError, `untyped exception ${String(err)}`);
        assert.ok(err.code === ErrorCode.CallbackInvalid || err.code === ErrorCode.StateMismatch);
        return;
      }
      for (const n of ['code', 'state', 'iss', 'error', 'error_description']) assert.ok(params.getAll(n).length <= 1, n);
      assert.ok(params.has('state'));
      for (const n of ['access_token', 'id_token', 'token_type', 'refresh_token']) assert.equal(params.has(n), false);
      // and full validation never throws anything but a typed error
      try {
        validateAuthorizationResponse(params, expected);
      } catch (err) {
        assert.ok(err instanceof AuthorizationError);
      }
    }),
    { numRuns: 1000 },
  );
});
