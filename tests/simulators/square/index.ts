/**
 * A Square test simulator on 127.0.0.1 (port 0) following Square's public OAuth and Orders API
 * documentation, awkward parts included (see providers.md "Square"). Test-only helpers:
 * `approve()` plays the browser on the consent page, `touchOrders()` / `addOrders()` change data,
 * `orderSnapshot()` returns what the seller has, `expireAccessTokens()` ages every access token.
 */
import { browserConsent, FaultPlan, startLoopbackServer } from './http-util.ts';
import { SQUARE_SCOPES, squareError, type SquareContext, type SquareSimulatorOptions, type SquareStats } from './context.ts';
import { handleAuthorize, handleConsent, handleRevoke, handleToken } from './oauth.ts';
import { handleLocations, handleSearch } from './orders-api.ts';
import { SquareStore, type SquareLocation, type SquareOrder } from './store.ts';

export type { SquareSimulatorOptions, SquareStats } from './context.ts';
export type { SquareLocation, SquareOrder } from './store.ts';

export const SQUARE_TEST_CLIENT_ID = 'sq0idp-StorelinkTestApp01';
export const SQUARE_TEST_REDIRECT = 'https://forwarder.storelink.test/square/callback';

export interface SquareSimulator {
  baseUrl: string;
  clientId: string;
  redirectUri: string;
  merchantId: string;
  close(): Promise<void>;
  stats(): SquareStats;
  locations(): SquareLocation[];
  touchOrders(n: number): string[];
  addOrders(n: number): string[];
  orderSnapshot(): SquareOrder[];
  approve(authorizationUrl: string, opts?: { deny?: boolean }): Promise<string>;
  expireAccessTokens(): void;
}

export async function startSquareSimulator(opts: SquareSimulatorOptions = {}): Promise<SquareSimulator> {
  const now = opts.now ?? Date.now;
  const store = new SquareStore({
    seed: opts.seed ?? 7,
    locationCount: opts.locationCount ?? 3,
    currencies: opts.currencies ?? ['USD', 'JPY', 'EUR'],
    orderCount: opts.orderCount ?? 150,
    now,
  });
  const ctx: SquareContext = {
    clientId: opts.clientId ?? SQUARE_TEST_CLIENT_ID,
    clientSecret: opts.clientSecret ?? 'sq0csp-simulator-secret-not-in-the-app',
    redirectUri: opts.redirectUri ?? SQUARE_TEST_REDIRECT,
    loopbackRedirects: opts.loopbackRedirects ?? false,
    accessLifetimeMs: (opts.accessTokenLifetimeSec ?? 30 * 86_400) * 1000,
    refreshLifetimeMs: (opts.refreshTokenLifetimeSec ?? 90 * 86_400) * 1000,
    sendRefreshTokenExpiresAt: opts.sendRefreshTokenExpiresAt ?? false,
    retryAfterSec: opts.retryAfterSec === undefined ? 1 : opts.retryAfterSec,
    now,
    store,
    faults: new FaultPlan(opts.rateLimitEvery ?? 0, opts.failEvery ?? 0),
    consents: new Map(),
    codes: new Map(),
    access: new Map(),
    refresh: new Map(),
    cursors: new Map(),
    stats: {
      authorizeRequests: 0,
      tokenRequests: 0,
      refreshRequests: 0,
      revokeRequests: 0,
      locationsCalls: 0,
      searchCalls: 0,
      apiCalls: 0,
      rateLimited: 0,
      failed: 0,
      lastSquareVersion: undefined,
      lastAuthorizeParams: undefined,
    },
  };
  // developer.squareup.com/docs/build-basics/access-tokens: a personal access token reaches every
  // resource of the seller's own account and does not expire.
  if (opts.personalAccessToken) ctx.access.set(opts.personalAccessToken, { scopes: [...SQUARE_SCOPES], expiresAt: Infinity, revoked: false });
  const server = await startLoopbackServer(async (req, res, url) => {
    const route = `${req.method} ${url.pathname}`;
    switch (route) {
      case 'GET /oauth2/authorize':
        return handleAuthorize(ctx, url, res);
      case 'POST /oauth2/consent':
        return handleConsent(ctx, req, res);
      case 'POST /oauth2/token':
        return handleToken(ctx, req, res);
      case 'POST /oauth2/revoke':
        return handleRevoke(ctx, req, res);
      case 'GET /v2/locations':
        return handleLocations(ctx, req, res);
      case 'POST /v2/orders/search':
        return handleSearch(ctx, req, res);
      default:
        return squareError(res, 404, 'INVALID_REQUEST_ERROR', 'NOT_FOUND', 'Not found.');
    }
  });
  return {
    baseUrl: server.baseUrl,
    clientId: ctx.clientId,
    redirectUri: ctx.redirectUri,
    merchantId: store.merchantId,
    close: () => server.close(),
    stats: () => structuredClone(ctx.stats),
    locations: () => structuredClone(store.locations),
    touchOrders: (n) => store.touchOrders(n),
    addOrders: (n) => store.addOrders(n),
    orderSnapshot: () => structuredClone(store.orders),
    approve: (authorizationUrl, o = {}) => browserConsent(authorizationUrl, `${server.baseUrl}/oauth2/consent`, o.deny ?? false),
    expireAccessTokens: () => {
      for (const a of ctx.access.values()) a.expiresAt = Math.min(a.expiresAt, now() - 1);
    },
  };
}
