/**
 * The token endpoint (POST /oauth/token): authorization_code with PKCE and rotating refresh tokens.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CLIENT_ID, DEFAULTS } from './config.ts';
import type { DemoContext } from './context.ts';
import { HttpError, parseForm, readBody, requireFormContentType, sendNoStoreJson } from './http-util.ts';

/** RFC 7636 §4.1: 43..128 characters of the unreserved set. */
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

class TokenError extends Error {
  override readonly name = 'TokenError';
  readonly error: string;
  readonly status: number;
  constructor(error: string, description: string, status = 400) {
    super(description);
    this.error = error;
    this.status = status;
  }
}

/** BASE64URL(SHA256(ASCII(verifier))) compared in constant time (RFC 7636 §4.6). */
export function verifierMatches(verifier: string, challenge: string): boolean {
  const computed = Buffer.from(createHash('sha256').update(verifier, 'ascii').digest('base64url'));
  const expected = Buffer.from(challenge);
  return computed.length === expected.length && timingSafeEqual(computed, expected);
}

function tokenResponse(ctx: DemoContext, familyId: string, scopes: string[], withRefresh: boolean): Record<string, unknown> {
  const { accessTokenLifetimeSec, refreshTokenLifetimeSec, storeName } = ctx.settings;
  const body: Record<string, unknown> = {
    access_token: ctx.registry.issueAccessToken(familyId, scopes, accessTokenLifetimeSec),
    token_type: 'Bearer',
    expires_in: accessTokenLifetimeSec,
  };
  if (withRefresh) body.refresh_token = ctx.registry.issueRefreshToken(familyId, refreshTokenLifetimeSec);
  body.scope = scopes.join(' ');
  body.store_name = storeName;
  body.store_id = ctx.settings.storeId;
  return body;
}

/**
 * authorization_code grant (RFC 6749 §4.1.3, RFC 7636 §4.6). The code is consumed by the first
 * attempt; a replay gets `invalid_grant` and revokes every token issued from it (RFC 6749 §4.1.2).
 */
function exchangeCode(ctx: DemoContext, p: Map<string, string>): Record<string, unknown> {
  const code = p.get('code');
  const redirectUri = p.get('redirect_uri');
  const verifier = p.get('code_verifier');
  if (!code) throw new TokenError('invalid_request', 'code is required');
  if (redirectUri === undefined) throw new TokenError('invalid_request', 'redirect_uri is required');
  if (verifier === undefined) throw new TokenError('invalid_request', 'code_verifier is required');
  const record = ctx.registry.findCode(code);
  if (!record) throw new TokenError('invalid_grant', 'authorization code is invalid');
  if (record.used) {
    ctx.registry.revokeFamily(record.familyId);
    throw new TokenError('invalid_grant', 'authorization code was already used; tokens issued from it are revoked');
  }
  record.used = true;
  if (record.expiresAt <= ctx.settings.now()) throw new TokenError('invalid_grant', 'authorization code has expired');
  if (record.clientId !== p.get('client_id')) throw new TokenError('invalid_grant', 'code was issued to another client');
  if (record.redirectUri !== redirectUri) throw new TokenError('invalid_grant', 'redirect_uri does not match the authorization request');
  if (!VERIFIER.test(verifier) || !verifierMatches(verifier, record.codeChallenge)) {
    throw new TokenError('invalid_grant', 'PKCE verification failed');
  }
  ctx.registry.openFamily(record.familyId, record.clientId, record.scopes);
  return tokenResponse(ctx, record.familyId, record.scopes, record.scopes.includes('offline_access'));
}

/**
 * refresh_token grant (RFC 6749 §6) with single-use rotating refresh tokens. Presenting a refresh
 * token that was already rotated revokes the whole family (RFC 9700 §4.14.2). `scope` may only
 * narrow (RFC 6749 §6); the new refresh token keeps the original scope.
 */
function refresh(ctx: DemoContext, p: Map<string, string>): Record<string, unknown> {
  ctx.stats.refreshRequests++;
  const token = p.get('refresh_token');
  if (!token) throw new TokenError('invalid_request', 'refresh_token is required');
  const record = ctx.registry.find(token);
  if (!record || record.kind !== 'refresh') throw new TokenError('invalid_grant', 'refresh token is invalid');
  if (record.used) {
    ctx.registry.revokeFamily(record.familyId);
    throw new TokenError('invalid_grant', 'refresh token was already used; the grant is revoked');
  }
  if (!ctx.registry.isActive(record)) throw new TokenError('invalid_grant', 'refresh token is expired or revoked');
  if (record.clientId !== p.get('client_id')) throw new TokenError('invalid_grant', 'refresh token was issued to another client');
  let scopes = record.scopes;
  const requested = p.get('scope');
  if (requested !== undefined) {
    const narrowed = [...new Set(requested.split(' ').filter(Boolean))];
    if (narrowed.length === 0 || narrowed.some((s) => !record.scopes.includes(s))) {
      throw new TokenError('invalid_scope', 'scope exceeds the scope originally granted');
    }
    scopes = narrowed;
  }
  record.used = true;
  return tokenResponse(ctx, record.familyId, scopes, true);
}

/**
 * POST /oauth/token for the public client (RFC 6749 §3.2, §4.1.3, §6; errors per §5.2 as JSON,
 * 400, or 401 for `invalid_client`). Responses carry `Cache-Control: no-store` (RFC 6749 §5.1).
 */
export async function handleToken(ctx: DemoContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  ctx.stats.tokenRequests++;
  try {
    requireFormContentType(req);
    const { single: p } = parseForm(await readBody(req, DEFAULTS.maxBodyBytes));
    if (req.headers.authorization !== undefined || p.has('client_secret')) {
      throw new TokenError('invalid_client', 'this client authenticates with "none" only', 401);
    }
    if (p.get('client_id') !== CLIENT_ID) throw new TokenError('invalid_client', 'unknown or missing client_id', 401);
    const grantType = p.get('grant_type');
    let body: Record<string, unknown>;
    if (grantType === 'authorization_code') body = exchangeCode(ctx, p);
    else if (grantType === 'refresh_token') body = refresh(ctx, p);
    else if (grantType === undefined) throw new TokenError('invalid_request', 'grant_type is required');
    else throw new TokenError('unsupported_grant_type', 'grant_type is not supported');
    sendNoStoreJson(res, 200, body);
  } catch (err) {
    if (err instanceof TokenError || err instanceof HttpError) {
      const status = err instanceof TokenError ? err.status : err.status === 413 ? 413 : 400;
      sendNoStoreJson(res, status, { error: err.error, error_description: err.message });
      return;
    }
    throw err;
  }
}
