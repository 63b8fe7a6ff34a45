/**
 * Etsy Open API v3 provider profile (providers.md "Etsy";
 * developers.etsy.com/documentation/essentials/authentication). The admin creates an Etsy app and
 * pastes its keystring (the OAuth client_id) and shared secret; the secret goes to the OS keychain and
 * is only used in the `x-api-key: {keystring}:{sharedSecret}` header every API call needs. Quirks:
 *  - PKCE S256 only; form-encoded token requests with no client secret;
 *  - https redirect URIs only, registered in advance: an https forwarder page the admin hosts;
 *  - access tokens last 1 h (`expires_in`); refresh tokens rotate and last 90 days;
 *  - tokens are prefixed `{user_id}.` (tenant and account label);
 *  - no revocation endpoint; a password change at Etsy revokes every token.
 *
 * Test seam: `etsyProfileAt(baseUrl)` puts every endpoint on `baseUrl`, for `http://127.0.0.1:{port}` only.
 */
import type { ProviderProfile } from './profile.ts';
import { etsyGuide } from './guides/etsy-guide.ts';

export const ETSY_AUTHORIZATION_URL = 'https://www.etsy.com/oauth/connect';
export const ETSY_API_BASE_URL = 'https://api.etsy.com';

const LOOPBACK_BASE = /^http:\/\/127\.0\.0\.1:[1-9]\d{0,4}$/;

function build(authorization: string, apiBase: string): ProviderProfile {
  return {
    id: 'etsy',
    name: 'Etsy',
    icon: 'E',
    kind: 'oauth-app-credentials',
    fields: [
      {
        name: 'keystring',
        label: 'Keystring',
        help: 'On etsy.com/developers/your-apps, open your app and copy its Keystring.',
        kind: 'text',
        required: true,
        pattern: '^[A-Za-z0-9]{10,64}$',
      },
      {
        name: 'sharedSecret',
        label: 'Shared secret',
        help: 'Shown next to the keystring. Storelink keeps it in your system keychain.',
        kind: 'secret',
        required: true,
        pattern: '^\\S{6,128}$',
      },
      {
        name: 'forwarderUrl',
        label: 'Redirect page (https)',
        help: 'The https page registered as a Callback URL of your Etsy app. It forwards the sign-in result to Storelink on this computer.',
        kind: 'url',
        required: true,
        pattern: '^https://[^\\s/?#]+(/[^\\s?#]*)?$',
        placeholder: 'https://example.com/storelink/callback',
      },
    ],
    endpoints: {
      kind: 'static',
      authorization,
      token: `${apiBase}/v3/public/oauth/token`,
      apiBase,
    },
    authorization: { pkce: 'S256' },
    tokenRequest: { encoding: 'form', clientAuth: 'none' },
    tokenResponse: { expiry: 'expires_in', requireTokenType: true, tenantFromTokenPrefix: true },
    scopeSeparator: ' ',
    scopes: [
      // Exactly what Storelink's calls need, per the `security` entry of each operation in Etsy's
      // Open API v3 spec (developers.etsy.com/documentation/reference): getShopReceipts needs
      // transactions_r, getMe (GET /v3/application/users/me, to find the shop) needs shops_r.
      { name: 'transactions_r', description: 'Read your shop receipts (orders): dates, status, totals and item counts.', required: true },
      { name: 'shops_r', description: 'See which shop is yours, so Storelink knows where to read orders.', required: true },
    ],
    refresh: { kind: 'rotating', refreshTokenLifetimeSec: 90 * 86_400 },
    revocation: {
      kind: 'unsupported',
      reason: 'Etsy does not let apps withdraw their own access; remove Storelink in your Etsy account settings',
    },
    callbackChecks: [],
    accountLabel: { from: 'token-prefix' },
    redirect: 'https-forwarder',
    apiAuth: { kind: 'bearer' },
    apiExtraHeaders: { 'x-api-key': '{keystring}:{sharedSecret}' },
    // The keystring is the OAuth client_id; the shared secret is only sent in x-api-key.
    client: { idField: 'keystring', secretField: 'none' },
    orders: 'etsy',
    guide: etsyGuide,
  };
}

export const etsyProfile: ProviderProfile = build(ETSY_AUTHORIZATION_URL, ETSY_API_BASE_URL);

/** The Etsy profile with endpoints on a loopback test simulator; throws for any other base URL. */
export function etsyProfileAt(baseUrl: string): ProviderProfile {
  if (!LOOPBACK_BASE.test(baseUrl)) throw new Error('etsyProfileAt only accepts http://127.0.0.1:{port}');
  return build(`${baseUrl}/oauth/connect`, baseUrl);
}
