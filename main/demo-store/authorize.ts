/**
 * The authorization endpoint (GET /oauth/authorize) and the consent decision (POST /oauth/decision).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CLIENT_ID, DEFAULTS, SCOPE_NAMES } from './config.ts';
import type { DemoContext } from './context.ts';
import { renderConsentPage, renderErrorPage } from './consent-page.ts';
import { HttpError, parseForm, readBody, requireFormContentType, sendHtml, sendRedirect } from './http-util.ts';

/** Loopback redirect for native apps: IP literal, any port, fixed path (RFC 8252 §7.3, §8.3). */
const LOOPBACK_REDIRECT = /^http:\/\/127\.0\.0\.1:([1-9][0-9]{0,4})\/callback$/;
/** BASE64URL(SHA256(verifier)) is always 43 characters (RFC 7636 §4.2). */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

/** The redirect URI's origin if it is an acceptable loopback callback (RFC 8252 §7.3: any port), else undefined. */
export function loopbackRedirectOrigin(uri: string): string | undefined {
  const m = LOOPBACK_REDIRECT.exec(uri);
  if (!m || Number(m[1]) > 65535) return undefined;
  return `http://127.0.0.1:${m[1]}`;
}

/**
 * Builds the authorization response URL: the redirect URI plus `params`, `state` when the
 * request had one (RFC 6749 §4.1.2, §4.1.2.1) and `iss` (RFC 9207 §2).
 */
export function authorizationResponseUrl(redirectUri: string, issuer: string, state: string | undefined, params: Record<string, string>): string {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  if (state !== undefined) url.searchParams.set('state', state);
  url.searchParams.set('iss', issuer);
  return url.toString();
}

function showError(ctx: DemoContext, res: ServerResponse, status: number, message: string): void {
  const page = renderErrorPage(ctx.settings.storeName, message);
  sendHtml(res, status, page.html, page.csp);
}

/**
 * GET /oauth/authorize (RFC 6749 §4.1.1 with PKCE, RFC 7636 §4.3). Client and redirect URI are
 * checked first and failures are shown, never redirected (RFC 6749 §4.1.2.1). Other errors are
 * redirected with `error` (RFC 6749 §4.1.2.1, RFC 7636 §4.4.1). A valid request gets the consent page.
 */
export function handleAuthorize(ctx: DemoContext, url: URL, res: ServerResponse): void {
  ctx.stats.authorizeRequests++;
  const q = url.searchParams;
  const one = (name: string): string | undefined => {
    const all = q.getAll(name);
    return all.length === 1 ? all[0] : undefined;
  };
  const clientId = one('client_id');
  if (clientId !== CLIENT_ID) {
    showError(ctx, res, 400, 'Unknown or missing client_id.');
    return;
  }
  const redirectUri = one('redirect_uri');
  const origin = redirectUri === undefined ? undefined : loopbackRedirectOrigin(redirectUri);
  if (redirectUri === undefined || origin === undefined) {
    showError(ctx, res, 400, 'The redirect_uri must be http://127.0.0.1:{port}/callback.');
    return;
  }
  const states = q.getAll('state');
  const state = states.length === 1 ? states[0] : undefined;
  const fail = (error: string, description: string): void =>
    sendRedirect(res, authorizationResponseUrl(redirectUri, ctx.settings.issuer, state, { error, error_description: description }));

  for (const name of new Set(q.keys())) {
    if (q.getAll(name).length > 1) return fail('invalid_request', `parameter ${name} is repeated`);
  }
  const responseType = one('response_type');
  if (responseType === undefined) return fail('invalid_request', 'response_type is required');
  if (responseType !== 'code') return fail('unsupported_response_type', 'only response_type=code is supported');
  const challenge = one('code_challenge');
  const method = one('code_challenge_method');
  if (challenge === undefined) return fail('invalid_request', 'code_challenge is required (PKCE)');
  if (method !== 'S256') return fail('invalid_request', 'code_challenge_method must be S256');
  if (!S256_CHALLENGE.test(challenge)) return fail('invalid_request', 'code_challenge is malformed');
  const scopes = [...new Set((one('scope') ?? '').split(' ').filter(Boolean))];
  if (scopes.length === 0) return fail('invalid_scope', 'scope is required');
  const unknown = scopes.filter((s) => !SCOPE_NAMES.includes(s));
  if (unknown.length > 0) return fail('invalid_scope', `unknown scope: ${unknown.join(' ')}`);

  const requestId = ctx.registry.addConsent({
    clientId,
    redirectUri,
    state,
    scopes,
    codeChallenge: challenge,
    expiresAt: ctx.settings.now() + DEFAULTS.consentLifetimeSec * 1000,
  });
  const page = renderConsentPage({ storeName: ctx.settings.storeName, requestId, scopes, redirectOrigin: origin });
  sendHtml(res, 200, page.html, page.csp, 'same-origin');
}

/**
 * POST /oauth/decision: the consent form. Allow -> 303 with `code`, `state`, `iss`
 * (RFC 6749 §4.1.2, RFC 9207 §2); Deny or nothing ticked -> 303 with `error=access_denied`
 * (RFC 6749 §4.1.2.1). The one-time request id is the only input trusted from the form.
 */
export async function handleDecision(ctx: DemoContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  // CSRF defence in depth (the one-time request id is the main one): a browser's form POST from
  // the consent page carries our own Origin and `Sec-Fetch-Site: same-origin`.
  const origin = req.headers.origin;
  const site = req.headers['sec-fetch-site'];
  if ((origin !== undefined && origin !== ctx.settings.issuer) || (site !== undefined && site !== 'same-origin')) {
    showError(ctx, res, 403, 'This form can only be sent from the store page.');
    return;
  }
  let form: ReturnType<typeof parseForm>;
  try {
    requireFormContentType(req);
    form = parseForm(await readBody(req, DEFAULTS.maxBodyBytes), ['scope']);
  } catch (err) {
    const status = err instanceof HttpError ? err.status : 400;
    showError(ctx, res, status, 'The form could not be read.');
    return;
  }
  const requestId = form.single.get('request_id');
  const consent = requestId ? ctx.registry.takeConsent(requestId) : undefined;
  if (!consent) {
    showError(ctx, res, 400, 'This authorization request has expired or was already answered.');
    return;
  }
  const { redirectUri, state } = consent;
  const issuer = ctx.settings.issuer;
  const decision = form.single.get('decision');
  const ticked = new Set(form.lists.get('scope') ?? []);
  const granted = consent.scopes.filter((s) => ticked.has(s));
  if (decision !== 'allow' || granted.length === 0) {
    const description = decision === 'allow' ? 'No permission was granted' : 'The store owner denied the request';
    sendRedirect(res, authorizationResponseUrl(redirectUri, issuer, state, { error: 'access_denied', error_description: description }));
    return;
  }
  const code = ctx.registry.issueCode({
    clientId: consent.clientId,
    redirectUri,
    codeChallenge: consent.codeChallenge,
    scopes: granted,
    expiresAt: ctx.settings.now() + DEFAULTS.codeLifetimeSec * 1000,
  });
  sendRedirect(res, authorizationResponseUrl(redirectUri, issuer, state, { code }));
}
