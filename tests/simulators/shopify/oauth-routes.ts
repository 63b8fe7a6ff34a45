/**
 * Shopify's authorization-code grant (shopify.dev/docs/apps/build/authentication-authorization/
 * access-tokens/authorization-code-grant) on the per-shop path prefix `/shops/{shop}`:
 *   GET  /admin/oauth/authorize        -> auto-approve redirect, or a minimal consent page
 *   POST /admin/oauth/authorize/approve -> the consent page's Install button
 *   POST /admin/oauth/access_token     -> {access_token, scope}, or with `expiring=1` the expiring shape
 *        (expires_in 3600 + refresh_token; shopify.dev/changelog/offline-access-tokens-now-support-expiry-and-refresh);
 *        grant_type=refresh_token (+ client_id + client_secret) rotates, with the retry window of
 *        shopify.dev/changelog/more-resilient-refreshes-for-expiring-offline-access-tokens (auth-state.ts)
 *        grant_type=client_credentials (+ client_id + client_secret, no code, no redirect): a 24 h token
 *        for an app installed on this shop (client-credentials.ts)
 *   DELETE /admin/api_permissions/current.json -> uninstall (shopify.dev uninstall-app-api-request)
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { signShopifyParams, type ShopifyApp, type ShopifyAuthState } from './auth-state.ts';
import { answerClientCredentials, type ClientCredentialsOptions } from './client-credentials.ts';
import { escapeHtml, parseParams, readBody, sendHtml, sendJson } from './http-util.ts';

export interface OAuthOptions {
  app: ShopifyApp;
  /** 'auto' redirects at once (tests); 'page' shows an Install button (browser end-to-end tests). */
  consent: 'auto' | 'page';
  /** Scopes the merchant/Shopify will not grant (e.g. read_all_orders not approved). */
  withheldScopes: string[];
  /** Which redirect URIs count as "allowed redirection URLs" of the app. */
  allowRedirect: (uri: string) => boolean;
  /** Deliberately corrupt the callback hmac (to test the app's check). */
  badHmac: boolean;
  clock: () => number;
  counters: { tokenRequests: number; refreshes: number; uninstalls: number; codeExchanges: { expiring: string | null }[]; clientCredentialGrants: number };
  clientCredentials: ClientCredentialsOptions;
}

interface Pending {
  shop: string;
  scopes: string[];
  redirectUri: string;
  state: string | null;
}

const pending = new WeakMap<ShopifyAuthState, Map<string, Pending>>();

function pendingOf(auth: ShopifyAuthState): Map<string, Pending> {
  let m = pending.get(auth);
  if (!m) pending.set(auth, (m = new Map()));
  return m;
}

function redirectWithCode(res: ServerResponse, auth: ShopifyAuthState, o: OAuthOptions, p: Pending): void {
  const granted = p.scopes.filter((s) => !o.withheldScopes.includes(s));
  const code = auth.issueCode({ shop: p.shop, clientId: o.app.clientId, scopes: granted, redirectUri: p.redirectUri });
  const params: Record<string, string> = {
    code,
    host: Buffer.from(`admin.shopify.com/store/${p.shop.replace(/\.myshopify\.com$/, '')}`).toString('base64url'),
    shop: p.shop,
    timestamp: String(Math.floor(o.clock() / 1000)),
  };
  if (p.state !== null) params.state = p.state;
  params.hmac = signShopifyParams(params, o.badHmac ? `${o.app.clientSecret}x` : o.app.clientSecret);
  const target = new URL(p.redirectUri);
  for (const [k, v] of Object.entries(params)) target.searchParams.append(k, v);
  res.writeHead(302, { location: target.toString(), 'cache-control': 'no-store' });
  res.end();
}

export async function handleOAuth(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  shop: string,
  rest: string,
  auth: ShopifyAuthState,
  o: OAuthOptions,
): Promise<boolean> {
  if (req.method === 'GET' && rest === '/admin/oauth/authorize') {
    const q = url.searchParams;
    if (q.get('client_id') !== o.app.clientId) {
      sendHtml(res, 400, '<h1>Oauth error invalid_request: The client_id is not valid</h1>');
      return true;
    }
    const redirectUri = q.get('redirect_uri') ?? '';
    if (!o.allowRedirect(redirectUri)) {
      sendHtml(res, 400, '<h1>Oauth error invalid_request: The redirect_uri is not whitelisted</h1>');
      return true;
    }
    const scopes = (q.get('scope') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const p: Pending = { shop, scopes, redirectUri, state: q.get('state') };
    if (o.consent === 'auto') {
      redirectWithCode(res, auth, o, p);
      return true;
    }
    const id = randomBytes(12).toString('hex');
    pendingOf(auth).set(id, p);
    sendHtml(
      res,
      200,
      `<!doctype html><title>Install app</title><h1>Install app on ${escapeHtml(shop)}</h1>` +
        `<p>The app wants: ${scopes.map(escapeHtml).join(', ')}</p>` +
        `<form method="post" action="/shops/${escapeHtml(shop)}/admin/oauth/authorize/approve">` +
        `<input type="hidden" name="request" value="${id}"><button type="submit">Install app</button></form>`,
    );
    return true;
  }
  if (req.method === 'POST' && rest === '/admin/oauth/authorize/approve') {
    const params = parseParams(req, await readBody(req)) ?? {};
    const p = pendingOf(auth).get(params.request ?? '');
    pendingOf(auth).delete(params.request ?? '');
    if (!p || p.shop !== shop) {
      sendHtml(res, 400, '<h1>This install request expired</h1>');
      return true;
    }
    redirectWithCode(res, auth, o, p);
    return true;
  }
  if (req.method === 'POST' && rest === '/admin/oauth/access_token') {
    o.counters.tokenRequests += 1;
    const body = parseParams(req, await readBody(req));
    if (!body) {
      sendJson(res, 400, { error: 'invalid_request', error_description: 'Malformed body' });
      return true;
    }
    if (body.grant_type === 'client_credentials') {
      const a = answerClientCredentials(body, shop, auth, o.clientCredentials);
      if (a.status === 200) o.counters.clientCredentialGrants += 1;
      sendJson(res, a.status, a.body);
      return true;
    }
    if (body.client_id !== o.app.clientId || body.client_secret !== o.app.clientSecret) {
      sendJson(res, 400, { error: 'invalid_client', error_description: 'Client credentials are invalid' });
      return true;
    }
    if (body.grant_type === 'refresh_token') {
      o.counters.refreshes += 1;
      const t = auth.rotate(body.refresh_token ?? '', shop, o.app.clientId);
      if (!t) sendJson(res, 400, { error: 'invalid_grant', error_description: 'The refresh token is invalid or expired' });
      else sendJson(res, 200, t);
      return true;
    }
    o.counters.codeExchanges.push({ expiring: body.expiring ?? null });
    const c = auth.consumeCode(body.code ?? '');
    if (!c || c.shop !== shop || c.clientId !== o.app.clientId) {
      // Shopify's real answer for a reused code is invalid_request, not RFC 6749's invalid_grant.
      sendJson(res, 400, { error: 'invalid_request', error_description: 'The authorization code was not found or was already used' });
      return true;
    }
    // Expiring offline tokens are opt-in: `expiring=1`; omitted or `0` = non-expiring (changelog above).
    sendJson(res, 200, auth.issue(c, body.expiring === '1'));
    return true;
  }
  if (req.method === 'DELETE' && rest === '/admin/api_permissions/current.json') {
    const header = req.headers['x-shopify-access-token'];
    const t = auth.lookup(typeof header === 'string' ? header : undefined, shop);
    if (!t) {
      sendJson(res, 401, { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
      return true;
    }
    o.counters.uninstalls += 1;
    auth.uninstall(shop, t.clientId);
    sendJson(res, 200, {});
    return true;
  }
  return false;
}
