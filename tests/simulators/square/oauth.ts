/**
 * Square OAuth endpoints as documented (developer.squareup.com/reference/square/oauth-api):
 * GET /oauth2/authorize (consent page; redirect with code & state, no `iss`), POST /oauth2/token
 * (JSON body; PKCE flow: code_verifier, no secret; refresh tokens single-use), POST /oauth2/revoke
 * (needs `Authorization: Client {secret}`, so a public client cannot revoke).
 * Sources per behaviour:
 *  - authorize parameters (client_id, scope space-separated, session, state, code_challenge):
 *    developer.squareup.com/reference/square/oauth-api/authorize and
 *    developer.squareup.com/docs/oauth-api/overview (PKCE flow, S256);
 *  - one exact redirect URL: developer.squareup.com/docs/oauth-api/create-urls-for-square-authorization;
 *  - `session` true or false (the app sends false so the seller signs in explicitly): the authorize reference above;
 *  - ObtainToken request/response (`expires_at`, `merchant_id`, `token_type: bearer`, `refresh_token`,
 *    `short_lived`, `refresh_token_expires_at`): developer.squareup.com/reference/square/oauth-api/obtain-token;
 *  - code lifetime 5 minutes, access tokens 30 days, PKCE refresh tokens single-use and 90 days:
 *    developer.squareup.com/docs/oauth-api/receive-and-manage-tokens;
 *  - revoke needs `Authorization: Client {application secret}`: developer.squareup.com/reference/square/oauth-api/revoke-token.
 * Every request and response body is checked against Square's own SDK schemas in
 * tests/platforms/square-sdk-schemas.test.ts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { consentPage, escapeHtml, pkceMatches, randomToken, readBody, sendHtml, sendJson, sendRedirect } from './http-util.ts';
import { SQUARE_SCOPES, allowedRedirect, squareError, type SquareContext } from './context.ts';

const CODE_LIFETIME_MS = 5 * 60_000;

function errorPage(res: ServerResponse, message: string): void {
  sendHtml(res, 400, `<!doctype html><title>Square</title><p>${escapeHtml(message)}</p>`);
}

/** GET /oauth2/authorize: client_id, scope (space separated), session, state, code_challenge. */
export function handleAuthorize(ctx: SquareContext, url: URL, res: ServerResponse): void {
  ctx.stats.authorizeRequests++;
  const q = url.searchParams;
  ctx.stats.lastAuthorizeParams = Object.fromEntries(q.entries());
  if (q.get('client_id') !== ctx.clientId) return errorPage(res, 'Unknown application.');
  const redirect = allowedRedirect(ctx, q.get('redirect_uri'));
  if (redirect === undefined) return errorPage(res, 'redirect_uri does not match the application settings.');
  const session = q.get('session');
  if (session !== null && session !== 'true' && session !== 'false') return errorPage(res, 'session must be true or false.');
  const scopes = (q.get('scope') ?? '').split(' ').filter(Boolean);
  if (scopes.length === 0 || scopes.some((s) => !SQUARE_SCOPES.includes(s))) return errorPage(res, 'Invalid scope.');
  const challenge = q.get('code_challenge');
  const method = q.get('code_challenge_method');
  if (!challenge || !/^[A-Za-z0-9_-]{43}$/.test(challenge)) return errorPage(res, 'code_challenge is required.');
  if (method !== null && method !== 'S256') return errorPage(res, 'Only S256 code challenges are supported.');
  const requestId = randomToken(12);
  ctx.consents.set(requestId, { state: q.get('state') ?? undefined, challenge, scopes, redirectUri: redirect });
  sendHtml(res, 200, consentPage('Storelink', requestId, scopes));
}

/** POST /oauth2/consent: the seller's decision; redirects to the registered URL with code & state. */
export async function handleConsent(ctx: SquareContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const form = new URLSearchParams(await readBody(req));
  const consent = ctx.consents.get(form.get('request_id') ?? '');
  if (!consent) return errorPage(res, 'This sign-in request expired.');
  ctx.consents.delete(form.get('request_id')!);
  const to = new URL(consent.redirectUri);
  if (form.get('decision') !== 'allow') {
    to.searchParams.set('error', 'access_denied');
    to.searchParams.set('error_description', 'user_denied');
  } else {
    const code = `sq0cgp-${randomToken(18)}`;
    ctx.codes.set(code, {
      challenge: consent.challenge,
      scopes: consent.scopes,
      expiresAt: ctx.now() + CODE_LIFETIME_MS,
      used: false,
      redirectUri: consent.redirectUri,
    });
    to.searchParams.set('code', code);
    to.searchParams.set('response_type', 'code');
  }
  if (consent.state !== undefined) to.searchParams.set('state', consent.state);
  sendRedirect(res, to.toString());
}

function issueTokens(ctx: SquareContext, scopes: string[]): Record<string, unknown> {
  const now = ctx.now();
  const accessToken = `EAAA${randomToken(40)}`;
  const refreshToken = `EQAA${randomToken(40)}`;
  ctx.access.set(accessToken, { scopes, expiresAt: now + ctx.accessLifetimeMs, revoked: false });
  ctx.refresh.set(refreshToken, { scopes, expiresAt: now + ctx.refreshLifetimeMs, used: false, revoked: false });
  const body: Record<string, unknown> = {
    access_token: accessToken,
    token_type: 'bearer',
    // Square sends whole seconds: "2006-01-02T15:04:05Z".
    expires_at: new Date(now + ctx.accessLifetimeMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    merchant_id: ctx.store.merchantId,
    refresh_token: refreshToken,
    short_lived: false,
  };
  if (ctx.sendRefreshTokenExpiresAt) body.refresh_token_expires_at = new Date(now + ctx.refreshLifetimeMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return body;
}

/** POST /oauth2/token (ObtainToken), JSON in and out. */
export async function handleToken(ctx: SquareContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  ctx.stats.tokenRequests++;
  const unauthorized = (detail: string): void => squareError(res, 401, 'AUTHENTICATION_ERROR', 'UNAUTHORIZED', detail);
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
    return squareError(res, 400, 'INVALID_REQUEST_ERROR', 'EXPECTED_JSON_BODY', 'The request body must be JSON.');
  }
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(await readBody(req)) as Record<string, unknown>;
  } catch {
    return squareError(res, 400, 'INVALID_REQUEST_ERROR', 'INVALID_CONTENT_TYPE', 'The body is not valid JSON.');
  }
  if (body.client_id !== ctx.clientId) return unauthorized('Unknown client_id.');
  if (body.client_secret !== undefined && body.client_secret !== ctx.clientSecret) return unauthorized('Bad client_secret.');
  const now = ctx.now();
  if (body.grant_type === 'authorization_code') {
    const code = typeof body.code === 'string' ? ctx.codes.get(body.code) : undefined;
    if (!code || code.used || code.expiresAt <= now) return unauthorized('The authorization code is invalid, expired or already used.');
    code.used = true;
    if (body.redirect_uri !== undefined && body.redirect_uri !== code.redirectUri) return unauthorized('redirect_uri does not match.');
    if (typeof body.code_verifier !== 'string' || !pkceMatches(body.code_verifier, code.challenge)) return unauthorized('code_verifier does not match.');
    return sendJson(res, 200, issueTokens(ctx, code.scopes));
  }
  if (body.grant_type === 'refresh_token') {
    ctx.stats.refreshRequests++;
    const rt = typeof body.refresh_token === 'string' ? ctx.refresh.get(body.refresh_token) : undefined;
    if (!rt || rt.revoked || rt.expiresAt <= now) return unauthorized('The refresh token is invalid or expired.');
    if (rt.used) return unauthorized('The refresh token was already used.');
    // PKCE refresh tokens are single-use: the response carries a new one and the old one dies.
    rt.used = true;
    return sendJson(res, 200, issueTokens(ctx, rt.scopes));
  }
  return squareError(res, 400, 'INVALID_REQUEST_ERROR', 'INVALID_VALUE', 'Unsupported grant_type.');
}

/** POST /oauth2/revoke (RevokeToken): `Authorization: Client {application secret}` is required. */
export async function handleRevoke(ctx: SquareContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  ctx.stats.revokeRequests++;
  await readBody(req);
  if (req.headers.authorization !== `Client ${ctx.clientSecret}`) {
    return squareError(res, 401, 'AUTHENTICATION_ERROR', 'UNAUTHORIZED', 'Revoking needs the application secret.');
  }
  for (const a of ctx.access.values()) a.revoked = true;
  for (const r of ctx.refresh.values()) r.revoked = true;
  sendJson(res, 200, { success: true });
}
