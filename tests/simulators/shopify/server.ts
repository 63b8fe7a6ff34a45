/**
 * A Shopify Admin API simulator for tests and benchmarks (plain node:http on 127.0.0.1, port 0).
 *
 * Per-shop hosts (`https://{shop}.myshopify.com`) are modelled by a path prefix:
 *   {baseUrl}/shops/{shop}.myshopify.com/admin/...
 * so `shopBaseTemplate` (`{baseUrl}/shops/{shop}`) replaces `https://{shop}` in the provider profile
 * (see createShopifyAppProfile({ shopBase }) in main/core/providers/shopify.ts).
 *
 * Routes under the prefix: OAuth and the client credentials grant (oauth-routes.ts, client-credentials.ts),
 * `POST /admin/api/{version}/graphql.json` (orders with the 25,000-object pagination cap, cost
 * throttling; ordersCount and bulk operations in graphql-bulk.ts), `GET /admin/api/{version}/shop.json` (REST, 40/2s bucket, 429 + Retry-After).
 * `{version}` follows shopify.dev/docs/api/usage/versioning (api-versions.ts): an unsupported one is
 * served by the oldest supported version; every API response carries `X-Shopify-API-Version`.
 * Outside the prefix: `GET /bulk-results/{id}.jsonl?sig=…`, a bulk result as its signed storage URL
 * serves it (no Shopify auth, Range supported). One order history is shared by all shops.
 */
import { createServer } from 'node:http';
import { ApiVersions, deprecatedFieldsUsed } from './api-versions.ts';
import { ShopifyAuthState, type IssuedTokens, type ShopifyApp } from './auth-state.ts';
import { CLIENT_CREDENTIALS_LIFETIME_SEC } from './client-credentials.ts';
import { CostBucket } from './cost-bucket.ts';
import { BulkOperations, type BulkOptions } from './graphql-bulk.ts';
import { answerOrdersQuery, shopifyNode, SHOPIFY_CURRENCY_CODES, SHOPIFY_ID_BASE, type ShopifyStoreStyle } from './graphql-orders.ts';
import { FailurePlan, listenLocal, readBody, sendJson } from './http-util.ts';
import { handleOAuth, type OAuthOptions } from './oauth-routes.ts';
import { OrderBook, type BookOptions } from './order-book.ts';

export interface ShopifySimulatorOptions extends BookOptions {
  app?: ShopifyApp;
  accessTokenLifetimeSec?: number;
  consent?: 'auto' | 'page';
  withheldScopes?: string[];
  allowRedirect?: (uri: string) => boolean;
  badHmac?: boolean;
  /** Client credentials grant: shops the Dev Dashboard app is installed on (default every shop). */
  installedOn?: string[];
  /** Client credentials grant: the app version's scopes (default read_orders, read_all_orders). */
  appScopes?: string[];
  /** Client credentials grant: access token life in seconds (default 86399). */
  clientCredentialsLifetimeSec?: number;
  /** Supported Admin API versions (default: the four quarterly versions up to 2026-10). */
  supportedVersions?: string[];
  /** GraphQL fields (`Type.field`) deprecated in every served version: using one adds X-Shopify-API-Deprecated-Reason. */
  deprecatedFields?: string[];
  /** GraphQL cost bucket (defaults: 2000 points, 100/s). */
  maxAvailable?: number;
  restoreRate?: number;
  /** REST leaky bucket (defaults: 40 requests, 2/s). */
  restBucketSize?: number;
  restLeakRate?: number;
  /** Every Nth API request (GraphQL or REST) fails with `failStatus` (default 503). */
  failEvery?: number;
  failStatus?: number;
  /** Bulk operations (graphql-bulk.ts): polls before completion, forced failure. */
  bulk?: BulkOptions;
  /** Tax-inclusive prices and null figures (graphql-orders.ts ShopifyStoreStyle). */
  taxesIncluded?: ShopifyStoreStyle['taxesIncluded'];
  nulls?: boolean;
}

const BULK_DEPRECATED = ['QueryRoot.currentBulkOperation'];
const SHOP_RE = /^[a-zA-Z0-9][a-zA-Z0-9-_]*\.myshopify\.com$/;
const INVALID_TOKEN = { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' };

export interface ShopifyStats {
  requests: number;
  graphqlRequests: number;
  restRequests: number;
  throttled: number;
  injectedFailures: number;
  tokenRequests: number;
  refreshes: number;
  uninstalls: number;
  /** Access tokens handed out by the client credentials grant. */
  clientCredentialGrants: number;
  ordersServed: number;
  /** Authorization-code token requests, oldest first: the `expiring` parameter each carried (null = none). */
  codeExchanges: { expiring: string | null }[];
  /** Admin API versions that answered (after fall-forward), newest last, at most 2000. */
  servedVersions: string[];
  /** Request lines seen (method + path + query), newest last, at most 2000: tests scan them for secrets. */
  requestLines: string[];
}

export async function startShopifySimulator(opts: ShopifySimulatorOptions = {}) {
  const clock = opts.clock ?? Date.now;
  const app = opts.app ?? { clientId: 'sim-shopify-client', clientSecret: 'shpss_sim_secret_0123456789abcdef' };
  for (const c of opts.currencies ?? []) {
    if (!SHOPIFY_CURRENCY_CODES.has(c)) throw new Error(`Shopify cannot send orders in ${c}: not a value of the CurrencyCode enum`);
  }
  const book = new OrderBook({ ...opts, clock });
  const auth = new ShopifyAuthState(clock, opts.accessTokenLifetimeSec ?? 3600);
  const gqlBuckets = new Map<string, CostBucket>();
  const restBuckets = new Map<string, CostBucket>();
  const failures = new FailurePlan(opts.failEvery ?? 0, opts.failStatus ?? 503);
  const versions = new ApiVersions(opts.supportedVersions);
  const deprecatedFields = opts.deprecatedFields ?? [];
  let base = '';
  const style: ShopifyStoreStyle = { taxesIncluded: opts.taxesIncluded ?? 'none', nulls: opts.nulls ?? false };
  const bulk = new BulkOperations(book, clock, () => base, opts.bulk, style);
  const stats: ShopifyStats = {
    requests: 0,
    graphqlRequests: 0,
    restRequests: 0,
    throttled: 0,
    injectedFailures: 0,
    tokenRequests: 0,
    refreshes: 0,
    uninstalls: 0,
    clientCredentialGrants: 0,
    ordersServed: 0,
    requestLines: [],
    servedVersions: [],
    codeExchanges: [],
  };
  const counters = stats;
  const oauth: OAuthOptions = {
    app,
    consent: opts.consent ?? 'auto',
    withheldScopes: opts.withheldScopes ?? [],
    allowRedirect: opts.allowRedirect ?? ((u) => /^http:\/\/127\.0\.0\.1:\d+\/callback$/.test(u)),
    badHmac: opts.badHmac ?? false,
    clock,
    counters,
    clientCredentials: {
      app,
      ...(opts.installedOn ? { installedOn: opts.installedOn.map((x) => x.toLowerCase()) } : {}),
      scopes: opts.appScopes ?? ['read_orders', 'read_all_orders'],
      lifetimeSec: opts.clientCredentialsLifetimeSec ?? CLIENT_CREDENTIALS_LIFETIME_SEC,
    },
  };
  const bucketFor = (map: Map<string, CostBucket>, shop: string, max: number, rate: number) => {
    let b = map.get(shop);
    if (!b) map.set(shop, (b = new CostBucket(max, rate, clock)));
    return b;
  };

  const server = createServer((req, res) => {
    stats.requests += 1;
    const url = new URL(req.url ?? '/', 'http://sim.invalid');
    stats.requestLines.push(`${req.method} ${url.pathname}${url.search}`);
    if (stats.requestLines.length > 2000) stats.requestLines.shift();
    const dl = /^\/bulk-results\/(\d+)\.jsonl$/.exec(url.pathname);
    if (dl && req.method === 'GET') {
      const range = req.headers.range;
      return bulk.serve(dl[1]!, url.searchParams.get('sig'), typeof range === 'string' ? range : undefined, res);
    }
    const m = /^\/shops\/([^/]+)(\/.*)$/.exec(url.pathname);
    if (!m || !SHOP_RE.test(m[1]!)) return sendJson(res, 404, { errors: 'Not Found' });
    const shop = m[1]!.toLowerCase();
    const rest = m[2]!;
    void (async () => {
      if (await handleOAuth(req, res, url, shop, rest, auth, oauth)) return;
      const api = /^\/admin\/api\/([^/]+)\/(graphql|shop)\.json$/.exec(rest);
      const isGraphql = req.method === 'POST' && api?.[2] === 'graphql';
      const isShop = req.method === 'GET' && api?.[2] === 'shop';
      if (!api || (!isGraphql && !isShop)) return sendJson(res, 404, { errors: 'Not Found' });
      const served = versions.resolve(api[1]!);
      stats.servedVersions.push(served.served);
      if (stats.servedVersions.length > 2000) stats.servedVersions.shift();
      const body = isGraphql ? await readBody(req, 256 * 1024) : '';
      const fail = failures.next();
      if (fail) {
        stats.injectedFailures += 1;
        return sendJson(res, fail, { errors: 'Internal Server Error' });
      }
      const header = req.headers['x-shopify-access-token'];
      const token = auth.lookup(typeof header === 'string' ? header : undefined, shop);
      if (!token) return sendJson(res, 401, INVALID_TOKEN, versions.headers(served));
      if (isShop) {
        stats.restRequests += 1;
        const b = bucketFor(restBuckets, shop, opts.restBucketSize ?? 40, opts.restLeakRate ?? 2);
        const max = opts.restBucketSize ?? 40;
        if (!b.take(1)) {
          stats.throttled += 1;
          return sendJson(
            res,
            429,
            { errors: 'Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.' },
            {
              ...versions.headers(served),
              'retry-after': (Math.max(1, b.msUntil(1)) / 1000).toFixed(1),
              'x-shopify-shop-api-call-limit': `${max}/${max}`,
            },
          );
        }
        const used = max - b.status().currentlyAvailable;
        return sendJson(
          res,
          200,
          { shop: { name: shop.replace(/\.myshopify\.com$/, ''), myshopify_domain: shop, currency: book.get(1).currency } },
          {
            ...versions.headers(served),
            'x-shopify-shop-api-call-limit': `${used}/${max}`,
          },
        );
      }
      stats.graphqlRequests += 1;
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        return sendJson(res, 400, { errors: { query: 'Required parameter missing or invalid' } }, versions.headers(served));
      }
      const bucket = bucketFor(gqlBuckets, shop, opts.maxAvailable ?? 2000, opts.restoreRate ?? 100);
      const other = bulk.answer(parsed, bucket, token, shop);
      const query = (parsed as { query?: unknown } | null)?.query;
      // currentBulkOperation is deprecated from 2026-01 ("Use `bulkOperations` with status filter instead":
      // shopify.dev/docs/api/admin-graphql/latest/queries/currentBulkOperation); using it is flagged as for any field.
      if (other.handled)
        return sendJson(res, 200, other.body, versions.headers(served, deprecatedFieldsUsed(query, [...deprecatedFields, ...BULK_DEPRECATED])));
      const answer = answerOrdersQuery(parsed, book, bucket, token, clock(), style);
      if (answer.throttled) stats.throttled += 1;
      stats.ordersServed += answer.served;
      const used = deprecatedFieldsUsed(query, deprecatedFields);
      sendJson(res, 200, answer.body, versions.headers(served, used));
    })().catch(() => {
      if (!res.headersSent) sendJson(res, 500, { errors: 'Internal Server Error' });
      else res.destroy();
    });
  });
  const { baseUrl, close } = await listenLocal(server);
  base = baseUrl;

  return {
    baseUrl,
    /** Replaces `https://{shop}` in endpoint templates. */
    shopBaseTemplate: `${baseUrl}/shops/{shop}`,
    shopBase: (shop: string) => `${baseUrl}/shops/${shop}`,
    /** The GraphQL endpoint of `version` (default: the newest supported version). */
    graphqlUrl: (shop: string, version = versions.latest) => `${baseUrl}/shops/${shop}/admin/api/${version}/graphql.json`,
    supportedVersions: versions.supported,
    app,
    close,
    /** Bulk operations run on this simulator, and their poll / download counters. */
    bulk,
    stats: (): ShopifyStats => ({
      ...stats,
      requestLines: [...stats.requestLines],
      servedVersions: [...stats.servedVersions],
      codeExchanges: [...stats.codeExchanges],
    }),
    /** A custom-app Admin API access token (what the `shopify-token` profile's admin pastes). */
    issueToken: (shop: string, scopes: string[] = ['read_orders', 'read_all_orders']): string =>
      auth.issue({ shop, clientId: 'custom-app', scopes }, false).access_token,
    /** Tokens as from the token endpoint (optionally the expiring shape with a refresh token). */
    issueTokens: (shop: string, scopes: string[], expiring: boolean): IssuedTokens => auth.issue({ shop, clientId: app.clientId, scopes }, expiring),
    expireAccessTokens: () => auth.expireAccessTokens(),
    isTokenValid: (shop: string, token: string) => auth.lookup(token, shop) !== undefined,
    failNext: (count: number, status = 503) => failures.failNext(count, status),
    touchOrders: (n: number) => book.touch(n).map((i) => `${SHOPIFY_ID_BASE + i}`),
    addOrders: (n: number) => book.add(n).map((i) => `${SHOPIFY_ID_BASE + i}`),
    orderCount: () => book.size,
    /** Every order as the API would send it, in updated order, plus its exact total in minor units. */
    orderSnapshot: () => book.all().map((o) => ({ platformId: `${SHOPIFY_ID_BASE + o.index}`, totalMinor: o.totalMinor, node: shopifyNode(o, style) })),
  };
}

export type ShopifySimulator = Awaited<ReturnType<typeof startShopifySimulator>>;
