/**
 * Login/consent interaction for the test authorization server (tests/helpers/oidc-server.ts):
 * the HTML pages the AS serves (usable by a real Chromium page: labelled field, "Sign in",
 * "Allow", "Deny"/"Cancel" buttons), and `completeOidcLogin`, which drives those pages over
 * plain HTTP the way a browser would (manual redirects, cookie jar, form posts).
 */
import { createHash, randomBytes } from 'node:crypto';

/** Which page the AS is showing; `prompt` is oidc-provider's pending prompt name. */
export interface InteractionPage {
  uid: string;
  prompt: 'login' | 'consent';
  clientId: string;
  scopes: string[];
  error?: string;
}

const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const pageShell = (title: string, body: string): string =>
  `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
  `<meta name="viewport" content="width=device-width, initial-scale=1"></head>` +
  `<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;

/** Renders the login or consent form for one interaction (the oidc-provider example pattern). */
export function renderInteractionPage(page: InteractionPage, basePath: string): string {
  const action = `${basePath}/interaction/${encodeURIComponent(page.uid)}/${page.prompt === 'login' ? 'login' : 'confirm'}`;
  const error = page.error ? `<p role="alert">${escapeHtml(page.error)}</p>` : '';
  if (page.prompt === 'login') {
    return pageShell(
      'Sign in to Test AS',
      `${error}<form method="post" action="${escapeHtml(action)}" data-prompt="login">` +
        `<label for="login">Username</label> <input id="login" name="login" autocomplete="username" value="alice" required>` +
        ` <button type="submit" name="decision" value="allow">Sign in</button>` +
        ` <button type="submit" name="decision" value="deny" formnovalidate>Cancel</button></form>`,
    );
  }
  const items = page.scopes.map((s) => `<li>${escapeHtml(s)}</li>`).join('');
  return pageShell(
    'Authorize access',
    `${error}<p>${escapeHtml(page.clientId)} asks for:</p><ul aria-label="Requested scopes">${items}</ul>` +
      `<form method="post" action="${escapeHtml(action)}" data-prompt="consent">` +
      `<button type="submit" name="decision" value="allow">Allow</button>` +
      ` <button type="submit" name="decision" value="deny">Deny</button></form>`,
  );
}

/** The error page oidc-provider shows when it cannot redirect back (RFC 6749 §4.1.2.1). */
export function renderErrorPage(out: Record<string, unknown>): string {
  const rows = Object.entries(out).map(([k, v]) => `<p><strong>${escapeHtml(k)}</strong>: ${escapeHtml(String(v))}</p>`);
  return pageShell('Authorization error', rows.join(''));
}

/** Minimal cookie jar keyed by name (one AS origin, one flow at a time). */
class CookieJar {
  readonly #cookies = new Map<string, string>();
  store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const expired = attrs.some((a) => {
        const [k = '', v = ''] = a.split('=').map((x) => x.trim());
        return (/^max-age$/i.test(k) && Number(v) <= 0) || (/^expires$/i.test(k) && Date.parse(v) < Date.now());
      });
      if (expired) this.#cookies.delete(name);
      else this.#cookies.set(name, pair.slice(eq + 1).trim());
    }
  }
  header(): string {
    return [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

const decodeEntities = (s: string): string =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m?.[1] === undefined ? undefined : decodeEntities(m[1]);
}

/** Reads the single form of an interaction page: its action, input values and chosen button. */
function formSubmission(html: string, pageUrl: string, deny: boolean): { action: string; body: URLSearchParams } {
  const form = /<form\b[^>]*>/.exec(html)?.[0];
  const action = form && attr(form, 'action');
  if (!action) throw new Error(`no form on the AS page at ${new URL(pageUrl).pathname}`);
  const body = new URLSearchParams();
  for (const input of html.match(/<input\b[^>]*>/g) ?? []) {
    const name = attr(input, 'name');
    if (name) body.set(name, attr(input, 'value') ?? '');
  }
  body.set('decision', deny ? 'deny' : 'allow');
  return { action: new URL(action, pageUrl).href, body };
}

/**
 * Completes the authorization request at the test AS like a browser user would: follows the
 * redirects, signs in as "alice", grants every requested scope (or denies with `deny`), and
 * returns the final redirect to the loopback redirect URI (RFC 8252 §7.3) WITHOUT requesting it.
 * Error responses (RFC 6749 §4.1.2.1) also come back as that redirect URL.
 */
export async function completeOidcLogin(authorizationUrl: string, opts: { deny?: boolean } = {}): Promise<string> {
  const asOrigin = new URL(authorizationUrl).origin;
  const jar = new CookieJar();
  let url = authorizationUrl;
  let init: RequestInit = { method: 'GET' };
  for (let step = 0; step < 20; step += 1) {
    const headers = new Headers(init.headers);
    const cookie = jar.header();
    if (cookie) headers.set('cookie', cookie);
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    jar.store(res);
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel();
      const location = res.headers.get('location');
      if (!location) throw new Error(`redirect without Location from ${new URL(url).pathname}`);
      const next = new URL(location, url);
      if (next.origin !== asOrigin && next.hostname === '127.0.0.1' && next.pathname === '/callback') return next.href;
      if (next.origin !== asOrigin) throw new Error(`AS redirected outside the loopback callback: ${next.origin}${next.pathname}`);
      url = next.href;
      init = { method: 'GET' };
      continue;
    }
    const html = await res.text();
    if (res.status !== 200) {
      throw new Error(
        `AS answered ${res.status} at ${new URL(url).pathname}: ${html
          .replace(/<[^>]+>/g, ' ')
          .replace(/\s+/g, ' ')
          .trim()
          .slice(0, 300)}`,
      );
    }
    const { action, body } = formSubmission(html, url, opts.deny === true);
    url = action;
    init = { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } };
  }
  throw new Error('too many steps while completing the AS interaction');
}

export interface TestAuthorizationRequest {
  url: string;
  verifier: string;
  state: string;
  redirectUri: string;
}

/**
 * Builds an authorization request for the test client, independently of the app's own code:
 * response_type=code, PKCE S256 (RFC 7636 §4.1-4.2), random state, loopback redirect URI
 * (RFC 8252 §7.3), scope with offline_access plus prompt=consent (OIDC Core §11) so a refresh
 * token is issued. `overrides` replace parameters; an `undefined` value removes one.
 */
export function buildAuthorizationRequest(
  issuer: string,
  overrides: Record<string, string | undefined> = {},
  clientId = 'storelink-desktop',
): TestAuthorizationRequest {
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  const redirectUri = overrides.redirect_uri ?? 'http://127.0.0.1:53682/callback';
  const params: Record<string, string | undefined> = {
    client_id: clientId,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: 'openid email offline_access',
    prompt: 'consent',
    state,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    ...overrides,
  };
  const url = new URL(`${issuer}/auth`);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return { url: url.href, verifier, state, redirectUri };
}
