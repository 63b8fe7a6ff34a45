/**
 * Shopify profiles (providers.md "Shopify (Admin API)"):
 *  - `shopify-app`: the admin's own app (client id + secret), authorization-code grant without PKCE
 *    on the shop's own host; the callback's `hmac` and `shop` are checked first.
 *  - `shopify-client-credentials` (listed first): the merchant's own Dev Dashboard app on their own store;
 *    the client credentials grant, no browser, 24 h tokens asked for again before they run out.
 *  - `shopify-token`: a legacy custom app's Admin API access token pasted from the store admin (no new
 *    legacy custom apps can be created since 2026-01-01; existing tokens keep working).
 * Per-shop hosts are `{shop}` templates (the full `name.myshopify.com`). Tests point them at the
 * simulator with `createShopifyAppProfile({ shopBase: sim.shopBaseTemplate })`.
 */
import { SHOP_DOMAIN_PATTERN } from '../../../shared/field-rules.ts';
import type { ProfileField, ProviderProfile, ScopeSpec } from './profile.ts';
import { shopifyAppGuide, shopifyClientCredentialsGuide, shopifyTokenGuide } from './guides/shopify-guide.ts';

/**
 * The one place the Admin API version is chosen: every versioned path (GraphQL orders, REST shop.json
 * verify) derives from it. Versions are quarterly and each is supported about 12 months; a request to
 * a retired version is served by the oldest supported one (https://shopify.dev/docs/api/usage/versioning),
 * which the orders adapter reports as a warning. Latest stable per shopify.dev/changelog (release notes of this version).
 */
export const SHOPIFY_API_VERSION = '2026-10';
/** `admin/api/{version}/{resource}`, relative to the shop's origin (the profile's apiBase). */
export const shopifyApiPath = (resource: string): string => `admin/api/${SHOPIFY_API_VERSION}/${resource}`;
export { SHOP_DOMAIN_PATTERN };

export interface ShopifyProfileOptions {
  /** Template of the shop's origin; default `https://{shop}`. Tests: `http://127.0.0.1:{port}/shops/{shop}`. */
  shopBase?: string;
}

const shopField: ProfileField = {
  name: 'shop',
  label: 'Shop address',
  help: 'Your store’s myshopify.com address, even if customers see your own domain.',
  kind: 'shop-domain',
  required: true,
  pattern: SHOP_DOMAIN_PATTERN,
  placeholder: 'your-store.myshopify.com',
};

const scopes: ScopeSpec[] = [
  {
    name: 'read_orders',
    description: 'Read your orders from the last 60 days: numbers, dates, status and totals.',
    required: true,
  },
  {
    name: 'read_all_orders',
    description: 'Read orders older than 60 days too (Shopify must approve this for your app).',
    required: false,
  },
];

const LOOPBACK_SHOP_BASE = /^http:\/\/127\.0\.0\.1:[1-9]\d{0,4}\/[^?#\s]*\{shop\}$/;

function endpoints(shopBase: string) {
  if (shopBase !== 'https://{shop}' && !LOOPBACK_SHOP_BASE.test(shopBase)) {
    throw new Error('shopBase must be https://{shop} or a 127.0.0.1 test simulator path ending in {shop}');
  }
  return {
    kind: 'static' as const,
    authorization: `${shopBase}/admin/oauth/authorize`,
    token: `${shopBase}/admin/oauth/access_token`,
    // Uninstall (revocation kind `shopify-uninstall`): DELETE with the token in X-Shopify-Access-Token.
    revocation: `${shopBase}/admin/api_permissions/current.json`,
    // The shop's origin: API paths (shopifyApiPath('graphql.json'), the uninstall call) are relative to it.
    apiBase: `${shopBase}/`,
  };
}

export function createShopifyAppProfile(opts: ShopifyProfileOptions = {}): ProviderProfile {
  return {
    id: 'shopify-app',
    name: 'Shopify (your own app)',
    icon: 'S',
    kind: 'oauth-app-credentials',
    fields: [
      shopField,
      {
        name: 'clientId',
        label: 'Client ID',
        help: 'From your app in the Shopify Dev Dashboard or Partner Dashboard.',
        kind: 'text',
        required: true,
        pattern: '^[A-Za-z0-9_-]{8,128}$',
      },
      {
        name: 'clientSecret',
        label: 'Client secret',
        help: 'Kept in your computer’s keychain; Shopify requires it for every token request.',
        kind: 'secret',
        required: true,
      },
    ],
    endpoints: endpoints(opts.shopBase ?? 'https://{shop}'),
    // No PKCE in Shopify's flow; the client secret authenticates the exchange (providers.md).
    authorization: { pkce: 'none' },
    // `expiring=1` opts in to expiring offline tokens (1 h access token + a refresh token replaced on
    // every refresh): shopify.dev/changelog/offline-access-tokens-now-support-expiry-and-refresh.
    tokenRequest: { encoding: 'json', clientAuth: 'body', extraParams: { expiring: '1' } },
    // Non-expiring tokens come back as {access_token, scope}: no token_type, no expires_in.
    // Expiring offline tokens add expires_in (3600) and a refresh token that is replaced on every refresh.
    tokenResponse: { expiry: 'expires_in', requireTokenType: false, tenantField: 'shop' },
    scopeSeparator: ',',
    scopes,
    refresh: { kind: 'rotating' },
    revocation: { kind: 'shopify-uninstall' },
    callbackChecks: ['shop-domain', 'shopify-hmac'],
    accountLabel: { from: 'field', field: 'shop' },
    // Shopify only redirects to a URL listed in the app's "Allowed redirection URL(s)" (it compares
    // scheme, host and path). Whether it accepts http://127.0.0.1 with the OS-chosen port is
    // unconfirmed; if a store rejects it, switch this profile to 'https-forwarder'.
    redirect: 'loopback',
    apiAuth: { kind: 'header', header: 'X-Shopify-Access-Token' },
    orders: 'shopify',
    guide: shopifyAppGuide,
  };
}

/**
 * A custom app's Admin API access token, pasted by the admin. The `X-Shopify-Access-Token` header
 * carries the `adminApiToken` field (the profile's only secret field).
 */
export function createShopifyTokenProfile(opts: ShopifyProfileOptions = {}): ProviderProfile {
  return {
    id: 'shopify-token',
    name: 'Shopify (legacy custom app token)',
    icon: 'S',
    kind: 'api-key',
    fields: [
      shopField,
      {
        name: 'adminApiToken',
        label: 'Admin API access token',
        help: 'Only for a legacy custom app you made before 2026: Shopify no longer lets anyone create new ones, so new stores use "Shopify (Dev Dashboard app)". Settings > Apps > Develop apps > your app > API credentials. Starts with shpat_.',
        kind: 'secret',
        required: true,
        pattern: '^shpat_[A-Za-z0-9]+$',
      },
    ],
    endpoints: endpoints(opts.shopBase ?? 'https://{shop}'),
    authorization: { pkce: 'none' },
    tokenRequest: { encoding: 'json', clientAuth: 'body' },
    tokenResponse: { expiry: 'none', requireTokenType: false },
    scopeSeparator: ',',
    scopes,
    refresh: { kind: 'none' },
    // Calling the uninstall API with this token would uninstall the admin's whole custom app, which
    // they may use elsewhere; so disconnecting only forgets the token here and says so.
    revocation: {
      kind: 'unsupported',
      reason: 'Custom app tokens are revoked in your Shopify admin: Settings > Apps > Develop apps > your app > uninstall or rotate the token',
    },
    callbackChecks: [],
    accountLabel: { from: 'field', field: 'shop' },
    redirect: 'loopback',
    apiAuth: { kind: 'header', header: 'X-Shopify-Access-Token' },
    // Proves a pasted token works before it is saved (REST Admin API, one call).
    verify: { method: 'GET', path: shopifyApiPath('shop.json') },
    orders: 'shopify',
    guide: shopifyTokenGuide,
  };
}

/**
 * The merchant's own Dev Dashboard app on their own store, with the client credentials grant
 * (https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/client-credentials-grant):
 * `POST {shop}/admin/oauth/access_token`, form-encoded `grant_type=client_credentials&client_id&client_secret`;
 * the answer is `{access_token, scope, expires_in}` with a 24 h token and no refresh token, so the core
 * asks again with the stored id and secret before it runs out (refresh kind `client-credentials`).
 * Scopes are chosen on the app's version in the Dev Dashboard, not in the request
 * (https://shopify.dev/docs/apps/build/dev-dashboard/get-api-access-tokens).
 */
export function createShopifyClientCredentialsProfile(opts: ShopifyProfileOptions = {}): ProviderProfile {
  return {
    id: 'shopify-client-credentials',
    name: 'Shopify (Dev Dashboard app)',
    icon: 'S',
    kind: 'oauth-client-credentials',
    fields: [
      shopField,
      {
        name: 'clientId',
        label: 'Client ID',
        help: 'Dev Dashboard > Apps > your app > Settings. The app must be installed on this store, with read_orders chosen in its access scopes.',
        kind: 'text',
        required: true,
        pattern: '^[A-Za-z0-9_-]{8,128}$',
      },
      {
        name: 'clientSecret',
        label: 'Client secret',
        help: 'On the same Settings page. Kept in your computer’s keychain; Storelink uses it to get a new access token every day.',
        kind: 'secret',
        required: true,
      },
    ],
    endpoints: endpoints(opts.shopBase ?? 'https://{shop}'),
    authorization: { pkce: 'none' },
    tokenRequest: { encoding: 'form', clientAuth: 'body' },
    tokenResponse: { expiry: 'expires_in', requireTokenType: false },
    scopeSeparator: ',',
    scopes,
    scopesFixed: true,
    refresh: { kind: 'client-credentials' },
    // Uninstalling would remove the merchant's own app from the store, which may serve other tools;
    // a client credentials token cannot be revoked on its own, it runs out within 24 h.
    revocation: {
      kind: 'unsupported',
      reason:
        'Storelink forgets the app’s secret and access token; that token stops working by itself within 24 hours. To cut access at once, rotate the app’s client secret in the Dev Dashboard or uninstall the app from your store.',
    },
    callbackChecks: [],
    accountLabel: { from: 'field', field: 'shop' },
    redirect: 'loopback',
    apiAuth: { kind: 'header', header: 'X-Shopify-Access-Token' },
    orders: 'shopify',
    guide: shopifyClientCredentialsGuide,
  };
}

export const shopifyClientCredentialsProfile: ProviderProfile = createShopifyClientCredentialsProfile();
export const shopifyAppProfile: ProviderProfile = createShopifyAppProfile();
export const shopifyTokenProfile: ProviderProfile = createShopifyTokenProfile();
