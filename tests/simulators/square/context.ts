/**
 * Shared state of one Square simulator: options after defaults, the store, OAuth grants and tokens,
 * search cursors and counters. Errors use Square's v2 shape `{errors:[{category, code, detail}]}`
 * (developer.squareup.com/docs/build-basics/handling-errors).
 */
import type { ServerResponse } from 'node:http';
import { FaultPlan, sendJson } from './http-util.ts';
import type { SquareStore } from './store.ts';

export interface SquareSimulatorOptions {
  clientId?: string;
  /** Only needed for POST /oauth2/revoke (`Authorization: Client {secret}`); a PKCE app never has it. */
  clientSecret?: string;
  /** The one redirect URL registered for the app (Square production: an exact https URL). */
  redirectUri?: string;
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
  accessLifetimeMs: number;
  refreshLifetimeMs: number;
  sendRefreshTokenExpiresAt: boolean;
  retryAfterSec: number | null;
  now: () => number;
  store: SquareStore;
  faults: FaultPlan;
  consents: Map<string, { state: string | undefined; challenge: string; scopes: string[] }>;
  codes: Map<string, { challenge: string; scopes: string[]; expiresAt: number; used: boolean }>;
  access: Map<string, AccessRecord>;
  refresh: Map<string, RefreshRecord>;
  cursors: Map<string, CursorRecord>;
  stats: SquareStats;
}

export const SQUARE_SCOPES = ['ORDERS_READ', 'MERCHANT_PROFILE_READ', 'ITEMS_READ', 'PAYMENTS_READ'];

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
