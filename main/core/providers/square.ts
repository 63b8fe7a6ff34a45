/**
 * Square provider profile (providers.md "Square"; developer.squareup.com/docs/oauth-api/overview).
 * A PKCE public client: the admin pastes the Application ID of their Square app; no secret is ever
 * needed or kept. Quirks modelled here:
 *  - `session=false` on the authorization URL; no `iss` in the callback and no RFC 8414 metadata,
 *    so RFC 9207 does not apply (security.md #6: `iss` is only required when metadata advertises it);
 *  - JSON token requests; `expires_at` ISO-8601 instead of `expires_in`; `merchant_id` tenant; the
 *    response has no `scope`, so the granted scope is the requested one (RFC 6749 §5.1);
 *  - PKCE refresh tokens are single-use and expire after 90 days;
 *  - revocation needs the app secret (`Authorization: Client {secret}`), so it is unsupported here;
 *  - production accepts one exact https redirect URL: an https forwarder page the admin registers.
 *
 * Square's docs disagree on loopback redirects in production (overview: http localhost in Sandbox
 * only; a newer page: https everywhere), so the https forwarder is the default (`square`) and a
 * loopback redirect is an option (`square-loopback`), labelled unconfirmed. A third kind,
 * `square-token`, takes the Production access token (a personal access token: unrestricted access to
 * the admin's own account, developer.squareup.com/docs/build-basics/access-tokens) from the Developer
 * Console's Credentials page: no browser, one test call, kept in the keychain.
 *
 * Test seam: `squareProfileAt(baseUrl)` (and the other `...At`) return the same profile with every
 * endpoint on `baseUrl`, and only accept `http://127.0.0.1:{port}` (a test simulator), so they cannot
 * point the app elsewhere.
 */
import type { ProviderProfile } from './profile.ts';
import { squareForwarderGuide, squareLoopbackGuide, squareTokenGuide } from './guides/square-guide.ts';

export const SQUARE_BASE_URL = 'https://connect.squareup.com';

const LOOPBACK_BASE = /^http:\/\/127\.0\.0\.1:[1-9]\d{0,4}$/;

function build(base: string): ProviderProfile {
  return {
    id: 'square',
    name: 'Square',
    icon: 'Sq',
    kind: 'oauth-pkce',
    fields: [
      {
        name: 'clientId',
        label: 'Square Application ID',
        help: 'In the Square Developer Console, open your app and copy the Application ID from the OAuth page (production).',
        kind: 'text',
        required: true,
        pattern: '^[A-Za-z0-9_-]{8,191}$',
        placeholder: 'sq0idp-…',
      },
      {
        name: 'forwarderUrl',
        label: 'Redirect page (https)',
        help: 'The https page registered as the Redirect URL of your Square app. It forwards the sign-in result to Storelink on this computer.',
        kind: 'url',
        required: true,
        pattern: '^https://[^\\s/?#]+(/[^\\s?#]*)?$',
        placeholder: 'https://example.com/storelink/callback',
      },
    ],
    endpoints: {
      kind: 'static',
      authorization: `${base}/oauth2/authorize`,
      token: `${base}/oauth2/token`,
      apiBase: base,
    },
    authorization: { pkce: 'S256', extraParams: { session: 'false' } },
    tokenRequest: { encoding: 'json', clientAuth: 'none' },
    tokenResponse: { expiry: 'expires_at', requireTokenType: true, tenantField: 'merchant_id' },
    scopeSeparator: ' ',
    scopes: [
      { name: 'ORDERS_READ', description: 'Read your orders: numbers, dates, status and totals.', required: true },
      {
        name: 'MERCHANT_PROFILE_READ',
        description: 'See your business and its locations, so Storelink knows where to look for orders.',
        // Square's order search needs location ids, and listing them needs this scope.
        required: true,
      },
    ],
    refresh: { kind: 'rotating', refreshTokenLifetimeSec: 90 * 86_400 },
    revocation: {
      kind: 'unsupported',
      reason: 'Square only lets an app revoke tokens with its secret; remove Storelink in your Square Dashboard',
    },
    callbackChecks: [],
    accountLabel: { from: 'token-response', field: 'merchant_id' },
    redirect: 'https-forwarder',
    apiAuth: { kind: 'bearer' },
    orders: 'square',
    guide: squareForwarderGuide,
  };
}

/** The loopback option: the same PKCE app, redirected straight to http://127.0.0.1:{port}/callback (RFC 8252 §7.3). */
function buildLoopback(base: string): ProviderProfile {
  const p = build(base);
  return {
    ...p,
    id: 'square-loopback',
    name: 'Square (redirect to this computer)',
    fields: p.fields.filter((f) => f.name !== 'forwarderUrl'),
    redirect: 'loopback',
    guide: squareLoopbackGuide,
  };
}

/** The personal access token kind: the admin's own account, no OAuth. */
function buildToken(base: string): ProviderProfile {
  const p = build(base);
  return {
    ...p,
    id: 'square-token',
    name: 'Square (access token)',
    kind: 'api-key',
    fields: [
      {
        name: 'accessToken',
        label: 'Square access token',
        help: 'In the Square Developer Console, open your app, choose Production, then Credentials, and copy the Production access token.',
        kind: 'secret',
        required: true,
        pattern: '^[A-Za-z0-9_-]{20,255}$',
        placeholder: 'EAAA…',
      },
    ],
    authorization: { pkce: 'none' },
    tokenResponse: { expiry: 'none', requireTokenType: false },
    // A personal access token is not scoped: it reaches everything in the account. Storelink only reads.
    scopes: [{ name: 'ORDERS_READ', description: 'Read your orders and locations (Storelink only reads).', required: true }],
    refresh: { kind: 'none' },
    revocation: {
      kind: 'unsupported',
      reason: 'A Square access token is replaced in the Square Developer Console (Credentials > Replace); Storelink forgets it here',
    },
    accountLabel: { from: 'field', field: 'accountName' },
    redirect: 'loopback',
    apiAuth: { kind: 'bearer' },
    // ListLocations: cheap, read-only, and the sync needs the location ids anyway
    // (developer.squareup.com/reference/square/locations-api/list-locations).
    guide: squareTokenGuide,
    verify: {
      method: 'GET',
      path: 'v2/locations',
      refusals: {
        unauthorized:
          'Square did not accept this access token. Copy the Production access token again from the Developer Console (Credentials); a Sandbox token does not work here.',
        forbidden: 'Square accepted the token but it may not read this account’s locations. Copy the Production access token of your own account.',
      },
    },
  };
}

export const squareProfile: ProviderProfile = build(SQUARE_BASE_URL);
export const squareLoopbackProfile: ProviderProfile = buildLoopback(SQUARE_BASE_URL);
export const squareTokenProfile: ProviderProfile = buildToken(SQUARE_BASE_URL);

function atLoopback(baseUrl: string, name: string): string {
  if (!LOOPBACK_BASE.test(baseUrl)) throw new Error(`${name} only accepts http://127.0.0.1:{port}`);
  return baseUrl;
}

/** The Square profile with endpoints on a loopback test simulator; throws for any other base URL. */
export function squareProfileAt(baseUrl: string): ProviderProfile {
  return build(atLoopback(baseUrl, 'squareProfileAt'));
}

export function squareLoopbackProfileAt(baseUrl: string): ProviderProfile {
  return buildLoopback(atLoopback(baseUrl, 'squareLoopbackProfileAt'));
}

export function squareTokenProfileAt(baseUrl: string): ProviderProfile {
  return buildToken(atLoopback(baseUrl, 'squareTokenProfileAt'));
}
