import { ErrorCode, TokenEndpointError } from '../errors.ts';
import type { HttpResponse } from '../ports.ts';
import type { TokenResponseSpec } from '../providers/profile.ts';

/** The token response as sent (snake_case wire type, AppAuth-JS `TokenResponseJson` style). */
export interface TokenResponseJson {
  access_token?: unknown;
  token_type?: unknown;
  expires_in?: unknown;
  expires_at?: unknown;
  refresh_token?: unknown;
  refresh_token_expires_in?: unknown;
  refresh_token_expires_at?: unknown;
  scope?: unknown;
  id_token?: unknown;
  [k: string]: unknown;
}

/** The normalised domain type (camelCase, readonly). */
export interface TokenResponse {
  readonly accessToken: string;
  readonly tokenType: string;
  readonly refreshToken?: string;
  readonly idToken?: string;
  /** Epoch ms: time of receipt + expires_in, or the provider's absolute expires_at (security.md #11). */
  readonly accessExpiresAt?: number;
  readonly refreshExpiresAt?: number;
  /** Granted scope when the response says it (RFC 6749 §5.1: absent = as requested). */
  readonly scopes?: string[];
  /** merchant_id, shop, or the `{user_id}.` token prefix. */
  readonly tenant?: string;
  /** Non-secret extra fields a profile may use for the account label (e.g. store_name). */
  readonly extras: Record<string, string>;
}

/** The message names the field, never its value (a token value must not reach a log or the UI). */
function bad(message: string): TokenEndpointError {
  return new TokenEndpointError(
    ErrorCode.BadTokenResponse,
    `The provider's token response was not usable: ${message}. Try again; if it keeps happening, the provider may be misconfigured.`,
  );
}

/** RFC 6749 Appendix A.12-A.13: access-token / refresh-token = 1*VSCHAR (%x20-7E). */
const VSCHAR = /^[\x20-\x7e]+$/;
/** RFC 6749 Appendix A.4: scope-token = 1*NQCHAR (%x21 / %x23-5B / %x5D-7E). */
const NQCHAR = /^[\x21\x23-\x5b\x5d-\x7e]+$/;
const MAX_TOKEN_LENGTH = 16_384;
const MAX_SECONDS = 10 * 365 * 86400;

function tokenValue(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length === 0) throw bad(`${name} is missing or not a string`);
  if (value.length > MAX_TOKEN_LENGTH) throw bad(`${name} is too long`);
  if (!VSCHAR.test(value)) throw bad(`${name} contains characters OAuth does not allow (RFC 6749 Appendix A)`);
  return value;
}

/**
 * A lifetime in seconds: a non-negative integer (RFC 6749 §5.1, Appendix A.14: 1*DIGIT); a digit
 * string only where the profile says the platform sends one.
 * https://www.rfc-editor.org/rfc/rfc6749#appendix-A.14
 */
function seconds(value: unknown, name: string, allowString: boolean): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = allowString && typeof value === 'string' && /^\d{1,12}$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw bad(`${name} is not a whole, non-negative number of seconds`);
  if (n > MAX_SECONDS) throw bad(`${name} is implausibly long`);
  return n;
}

/**
 * The granted scope: scope-tokens of NQCHAR separated by spaces (RFC 6749 §3.3, Appendix A.4); a
 * profile whose platform separates with commas (a NQCHAR itself) is split on those too.
 * https://www.rfc-editor.org/rfc/rfc6749#appendix-A.4
 */
function scopeTokens(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw bad('scope is not a string');
  const tokens = value
    .split(' ')
    .flatMap((t) => t.split(','))
    .filter(Boolean);
  if (!tokens.every((t) => NQCHAR.test(t))) throw bad('scope contains characters OAuth does not allow (RFC 6749 Appendix A)');
  return tokens;
}

function isoTime(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const t = typeof value === 'string' ? Date.parse(value) : NaN;
  if (!Number.isFinite(t)) throw bad(`${name} is not a date`);
  return t;
}

const SECRET_FIELDS = new Set(['access_token', 'refresh_token', 'id_token', 'token_type', 'expires_in', 'expires_at', 'scope']);

/**
 * Validates and normalises a successful token response (security.md #43): token values VSCHAR,
 * scope-tokens NQCHAR, `expires_in` a non-negative integer, else `bad_token_response` naming the
 * field. Profile quirks (providers.md "Quirks" 3): `expires_in` as a digit string where the platform
 * sends one, `expires_at` ISO, no expiry, missing `token_type`, comma separated scope, tenant ids.
 * https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 * https://www.rfc-editor.org/rfc/rfc6749#appendix-A
 */
export function normalizeTokenResponse(json: TokenResponseJson, spec: TokenResponseSpec, receivedAt: number): TokenResponse {
  const accessToken = tokenValue(json.access_token, 'access_token');
  let tokenType = 'bearer';
  if (json.token_type !== undefined) {
    if (typeof json.token_type !== 'string') throw bad('token_type is not a string');
    tokenType = json.token_type.toLowerCase();
  } else if (spec.requireTokenType) {
    throw bad('token_type is missing');
  }
  if (tokenType !== 'bearer') throw bad('token_type is not "Bearer", the only type Storelink supports');
  const refreshToken = json.refresh_token === undefined ? undefined : tokenValue(json.refresh_token, 'refresh_token');
  const scopes = scopeTokens(json.scope);
  if (json.id_token !== undefined && typeof json.id_token !== 'string') throw bad('id_token is not a string');

  const asString = spec.expiresInAsString === true;
  let accessExpiresAt: number | undefined;
  if (spec.expiry === 'expires_in') {
    const s = seconds(json.expires_in, 'expires_in', asString);
    accessExpiresAt = s === undefined ? undefined : receivedAt + s * 1000;
  } else if (spec.expiry === 'expires_at') {
    const s = seconds(json.expires_in, 'expires_in', asString);
    accessExpiresAt = isoTime(json.expires_at, 'expires_at') ?? (s !== undefined ? receivedAt + s * 1000 : undefined);
  }
  const rtIn = seconds(json.refresh_token_expires_in, 'refresh_token_expires_in', asString);
  const refreshExpiresAt = rtIn !== undefined ? receivedAt + rtIn * 1000 : isoTime(json.refresh_token_expires_at, 'refresh_token_expires_at');

  let tenant: string | undefined;
  if (spec.tenantField && typeof json[spec.tenantField] === 'string') tenant = json[spec.tenantField] as string;
  if (spec.tenantFromTokenPrefix) {
    const dot = accessToken.indexOf('.');
    if (dot > 0 && /^\d+$/.test(accessToken.slice(0, dot))) tenant = accessToken.slice(0, dot);
  }
  const extras: Record<string, string> = {};
  for (const [k, v] of Object.entries(json)) {
    if (!SECRET_FIELDS.has(k) && (typeof v === 'string' || typeof v === 'number') && String(v).length <= 200) extras[k] = String(v);
  }
  return {
    accessToken,
    tokenType,
    ...(refreshToken !== undefined ? { refreshToken } : {}),
    ...(typeof json.id_token === 'string' ? { idToken: json.id_token } : {}),
    ...(accessExpiresAt !== undefined ? { accessExpiresAt } : {}),
    ...(refreshExpiresAt !== undefined ? { refreshExpiresAt } : {}),
    ...(scopes ? { scopes } : {}),
    ...(tenant ? { tenant } : {}),
    extras,
  };
}

/**
 * Classifies a token endpoint failure (RFC 6749 §5.2; security.md #13): `invalid_grant` ->
 * needs re-authorization; `invalid_client` -> configuration error; 5xx / other -> retryable.
 * Square's `{errors:[{code}]}` shape is read too.
 * https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
export function tokenErrorFrom(res: HttpResponse, body: Record<string, unknown> | undefined): TokenEndpointError {
  let oauthError = typeof body?.error === 'string' ? body.error : undefined;
  const errors = body?.errors;
  if (!oauthError && Array.isArray(errors) && errors[0] && typeof errors[0] === 'object') {
    const code = String((errors[0] as Record<string, unknown>).code ?? '');
    oauthError = /REFRESH_TOKEN|EXPIRED|REVOKED|NOT_FOUND|INVALID_GRANT/i.test(code) ? 'invalid_grant' : code.toLowerCase() || undefined;
  }
  const status = res.status;
  if (oauthError === 'invalid_grant') {
    return new TokenEndpointError(ErrorCode.InvalidGrant, 'The provider no longer accepts this sign-in (it expired or was withdrawn). Reconnect to continue.', {
      oauthError,
      status,
    });
  }
  if (oauthError === 'unauthorized_client') {
    return new TokenEndpointError(ErrorCode.ClientNotAllowed, `The provider does not allow this app to sign in this way (HTTP ${status}).`, {
      oauthError,
      status,
    });
  }
  if (oauthError === 'invalid_client') {
    return new TokenEndpointError(ErrorCode.InvalidClient, 'The provider rejected the app credentials (client id or secret). Check them and reconnect.', {
      oauthError,
      status,
    });
  }
  // RFC 6749 §5.2: the remaining error codes, each with its own code for the UI.
  if (oauthError === 'invalid_scope') {
    return new TokenEndpointError(ErrorCode.ScopeRefused, `The provider refused the permissions Storelink asked for (HTTP ${status}).`, { oauthError, status });
  }
  if (oauthError === 'unsupported_grant_type') {
    return new TokenEndpointError(ErrorCode.GrantTypeUnsupported, `The provider does not allow this kind of sign-in for the app (HTTP ${status}).`, {
      oauthError,
      status,
    });
  }
  if (oauthError === 'invalid_request') {
    return new TokenEndpointError(ErrorCode.TokenRequestInvalid, `The provider found Storelink's request incomplete or invalid (HTTP ${status}).`, {
      oauthError,
      status,
    });
  }
  if (status >= 500 || status === 429) {
    return new TokenEndpointError(ErrorCode.AsUnreachable, `The provider's sign-in service is having trouble (HTTP ${status}). Storelink will try again.`, {
      status,
    });
  }
  const safe = oauthError && /^[a-z0-9_.-]{1,64}$/i.test(oauthError) ? oauthError : 'unknown error';
  return new TokenEndpointError(ErrorCode.TokenEndpointError, `The provider refused the token request (${safe}, HTTP ${status}).`, {
    ...(oauthError ? { oauthError } : {}),
    status,
  });
}
