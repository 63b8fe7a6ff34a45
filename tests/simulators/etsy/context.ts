/**
 * Shared state of one Etsy simulator: options after defaults, the shop, OAuth grants and tokens
 * and counters. Etsy API errors are `{error: "..."}` JSON; token errors follow RFC 6749 §5.2.
 */
import type { FaultPlan } from '../square/http-util.ts';
import type { EtsyStore, MoneyStyle } from './store.ts';

export interface EtsySimulatorOptions {
  /** The app's keystring (its OAuth client_id). */
  keystring?: string;
  sharedSecret?: string;
  /** The registered https redirect URI (the admin's forwarder page). */
  redirectUri?: string;
  orderCount?: number;
  /** Money style of each receipt, cycled (default USD/100, EUR/100, JPY/1, USD/1000). */
  money?: MoneyStyle[];
  seed?: number;
  /** Every Nth /v3/application call answers 429 with `retry-after` (0 = never). */
  rateLimitEvery?: number;
  retryAfterSec?: number;
  /** Every Nth /v3/application call answers 503 (0 = never). */
  failEvery?: number;
  /** Calls allowed per wall-clock second before a real 429 (Etsy: about 10; default high for fast tests). */
  perSecond?: number;
  perDay?: number;
  accessTokenLifetimeSec?: number;
  refreshTokenLifetimeSec?: number;
  now?: () => number;
}

export interface EtsyStats {
  authorizeRequests: number;
  tokenRequests: number;
  refreshRequests: number;
  apiCalls: number;
  receiptsCalls: number;
  meCalls: number;
  rateLimited: number;
  failed: number;
  apiKeyRejected: number;
  lastAuthorizeParams: Record<string, string> | undefined;
  lastReceiptsQuery: Record<string, string> | undefined;
}

export interface TokenRecord {
  kind: 'access' | 'refresh';
  scopes: string[];
  expiresAt: number;
  used: boolean;
  revoked: boolean;
}

export interface EtsyContext {
  keystring: string;
  sharedSecret: string;
  redirectUri: string;
  accessLifetimeMs: number;
  refreshLifetimeMs: number;
  retryAfterSec: number;
  perSecond: number;
  perDay: number;
  now: () => number;
  store: EtsyStore;
  faults: FaultPlan;
  window: { second: number; count: number; today: number };
  consents: Map<string, { state: string; challenge: string; scopes: string[]; redirectUri: string }>;
  codes: Map<string, { challenge: string; scopes: string[]; redirectUri: string; expiresAt: number; used: boolean }>;
  tokens: Map<string, TokenRecord>;
  stats: EtsyStats;
}

export const ETSY_SCOPES = [
  'address_r',
  'address_w',
  'billing_r',
  'cart_r',
  'cart_w',
  'email_r',
  'favorites_r',
  'favorites_w',
  'feedback_r',
  'listings_d',
  'listings_r',
  'listings_w',
  'profile_r',
  'profile_w',
  'recommend_r',
  'recommend_w',
  'shops_r',
  'shops_w',
  'transactions_r',
  'transactions_w',
];
