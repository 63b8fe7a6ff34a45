/**
 * Shopify's client credentials grant, as documented at
 * https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/client-credentials-grant
 * and https://shopify.dev/docs/apps/build/authentication-authorization/client-secrets:
 *  - `POST https://{shop}.myshopify.com/admin/oauth/access_token`, body
 *    `grant_type=client_credentials&client_id&client_secret` (form-encoded in the docs' example);
 *  - only for an app of the merchant's own organization that is installed on that store ("You need to
 *    acquire an access token for each store in which the app is installed");
 *  - answer `{access_token, scope, expires_in}`: a 24 h token (the docs' example has 86399 s), no
 *    refresh token; when it runs out the app asks again with the same grant ("Step 3: Refresh the
 *    access token");
 *  - scopes are the ones configured on the app's version in the Dev Dashboard: the request names none.
 * Refusals: a wrong secret or an unknown client id is OAuth `invalid_client` (RFC 6749 §5.2, the code
 * Shopify's token endpoint uses for bad client credentials); a store the app is not installed on
 * answers `app_not_installed` ("Oauth error app_not_installed: The application is not installed on
 * this shop", as reported on community.shopify.dev/t/33287; its JSON shape is our assumption, marked so).
 */
import type { ShopifyApp, ShopifyAuthState } from './auth-state.ts';

export interface ClientCredentialsOptions {
  /** The Dev Dashboard app (its id and current secret). */
  app: ShopifyApp;
  /** Shops the app is installed on (lower-case myshopify domains); undefined = every shop. */
  installedOn?: string[];
  /** Scopes chosen on the app's version in the Dev Dashboard. */
  scopes: string[];
  /** Access token life (default 86399 s, the docs' example). */
  lifetimeSec: number;
}

export const CLIENT_CREDENTIALS_LIFETIME_SEC = 86_399;

export function answerClientCredentials(
  body: Record<string, string>,
  shop: string,
  auth: ShopifyAuthState,
  o: ClientCredentialsOptions,
): { status: number; body: unknown } {
  if (body.client_id !== o.app.clientId) {
    return { status: 400, body: { error: 'invalid_client', error_description: 'Client credentials are invalid' } };
  }
  if (body.client_secret !== o.app.clientSecret) {
    return { status: 400, body: { error: 'invalid_client', error_description: 'Client credentials are invalid' } };
  }
  if (o.installedOn && !o.installedOn.includes(shop)) {
    return { status: 400, body: { error: 'app_not_installed', error_description: 'The application is not installed on this shop.' } };
  }
  return { status: 200, body: auth.issueClientCredentials({ shop, clientId: o.app.clientId, scopes: o.scopes }, o.lifetimeSec) };
}
