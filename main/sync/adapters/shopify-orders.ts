/**
 * Shopify orders through the Admin GraphQL API: the `orders` connection filtered by
 * `updated_at:>=` and sorted by UPDATED_AT, 250 per page, cursor pagination.
 * Specs: shopify.dev/docs/api/admin-graphql/latest/queries/orders,
 * shopify.dev/docs/api/usage/pagination-graphql, shopify.dev/docs/api/usage/rate-limits.
 * Throttling arrives as HTTP 200 with `errors[].extensions.code = THROTTLED`; the cost bucket in
 * `extensions.cost.throttleStatus` tells how long to wait before the next query fits.
 * Versioning (https://shopify.dev/docs/api/usage/versioning): the path names SHOPIFY_API_VERSION; a
 * retired version is silently served by the oldest supported one, so a response whose
 * `X-Shopify-API-Version` differs from the one asked, or that carries `X-Shopify-API-Deprecated-Reason`
 * (shopify.dev/changelog/graphql-return-actual-deprecation-reasons), becomes a page warning.
 */
import { ApiError, ErrorCode } from '../../core/errors.ts';
import { SHOPIFY_API_VERSION, shopifyApiPath } from '../../core/providers/shopify.ts';
import type { HttpResponse } from '../../core/ports.ts';
import { decimalToMinor } from '../money.ts';
import { fetchShopifyPage, type ShopifySyncOptions } from './shopify-bulk.ts';
import type { GraphqlResult, ShopifyGraphql } from './shopify-windows.ts';
import {
  parseRetryAfter,
  RateLimitedError,
  TransientApiError,
  type AdapterContext,
  type NormalizedOrder,
  type OrderAdapter,
  type PageRequest,
  type PageResult,
} from '../order-adapter.ts';

export const SHOPIFY_ORDERS_QUERY = `query StorelinkOrders($first: Int!, $after: String, $query: String) {
  orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    edges { node { id name createdAt updatedAt displayFinancialStatus displayFulfillmentStatus cancelledAt
      currentTotalPriceSet { shopMoney { amount currencyCode } } currentSubtotalLineItemsQuantity } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** Relative to the API base, which is the shop's origin (`https://{shop}/`). */
export const SHOPIFY_GRAPHQL_PATH = shopifyApiPath('graphql.json');

/**
 * Warnings for the admin from a response's version headers (header names are lower-cased by the
 * HttpPort). Header values are trimmed and capped: they come from the network.
 */
export function versionWarnings(headers: Record<string, string>, requested = SHOPIFY_API_VERSION): string[] {
  const out: string[] = [];
  const clip = (v: string) =>
    v
      .replace(/[\u0000-\u001f\u007f]/g, ' ')
      .trim()
      .slice(0, 200);
  const served = headers['x-shopify-api-version'];
  if (served !== undefined && clip(served) !== requested) {
    out.push(
      `Shopify answered with API version ${clip(served) || '(none)'} instead of ${requested}, which it no longer supports. ` +
        'Orders still sync, but update Storelink so it uses a supported Shopify API version.',
    );
  }
  const reason = headers['x-shopify-api-deprecated-reason'];
  if (reason !== undefined) {
    out.push(
      `Shopify says Storelink uses API features it has deprecated (${clip(reason) || 'no details given'}). Orders still sync; update Storelink before Shopify removes them.`,
    );
  }
  return out;
}

interface Cost {
  requestedQueryCost?: number;
  throttleStatus?: { maximumAvailable?: number; currentlyAvailable?: number; restoreRate?: number };
}

const bad = (message: string, cause?: unknown) => new ApiError(ErrorCode.BadResponse, message, { cause });

/** Milliseconds until `need` points are back in the bucket (0 when they already are). */
export function costWaitMs(cost: Cost | undefined, need: number): number {
  const t = cost?.throttleStatus;
  if (!t || typeof t.currentlyAvailable !== 'number' || typeof t.restoreRate !== 'number' || t.restoreRate <= 0) return 0;
  return t.currentlyAvailable >= need ? 0 : Math.ceil(((need - t.currentlyAvailable) / t.restoreRate) * 1000);
}

function checkStatus(res: HttpResponse): void {
  if (res.status === 200) return;
  if (res.status === 429) throw new RateLimitedError(parseRetryAfter(res.headers['retry-after'], Date.now(), 2000));
  if (res.status >= 500) throw new TransientApiError(`Shopify answered HTTP ${res.status}`);
  if (res.status === 401) throw new ApiError(ErrorCode.Unauthorized, 'Shopify did not accept the access token.', { status: 401 });
  if (res.status === 402) throw new ApiError(ErrorCode.SyncFailed, 'This Shopify store is frozen (unpaid plan), so its API is closed.', { status: 402 });
  if (res.status === 403) throw new ApiError(ErrorCode.InsufficientScope, 'Shopify refused access to orders.', { status: 403, missingScope: 'read_orders' });
  if (res.status === 404) throw bad('Shopify has no store or API at this address.');
  throw bad(`Shopify answered HTTP ${res.status}.`);
}

function parseJson(res: HttpResponse): { data?: unknown; errors?: unknown; extensions?: { cost?: Cost } } {
  const type = res.headers['content-type'] ?? '';
  if (!type.includes('json') || /^\s*</.test(res.body)) throw bad('Shopify answered with a web page instead of API data.');
  try {
    const v: unknown = JSON.parse(res.body);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as never;
  } catch (e) {
    throw bad('Shopify answered with malformed JSON.', e);
  }
  throw bad('Shopify answered with unexpected JSON.');
}

function handleErrors(errors: unknown, cost: Cost | undefined, first: number): void {
  if (!Array.isArray(errors) || errors.length === 0) return;
  const codes = errors.map((e: { extensions?: { code?: unknown } }) => e?.extensions?.code);
  if (codes.includes('THROTTLED')) {
    const need = cost?.requestedQueryCost ?? first + 2;
    throw new RateLimitedError(Math.max(costWaitMs(cost, need), 250), 'Shopify query cost limit reached');
  }
  if (codes.includes('ACCESS_DENIED')) {
    throw new ApiError(ErrorCode.InsufficientScope, 'The Shopify connection may not read orders.', { missingScope: 'read_orders' });
  }
  const first0 = errors[0] as { message?: unknown };
  const msg = typeof first0?.message === 'string' ? first0.message.slice(0, 200) : 'unknown error';
  throw bad(`Shopify rejected the orders query: ${msg}`);
}

const str = (v: unknown, what: string): string => {
  if (typeof v !== 'string') throw bad(`Shopify order field ${what} is missing.`);
  return v;
};
const time = (v: unknown, what: string): number => {
  const t = Date.parse(str(v, what));
  if (!Number.isFinite(t)) throw bad(`Shopify order field ${what} is not a date.`);
  return t;
};

/** One GraphQL `Order` node -> NormalizedOrder (money from MoneyV2's decimal string, exactly). */
export function normalizeShopifyOrder(node: unknown): NormalizedOrder {
  if (!node || typeof node !== 'object') throw bad('Shopify sent an order that is not an object.');
  const n = node as Record<string, unknown>;
  const id = /^gid:\/\/shopify\/Order\/(\d+)$/.exec(str(n.id, 'id'));
  if (!id) throw bad('Shopify sent an order id in an unknown format.');
  const money = (n.currentTotalPriceSet as { shopMoney?: { amount?: unknown; currencyCode?: unknown } } | null)?.shopMoney;
  const currency = str(money?.currencyCode, 'currencyCode');
  let totalMinor: number;
  try {
    totalMinor = decimalToMinor(str(money?.amount, 'amount'), currency);
  } catch (e) {
    throw bad('Shopify sent an order total that is not an exact amount.', e);
  }
  const qty = n.currentSubtotalLineItemsQuantity;
  if (typeof qty !== 'number' || !Number.isSafeInteger(qty) || qty < 0) throw bad('Shopify sent a bad item count.');
  const fulfillment = typeof n.displayFulfillmentStatus === 'string' ? n.displayFulfillmentStatus : 'UNFULFILLED';
  const financial = typeof n.displayFinancialStatus === 'string' ? n.displayFinancialStatus : 'UNKNOWN';
  return {
    platformId: id[1]!,
    orderNumber: str(n.name, 'name'),
    createdAt: time(n.createdAt, 'createdAt'),
    updatedAt: time(n.updatedAt, 'updatedAt'),
    status: n.cancelledAt ? 'cancelled' : fulfillment.toLowerCase(),
    financialStatus: financial.toLowerCase(),
    currency: currency.toUpperCase(),
    totalMinor,
    itemCount: qty,
  };
}

/** The GraphQL client the windows and the bulk export share (shopify-windows.ts, shopify-bulk.ts). */
async function graphqlCall(ctx: AdapterContext, query: string, variables: Record<string, unknown>): Promise<GraphqlResult> {
  const res = await ctx.request({
    method: 'POST',
    url: SHOPIFY_GRAPHQL_PATH,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  checkStatus(res);
  const json = parseJson(res);
  const cost = json.extensions?.cost;
  handleErrors(json.errors, cost, typeof variables.first === 'number' ? variables.first : 1);
  const max = cost?.throttleStatus?.maximumAvailable;
  return {
    data: json.data,
    warnings: versionWarnings(res.headers),
    ...(typeof max === 'number' ? { maximumAvailable: max } : {}),
    waitFor: (need) => costWaitMs(cost, need),
  };
}

/**
 * Orders in `updated_at` windows of at most 25,000 objects (shopify-windows.ts); a first sync of more
 * than `bulkThreshold` orders as a Bulk Operation (shopify-bulk.ts).
 */
export function createShopifyOrderAdapter(options: ShopifySyncOptions = {}): OrderAdapter {
  const api: ShopifyGraphql = { call: graphqlCall, normalize: normalizeShopifyOrder, ordersQuery: SHOPIFY_ORDERS_QUERY };
  return {
    id: 'shopify',
    /** One page: a window of the `orders` connection (shopify.dev/docs/api/usage/pagination-graphql) or of a bulk result. */
    async fetchPage(ctx: AdapterContext, request: PageRequest): Promise<PageResult> {
      ctx.signal.throwIfAborted();
      return fetchShopifyPage(api, ctx, request, options);
    },
  };
}

export const shopifyOrderAdapter: OrderAdapter = createShopifyOrderAdapter();
