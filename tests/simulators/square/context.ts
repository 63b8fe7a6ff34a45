/**
 * Shared state of one Square simulator: options after defaults, the store, OAuth grants and tokens,
 * search cursors and counters. Errors use Square's v2 shape `{errors:[{category, code, detail}]}`
 * (developer.squareup.com/docs/build-basics/handling-errors); every `category` and `code` used is a
 * value of the ErrorCategory / ErrorCode enums (developer.squareup.com/reference/square/enums/ErrorCode,
 * square/connect-api-specification api.json), which tests/platforms/square-sdk-schemas.test.ts checks
 * with Square's own Node SDK.
 */
import type { ServerResponse } from 'node:http';
import { FaultPlan, sendJson } from './http-util.ts';
import type { SquareStore } from './store.ts';

export interface SquareSimulatorOptions {
  clientId?: string;
  /** Only needed for POST /oauth2/revoke (`Authorization: Client {secret}`); a PKCE app never has it. */
  clientSecret?: string;
  /**
   * The one redirect URL registered for the app: Square matches it exactly
   * (developer.squareup.com/docs/oauth-api/create-urls-for-square-authorization).
   */
  redirectUri?: string;
  /**
   * Also accept `http://127.0.0.1:{any port}/callback` (RFC 8252 §7.3). UNCONFIRMED for Square
   * production: the OAuth overview (developer.squareup.com/docs/oauth-api/overview) allows http
   * localhost redirect URLs in the Sandbox only. Off by default; it exists so the loopback option of
   * the app can be exercised, and a test shows the default (exact match) refuses it.
   */
  loopbackRedirects?: boolean;
  /**
   * A personal access token of the seller's own account: every permission, no expiry
   * (developer.squareup.com/docs/build-basics/access-tokens, "Personal access token").
   */
  personalAccessToken?: string;
  locationCount?: number;
  /** Currency of each location, cycled. */
  currencies?: string[];
  orderCount?: number;
  seed?: number;
  /** Every Nth /v2 call answers 429 RATE_LIMITED (0 = never). */
  rateLimitEvery?: number;
  /** Retry-After seconds sent with a 429; null sends none (Square does not document one). */
  retryAfterSec?: number | null;
  /** Every Nth /v2 call answers 503 (0 = never). */
  failEvery?: number;
  accessTokenLifetimeSec?: number;
  refreshTokenLifetimeSec?: number;
  /** Add `refresh_token_expires_at` to token responses. Off by default: not confirmed in Square's docs. */
  sendRefreshTokenExpiresAt?: boolean;
  now?: () => number;
}

export interface AccessRecord {
  scopes: string[];
  expiresAt: number;
  revoked: boolean;
}

export interface RefreshRecord {
  scopes: string[];
  expiresAt: number;
  used: boolean;
  revoked: boolean;
}

export interface CursorRecord {
  /** Canonical JSON of `location_ids` + `query` the cursor was issued for. */
  boundTo: string;
  endMs: number;
  after: { t: number; id: string };
}

export interface SquareStats {
  authorizeRequests: number;
  tokenRequests: number;
  refreshRequests: number;
  revokeRequests: number;
  locationsCalls: number;
  searchCalls: number;
  apiCalls: number;
  rateLimited: number;
  failed: number;
  lastSquareVersion: string | undefined;
  lastAuthorizeParams: Record<string, string> | undefined;
}

export interface SquareContext {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  loopbackRedirects: boolean;
  accessLifetimeMs: number;
  refreshLifetimeMs: number;
  sendRefreshTokenExpiresAt: boolean;
  retryAfterSec: number | null;
  now: () => number;
  store: SquareStore;
  faults: FaultPlan;
  consents: Map<string, { state: string | undefined; challenge: string; scopes: string[]; redirectUri: string }>;
  codes: Map<string, { challenge: string; scopes: string[]; expiresAt: number; used: boolean; redirectUri: string }>;
  access: Map<string, AccessRecord>;
  refresh: Map<string, RefreshRecord>;
  cursors: Map<string, CursorRecord>;
  stats: SquareStats;
}

/** OAuth permissions this simulator knows (developer.squareup.com/docs/oauth-api/square-permissions). */
export const SQUARE_SCOPES = ['ORDERS_READ', 'MERCHANT_PROFILE_READ', 'ITEMS_READ', 'PAYMENTS_READ'];

/** RFC 8252 §7.3 loopback redirect, any port (only with `loopbackRedirects`; see the option). */
export const LOOPBACK_REDIRECT = /^http:\/\/127\.0\.0\.1:[1-9]\d{0,4}\/callback$/;

/** The redirect URL of an authorization request, if the app's settings allow it. */
export function allowedRedirect(ctx: SquareContext, requested: string | null): string | undefined {
  if (requested === null || requested === ctx.redirectUri) return ctx.redirectUri;
  if (ctx.loopbackRedirects && LOOPBACK_REDIRECT.test(requested)) return requested;
  return undefined;
}

export function squareError(res: ServerResponse, status: number, category: string, code: string, detail: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { errors: [{ category, code, detail }] }, headers);
}

/** Sorted-key JSON, so a query resent with keys in another order still counts as the same query. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
