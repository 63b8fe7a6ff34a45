import { timingSafeEqual } from 'node:crypto';
import { AuthorizationError, ErrorCode } from '../errors.ts';

/**
 * What the loopback listener received, checked the way oauth4webapi's validateAuthResponse does:
 * fail closed on duplicated parameters, on tokens in the response (RFC 9700 §2.1.2), on a wrong or
 * replayed `state` (RFC 9700 §4.2.4), and on a wrong or missing `iss` (RFC 9207 §2.4).
 */
export interface ExpectedCallback {
  state: string;
  /** The issuer this flow was started with; undefined when the AS has no issuer identifier. */
  issuer?: string;
  /** True when metadata says `authorization_response_iss_parameter_supported` (RFC 9207 §3). */
  issRequired: boolean;
}

export type CallbackOutcome = { kind: 'code'; code: string } | { kind: 'error'; error: string; description?: string };

const SINGLE = ['code', 'state', 'iss', 'error', 'error_description'] as const;
const FORBIDDEN = ['access_token', 'id_token', 'token_type', 'refresh_token'];

/** Raised before state is compared: a request that is malformed on its face (400, state not consumed). */
export class MalformedCallbackError extends AuthorizationError {}

/** Step 1, no secrets involved: shape checks that never consume the pending state. */
export function checkCallbackShape(params: URLSearchParams): void {
  for (const name of SINGLE) {
    if (params.getAll(name).length > 1) {
      throw new MalformedCallbackError(ErrorCode.CallbackInvalid, `The sign-in response repeated the "${name}" parameter, so it was rejected.`);
    }
  }
  for (const name of FORBIDDEN) {
    if (params.has(name)) {
      throw new MalformedCallbackError(
        ErrorCode.CallbackInvalid,
        'The sign-in response carried a token directly (implicit flow); Storelink only accepts an authorization code.',
      );
    }
  }
  if (!params.has('state')) throw new MalformedCallbackError(ErrorCode.StateMismatch, 'The sign-in response had no state parameter.');
}

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** Compares `state` in constant time. https://www.rfc-editor.org/rfc/rfc6749#section-10.12 */
export function stateMatches(params: URLSearchParams, expectedState: string): boolean {
  const got = params.get('state');
  return got !== null && safeEqual(got, expectedState);
}

/**
 * Step 2, after state matched: the `iss` check and the code / error extraction.
 * https://www.rfc-editor.org/rfc/rfc9207#section-2.4
 */
export function validateAuthorizationResponse(params: URLSearchParams, expected: ExpectedCallback): CallbackOutcome {
  checkCallbackShape(params);
  if (!stateMatches(params, expected.state)) {
    throw new AuthorizationError(ErrorCode.StateMismatch, 'The sign-in response did not belong to the sign-in Storelink started.');
  }
  const iss = params.get('iss');
  if (iss !== null) {
    if (expected.issuer === undefined || iss !== expected.issuer) {
      throw new AuthorizationError(
        ErrorCode.IssuerMismatch,
        'The sign-in response came from a different provider than the one Storelink asked (issuer mismatch).',
      );
    }
  } else if (expected.issRequired) {
    throw new AuthorizationError(ErrorCode.IssuerMismatch, 'The provider promised to identify itself in the sign-in response but did not (missing iss).');
  }
  const error = params.get('error');
  if (error !== null) {
    const description = params.get('error_description') ?? undefined;
    return description === undefined ? { kind: 'error', error } : { kind: 'error', error, description };
  }
  const code = params.get('code');
  if (!code) throw new AuthorizationError(ErrorCode.CallbackInvalid, 'The sign-in response had neither a code nor an error.');
  return { kind: 'code', code };
}

/**
 * The error codes of RFC 6749 §4.1.2.1, each to its own typed code so the UI can say what to do.
 * `invalid_client` is not in that list (an AS must not redirect for a bad client id) but some
 * providers send it anyway, so it is read too.
 * https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1
 */
const AUTHORIZATION_ERRORS: Record<string, ErrorCode> = {
  access_denied: ErrorCode.ConsentDenied,
  invalid_scope: ErrorCode.ScopeRefused,
  unauthorized_client: ErrorCode.ClientNotAllowed,
  invalid_client: ErrorCode.InvalidClient,
  unsupported_response_type: ErrorCode.ResponseTypeUnsupported,
  invalid_request: ErrorCode.AuthorizationRequestInvalid,
  server_error: ErrorCode.ProviderServerError,
  temporarily_unavailable: ErrorCode.ProviderBusy,
};

/** Maps an RFC 6749 §4.1.2.1 error response to a typed error with plain words. */
export function authorizationErrorFrom(outcome: { error: string; description?: string }): AuthorizationError {
  if (outcome.error === 'access_denied') {
    return new AuthorizationError(ErrorCode.ConsentDenied, 'Access was not granted: the sign-in was cancelled or denied at the provider.');
  }
  const detail = outcome.description ? `: ${outcome.description.slice(0, 200)}` : '';
  const code = Object.hasOwn(AUTHORIZATION_ERRORS, outcome.error) ? AUTHORIZATION_ERRORS[outcome.error]! : ErrorCode.CallbackInvalid;
  return new AuthorizationError(code, `The provider refused the sign-in (${outcome.error.slice(0, 64)})${detail}`);
}
