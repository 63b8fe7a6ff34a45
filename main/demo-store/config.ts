/**
 * Fixed facts about the built-in Demo store: its one registered client, its scopes and the
 * defaults of every tunable option. Plain data, shared by the endpoint modules.
 */

/** The only registered client: a public native client (RFC 6749 §2.1, RFC 8252 §8.4), no secret. */
export const CLIENT_ID = 'storelink-desktop';
export const CLIENT_NAME = 'Storelink';

export interface DemoScope {
  name: string;
  label: string;
  description: string;
}

/** Every scope the store knows, in the order the consent page lists them (RFC 6749 §3.3). */
export const SCOPES: readonly DemoScope[] = [
  { name: 'store:read', label: "See your store's name and currency", description: "See your store's name and currency." },
  {
    name: 'orders:read',
    label: 'Read your orders',
    description: 'Read your orders: numbers, dates, status and totals, no customer addresses.',
  },
  {
    name: 'offline_access',
    label: 'Stay connected',
    description: 'Stay connected: lets Storelink refresh access without asking again.',
  },
  { name: 'refunds:read', label: 'See refunds', description: 'See refunds.' },
];

export const SCOPE_NAMES: readonly string[] = SCOPES.map((s) => s.name);

export const STORE_CURRENCY = 'USD';
export const STORE_TIMEZONE = 'America/New_York';

export const DEFAULTS = {
  accessTokenLifetimeSec: 120,
  refreshTokenLifetimeSec: 30 * 24 * 3600,
  orderCount: 400,
  seed: 42,
  rateLimit: { capacity: 20, refillPerSec: 10 },
  storeName: 'Demo Coffee Roasters',
  /** RFC 6749 §4.1.2: "A maximum authorization code lifetime of 10 minutes is RECOMMENDED"; ours is 60 s. */
  codeLifetimeSec: 60,
  /** How long the consent page's one-time request id stays valid. */
  consentLifetimeSec: 600,
  /** Largest request body any endpoint reads. */
  maxBodyBytes: 64 * 1024,
} as const;

/** Runtime settings after defaults are applied; passed to every endpoint handler. */
export interface DemoStoreSettings {
  issuer: string;
  storeName: string;
  /** Permanent store id (`store_id` in token responses): Storelink's account id for this store. */
  storeId: string;
  accessTokenLifetimeSec: number;
  refreshTokenLifetimeSec: number;
  rateLimit: { capacity: number; refillPerSec: number };
  now: () => number;
}

/** Counters returned by `DemoStore.stats()`. */
export interface DemoStoreStats {
  authorizeRequests: number;
  tokenRequests: number;
  refreshRequests: number;
  revocations: number;
  ordersRequests: number;
  rateLimited: number;
}

export function emptyStats(): DemoStoreStats {
  return { authorizeRequests: 0, tokenRequests: 0, refreshRequests: 0, revocations: 0, ordersRequests: 0, rateLimited: 0 };
}
