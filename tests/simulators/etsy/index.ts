/**
 * An Etsy Open API v3 test simulator on 127.0.0.1 (port 0), following Etsy's public docs with its
 * awkward parts (providers.md "Etsy"): https-only redirect URIs, keystring:shared_secret API key on
 * every application call, rotating refresh tokens, `{user_id}.` token prefix, unix-second times.
 * Test helpers: `approve()` returns the Location of the https redirect without following it (the test
 * forwards code and state to the loopback listener, as the forwarder page would), `revokeAll()` is a
 * password change, `touchOrders()` / `addOrders()` change receipts.
 */
import { browserConsent, FaultPlan, sendJson, startLoopbackServer } from '../square/http-util.ts';
import type { EtsyContext, EtsySimulatorOptions, EtsyStats } from './context.ts';
import { handleConnect, handleConsent, handleToken } from './oauth.ts';
import { handleMe, handleReceipts } from './receipts-api.ts';
import { EtsyStore, type EtsyReceipt } from './store.ts';

export type { EtsySimulatorOptions, EtsyStats } from './context.ts';
export type { EtsyReceipt, EtsyTransaction, MoneyStyle } from './store.ts';

export const ETSY_TEST_KEYSTRING = 'storelinktestkeystring0001';
export const ETSY_TEST_SHARED_SECRET = 'simsecret42';
export const ETSY_TEST_REDIRECT = 'https://forwarder.storelink.test/etsy/callback';

export interface EtsySimulator {
  baseUrl: string;
  keystring: string;
  sharedSecret: string;
  redirectUri: string;
  userId: number;
  shopId: number;
  close(): Promise<void>;
  stats(): EtsyStats;
  touchOrders(n: number): number[];
  addOrders(n: number): number[];
  /** Adds one receipt exactly as given (a test's fixed example). */
  addReceipt(r: EtsyReceipt): void;
  orderSnapshot(): EtsyReceipt[];
  approve(authorizationUrl: string, opts?: { deny?: boolean }): Promise<string>;
  /** A password change at Etsy: every access and refresh token stops working. */
  revokeAll(): void;
  expireAccessTokens(): void;
}

export async function startEtsySimulator(opts: EtsySimulatorOptions = {}): Promise<EtsySimulator> {
  const now = opts.now ?? Date.now;
  const store = new EtsyStore({
    seed: opts.seed ?? 11,
    orderCount: opts.orderCount ?? 230,
    money: opts.money ?? [
      { currency: 'USD', divisor: 100 },
      { currency: 'EUR', divisor: 100 },
      { currency: 'JPY', divisor: 1 },
      { currency: 'USD', divisor: 1000 },
    ],
    now,
  });
  const ctx: EtsyContext = {
    keystring: opts.keystring ?? ETSY_TEST_KEYSTRING,
    sharedSecret: opts.sharedSecret ?? ETSY_TEST_SHARED_SECRET,
    redirectUri: opts.redirectUri ?? ETSY_TEST_REDIRECT,
    accessLifetimeMs: (opts.accessTokenLifetimeSec ?? 3600) * 1000,
    refreshLifetimeMs: (opts.refreshTokenLifetimeSec ?? 90 * 86_400) * 1000,
    retryAfterSec: opts.retryAfterSec ?? 1,
    perSecond: opts.perSecond ?? 10_000,
    perDay: opts.perDay ?? 100_000,
    now,
    store,
    faults: new FaultPlan(opts.rateLimitEvery ?? 0, opts.failEvery ?? 0),
    window: { second: 0, count: 0, today: 0 },
    consents: new Map(),
    codes: new Map(),
    tokens: new Map(),
    stats: {
      authorizeRequests: 0,
      tokenRequests: 0,
      refreshRequests: 0,
      apiCalls: 0,
      receiptsCalls: 0,
      meCalls: 0,
      rateLimited: 0,
      failed: 0,
      apiKeyRejected: 0,
      lastAuthorizeParams: undefined,
      lastReceiptsQuery: undefined,
    },
  };
  const server = await startLoopbackServer(async (req, res, url) => {
    const receipts = /^\/v3\/application\/shops\/([^/]+)\/receipts$/.exec(url.pathname);
    if (req.method === 'GET' && receipts) return handleReceipts(ctx, decodeURIComponent(receipts[1]!), url, req, res);
    switch (`${req.method} ${url.pathname}`) {
      case 'GET /oauth/connect':
        return handleConnect(ctx, url, res);
      case 'POST /oauth/consent':
        return handleConsent(ctx, req, res);
      case 'POST /v3/public/oauth/token':
        return handleToken(ctx, req, res);
      case 'GET /v3/application/users/me':
        return handleMe(ctx, req, res);
      default:
        return sendJson(res, 404, { error: 'Resource not found' });
    }
  });
  return {
    baseUrl: server.baseUrl,
    keystring: ctx.keystring,
    sharedSecret: ctx.sharedSecret,
    redirectUri: ctx.redirectUri,
    userId: store.userId,
    shopId: store.shopId,
    close: () => server.close(),
    stats: () => structuredClone(ctx.stats),
    touchOrders: (n) => store.touchOrders(n),
    addOrders: (n) => store.addOrders(n),
    addReceipt: (r) => store.addReceipt(r),
    orderSnapshot: () => structuredClone(store.receipts),
    approve: (authorizationUrl, o = {}) => browserConsent(authorizationUrl, `${server.baseUrl}/oauth/consent`, o.deny ?? false),
    revokeAll: () => {
      for (const t of ctx.tokens.values()) t.revoked = true;
    },
    expireAccessTokens: () => {
      for (const t of ctx.tokens.values()) if (t.kind === 'access') t.expiresAt = Math.min(t.expiresAt, now() - 1);
    },
  };
}
