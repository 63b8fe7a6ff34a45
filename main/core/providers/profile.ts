/**
 * The declarative provider profile format. One profile describes how to connect to one platform
 * and every quirk listed at the end of ../shared/reference/providers.md:
 *  1. per-store endpoint hosts            -> `{field}` templates in `endpoints`
 *  2. token request encoding / client auth -> `tokenRequest`
 *  3. token response normalisation        -> `tokenResponse`, `scopeSeparator`, `accountLabel`
 *  4. refresh policy                      -> `refresh`
 *  5. revocation                          -> `revocation`
 *  6. orders                              -> `orders` (used by the sync engine)
 * Profiles are data; the code that interprets them lives in main/core/oauth/.
 */

import type { SetupGuideSpec } from './setup-guide.ts';

/**
 * `oauth-client-credentials`: the admin pastes their own app's client id and secret; the core asks the
 * token endpoint for an access token with RFC 6749 §4.4 (no browser, no refresh token) and asks again
 * before it runs out (Shopify Dev Dashboard apps on the merchant's own store).
 */
export type ConnectionKind = 'oauth-pkce' | 'oauth-app-credentials' | 'oauth-client-credentials' | 'api-key';

/** A field the admin fills in the connect form. Secret fields go to the OS keychain, never to settings. */
export interface ProfileField {
  name: string;
  label: string;
  help?: string;
  kind: 'url' | 'text' | 'shop-domain' | 'secret';
  required: boolean;
  /** ECMAScript regex source the value must match (checked in the form and again in main). */
  pattern?: string;
  placeholder?: string;
  /** Default value shown in the form. */
  default?: string;
}

export interface ScopeSpec {
  name: string;
  /** What this scope lets Storelink do, in plain words. */
  description: string;
  /** Storelink needs it for its features; if not granted the UI says "Re-authorize to add". */
  required: boolean;
}

/** `{field}` placeholders are replaced by form values (URL-encoded where they sit in a path). */
export type EndpointTemplate = string;

export type EndpointSource =
  | {
      /** Endpoints from RFC 8414 / OpenID Connect Discovery 1.0 at the issuer the admin gives. */
      kind: 'discovery';
      issuerField: string;
    }
  | {
      kind: 'static';
      issuer?: EndpointTemplate;
      authorization: EndpointTemplate;
      token: EndpointTemplate;
      revocation?: EndpointTemplate;
      /** The base URL of the platform's API, for authorized requests and orders. */
      apiBase: EndpointTemplate;
    };

export interface TokenRequestSpec {
  /** application/x-www-form-urlencoded (RFC 6749) or JSON (Shopify library, Square). */
  encoding: 'form' | 'json';
  /** none = public client; basic = HTTP Basic (RFC 6749 §2.3.1); body = client_secret in the body. */
  clientAuth: 'none' | 'basic' | 'body';
  /**
   * Fixed parameters added to the authorization-code exchange only (never to refresh, never
   * overriding a protocol parameter), e.g. Shopify's `expiring=1` for expiring offline tokens
   * (https://shopify.dev/changelog/offline-access-tokens-now-support-expiry-and-refresh).
   */
  extraParams?: Record<string, string>;
}

export interface TokenResponseSpec {
  /** How lifetime is expressed: `expires_in` seconds, `expires_at` ISO string, or none. */
  expiry: 'expires_in' | 'expires_at' | 'none';
  /** The platform sends `expires_in` as a digit string ("3600"); still an integer (security.md #43). */
  expiresInAsString?: boolean;
  /** RFC 6749 requires token_type; Shopify omits it. When false, a missing one means "bearer". */
  requireTokenType: boolean;
  /** Field of the response that carries a tenant / account id (`merchant_id`, `shop`...). */
  tenantField?: string;
  /** Etsy: the access token is prefixed `{user_id}.`. */
  tenantFromTokenPrefix?: boolean;
}

export type RefreshPolicy =
  | { kind: 'none' }
  /** The same refresh token is reused; a response without a new one keeps the old one. */
  | { kind: 'reuse'; refreshTokenLifetimeSec?: number }
  /** Single-use refresh tokens: the new one is persisted before the new access token is used. */
  | { kind: 'rotating'; refreshTokenLifetimeSec?: number }
  /**
   * No refresh token: a new access token is requested with the client credentials grant (RFC 6749
   * §4.4) and the app's stored id and secret before the current one runs out.
   */
  | { kind: 'client-credentials' };

export type RevocationMethod =
  | { kind: 'rfc7009' }
  | { kind: 'shopify-uninstall' }
  /** Revocation exists but cannot be done by this client (e.g. Square needs the app secret). */
  | { kind: 'unsupported'; reason: string };

export type CallbackCheck = 'shopify-hmac' | 'shop-domain';

export type AccountLabelSource =
  { from: 'field'; field: string } | { from: 'token-response'; field: string } | { from: 'id-token'; claims: string[] } | { from: 'token-prefix' };

export type ApiAuth =
  | { kind: 'bearer' }
  | { kind: 'header'; header: string }
  /** HTTP Basic with two admin-supplied secret fields (WooCommerce consumer key / secret). */
  | { kind: 'basic'; userField: string; passwordField: string };

export interface ProviderProfile {
  id: string;
  name: string;
  /** A 1-2 letter monogram shown as the provider icon: renders with any font (no emoji font needed, no remote images under the CSP). */
  icon: string;
  kind: ConnectionKind;
  fields: ProfileField[];
  endpoints: EndpointSource;
  /** Authorization request specifics (RFC 6749 §4.1.1). */
  authorization: {
    pkce: 'S256' | 'none';
    /** Extra fixed query parameters, e.g. `prompt=consent`, `session=false`. */
    extraParams?: Record<string, string>;
  };
  tokenRequest: TokenRequestSpec;
  tokenResponse: TokenResponseSpec;
  scopeSeparator: ' ' | ',';
  /** Scopes requested by default. With discovery providers the admin may edit them. */
  scopes: ScopeSpec[];
  /** The client registers exactly `scopes` (e.g. the demo store): the admin may not edit them even with discovery. */
  scopesFixed?: boolean;
  refresh: RefreshPolicy;
  revocation: RevocationMethod;
  callbackChecks: CallbackCheck[];
  accountLabel: AccountLabelSource;
  /** loopback = RFC 8252 §7.3; https-forwarder = an https page the admin hosts that forwards code and state. */
  redirect: 'loopback' | 'https-forwarder';
  apiAuth: ApiAuth;
  /** Headers added to every API call; values may use `{field}` templates of secret fields (Etsy x-api-key). */
  apiExtraHeaders?: Record<string, string>;
  /**
   * Where the OAuth client id and secret come from: form fields (defaults `clientId` /
   * `clientSecret`) or a fixed public id (the demo store). Never a compiled-in secret (security.md #9).
   */
  client?: { idField?: string; fixedId?: string; secretField?: string };
  /**
   * api-key connections: one cheap authorized call that proves the keys work before they are
   * saved (path relative to the API base, `{field}` templates allowed).
   */
  verify?: {
    method: 'GET' | 'POST';
    path: string;
    body?: string;
    contentType?: string;
    /** What a 401 / 403 to the test call means for this kind, in plain words (default: "did not accept these keys"). */
    refusals?: { unauthorized?: string; forbidden?: string };
  };
  /** Identifier of the order adapter in main/sync/adapters, when the platform has orders. */
  orders?: string;
  /** What the admin does at the platform before connecting (shown in the Connect screen). */
  guide?: SetupGuideSpec;
}

/** Replaces `{name}` with values; throws on a missing value so a half-built URL never leaves the app. */
export function fillTemplate(template: string, values: Record<string, string | undefined>): string {
  return template.replace(/\{([a-zA-Z0-9_]+)\}/g, (_m, name: string) => {
    const v = values[name];
    if (v === undefined || v === '') throw new Error(`missing value for {${name}}`);
    return v;
  });
}
