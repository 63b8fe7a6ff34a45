/**
 * Etsy OAuth 2.0 as documented (developers.etsy.com/documentation/essentials/authentication):
 * GET /oauth/connect (response_type=code, client_id = keystring, https redirect_uri registered in
 * advance, space-separated scope, state, PKCE S256 only), POST /v3/public/oauth/token
 * (form-encoded, no secret; tokens `{user_id}.{random}`, expires_in 3600; refresh tokens rotate).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { consentPage, escapeHtml, pkceMatches, randomToken, readBody, sendHtml, sendJson, sendRedirect } from '../square/http-util.ts';
import { ETSY_SCOPES, type EtsyContext } from './context.ts';

const CODE_LIFETIME_MS = 10 * 60_000;

function errorPage(res: ServerResponse, message: string): void {
  sendHtml(res, 400, `<!doctype html><title>Etsy</title><p>${escapeHtml(message)}</p>`);
}

/** GET /oauth/connect. Every problem is shown on a page, never redirected. */
export function handleConnect(ctx: EtsyContext, url: URL, res: ServerResponse): void {
  ctx.stats.authorizeRequests++;
  const q = url.searchParams;
  ctx.stats.lastAuthorizeParams = Object.fromEntries(q.entries());
  if (q.get('response_type') !== 'code') return errorPage(res, 'response_type must be code.');
  if (q.get('client_id') !== ctx.keystring) return errorPage(res, 'Unknown client_id.');
  const redirect = q.get('redirect_uri') ?? '';
  let parsed: URL | undefined;
  try {
    parsed = new URL(redirect);
  } catch {
    parsed = undefined;
  }
  if (!parsed || parsed.protocol !== 'https:') return errorPage(res, 'redirect_uri must be an https URL.');
  if (redirect !== ctx.redirectUri) return errorPage(res, 'redirect_uri is not registered for this app.');
  const scopes = (q.get('scope') ?? '').split(' ').filter(Boolean);
  if (scopes.length === 0 || scopes.some((s) => !ETSY_SCOPES.includes(s))) return errorPage(res, 'Invalid scope.');
  const state = q.get('state');
  if (!state) return errorPage(res, 'state is required.');
  const challenge = q.get('code_challenge');
  if (!challenge || !/^[A-Za-z0-9_-]{43}$/.test(challenge)) return errorPage(res, 'code_challenge is required.');
  if (q.get('code_challenge_method') !== 'S256') return errorPage(res, 'code_challenge_method must be S256.');
  const requestId = randomToken(12);
  ctx.consents.set(requestId, { state, challenge, scopes, redirectUri: redirect });
  sendHtml(res, 200, consentPage('Storelink', requestId, scopes));
}

/** POST /oauth/consent: the shop owner's decision, redirected to the https redirect_uri. */
export async function handleConsent(ctx: EtsyContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const form = new URLSearchParams(await readBody(req));
  const id = form.get('request_id') ?? '';
  const consent = ctx.consents.get(id);
  if (!consent) return errorPage(res, 'This request expired.');
  ctx.consents.delete(id);
  const to = new URL(consent.redirectUri);
  if (form.get('decision') !== 'allow') {
    to.searchParams.set('error', 'access_denied');
    to.searchParams.set('error_description', 'The user denied the request');
  } else {
    const code = randomToken(32);
    ctx.codes.set(code, {
      challenge: consent.challenge,
      scopes: consent.scopes,
      redirectUri: consent.redirectUri,
      expiresAt: ctx.now() + CODE_LIFETIME_MS,
      used: false,
    });
    to.searchParams.set('code', code);
  }
  to.searchParams.set('state', consent.state);
  sendRedirect(res, to.toString());
}

function issue(ctx: EtsyContext, scopes: string[]): Record<string, unknown> {
  const now = ctx.now();
  const access = `${ctx.store.userId}.${randomToken(40)}`;
  const refresh = `${ctx.store.userId}.${randomToken(40)}`;
  ctx.tokens.set(access, { kind: 'access', scopes, expiresAt: now + ctx.accessLifetimeMs, used: false, revoked: false });
  ctx.tokens.set(refresh, { kind: 'refresh', scopes, expiresAt: now + ctx.refreshLifetimeMs, used: false, revoked: false });
  return { access_token: access, token_type: 'Bearer', expires_in: Math.round(ctx.accessLifetimeMs / 1000), refresh_token: refresh };
}

/** POST /v3/public/oauth/token (authorization_code with PKCE, or refresh_token). */
export async function handleToken(ctx: EtsyContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  ctx.stats.tokenRequests++;
  const fail = (status: number, error: string, description: string): void => sendJson(res, status, { error, error_description: description });
  if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    return fail(400, 'invalid_request', 'The body must be application/x-www-form-urlencoded.');
  }
  const p = new URLSearchParams(await readBody(req));
  if (p.get('client_id') !== ctx.keystring) return fail(401, 'invalid_client', 'Unknown client_id.');
  const now = ctx.now();
  const grant = p.get('grant_type');
  if (grant === 'authorization_code') {
    const code = ctx.codes.get(p.get('code') ?? '');
    if (!code || code.used || code.expiresAt <= now) return fail(400, 'invalid_grant', 'code is invalid, expired or used');
    code.used = true;
    if (p.get('redirect_uri') !== code.redirectUri) return fail(400, 'invalid_grant', 'redirect_uri does not match');
    if (!pkceMatches(p.get('code_verifier') ?? '', code.challenge)) return fail(400, 'invalid_grant', 'code_verifier does not match');
    return sendJson(res, 200, issue(ctx, code.scopes));
  }
  if (grant === 'refresh_token') {
    ctx.stats.refreshRequests++;
    const rt = ctx.tokens.get(p.get('refresh_token') ?? '');
    if (!rt || rt.kind !== 'refresh' || rt.used || rt.revoked || rt.expiresAt <= now) {
      return fail(400, 'invalid_grant', 'refresh token is invalid, expired, revoked or already used');
    }
    rt.used = true;
    return sendJson(res, 200, issue(ctx, rt.scopes));
  }
  return fail(400, 'unsupported_grant_type', 'grant_type must be authorization_code or refresh_token');
}
