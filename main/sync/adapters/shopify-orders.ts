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
import { fetchShopifyPage, type ShopifySyncOptions } from './shopify-bulk.ts';
import type { GraphqlResult, ShopifyGraphql } from './shopify-windows.ts';
import { MoneyFormatError, parseDecimalAmount, type ExactAmount } from '../money.ts';
import {
  onOneExponent,
  parseRetryAfter,
  RateLimitedError,
  rawValues,
  type FinancialStatus,
  type NormalizedRefund,
  TransientApiError,
  type AdapterContext,
  type NormalizedOrder,
  type OrderAdapter,
  type PageRequest,
  type PageResult,
} from '../order-adapter.ts';

/**
 * Order fields (shopify.dev/docs/api/admin-graphql/latest/objects/Order): totalPriceSet (the order's
 * total with taxes, shipping and discounts, before refunds), subtotalPriceSet (line items after
 * discounts, before shipping and taxes; "If `taxesIncluded` is `true`, then the subtotal also includes tax"),
 * totalDiscountsSet (order and line item discounts), totalShippingPriceSet, totalTaxSet, `taxesIncluded`,
 * `taxLines` ("all tax lines applied to line items on the order", a plain list of objects/TaxLine, so it
 * works in a bulk query too), `test`, `refunds` (objects/Refund: id, createdAt, totalRefundedSet). All in
 * shop money (MoneyBag.shopMoney: one currency per order). docs/figures.md. Checked against the Admin schema
 * of 2026-01, 2026-04 and 2026-07 (docs/shopify.md).
 */
export const SHOPIFY_ORDERS_QUERY = `query StorelinkOrders($first: Int!, $after: String, $query: String) {
  orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    edges { node { id name createdAt updatedAt displayFinancialStatus displayFulfillmentStatus cancelledAt test
      totalPriceSet { shopMoney { amount currencyCode } } subtotalPriceSet { shopMoney { amount currencyCode } }
      totalDiscountsSet { shopMoney { amount currencyCode } } totalShippingPriceSet { shopMoney { amount currencyCode } }
      totalTaxSet { shopMoney { amount currencyCode } } refunds { id createdAt totalRefundedSet { shopMoney { amount currencyCode } } }
      taxesIncluded taxLines { priceSet { shopMoney { amount currencyCode } } } currentSubtotalLineItemsQuantity } }
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

/**
 * OrderDisplayFinancialStatus (shopify.dev/docs/api/admin-graphql/latest/enums/OrderDisplayFinancialStatus)
 * -> the common set. EXPIRED (an authorization that lapsed uncaptured) reads as voided.
 */
const FINANCIAL: Record<string, FinancialStatus> = {
  AUTHORIZED: 'authorized',
  EXPIRED: 'voided',
  PAID: 'paid',
  PARTIALLY_PAID: 'partially_paid',
  PARTIALLY_REFUNDED: 'partially_refunded',
  PENDING: 'pending',
  REFUNDED: 'refunded',
  VOIDED: 'voided',
};

type MoneyBag = { shopMoney?: { amount?: unknown; currencyCode?: unknown } } | null | undefined;

/**
 * Every CurrencyCode value (shopify.dev/docs/api/admin-graphql/latest/enums/CurrencyCode) is three letters except
 * `USDC` ("United States Dollars Coin"; checked in the 2026-01, 2026-04 and 2026-07 schemas). `XXX` is
 * "Unrecognized currency": no amount in it can be read.
 */
const CURRENCY_CODE = /^(?:[A-Z]{3}|USDC)$/;

/**
 * One MoneyBag's shop money, exactly (Shopify's `Decimal` has arbitrary precision: money.ts keeps the extra
 * decimals). Throws MoneyFormatError.
 */
function shopMoney(bag: MoneyBag, currency: string, what: string): ExactAmount {
  const m = bag?.shopMoney;
  if (typeof m?.amount !== 'string') throw new MoneyFormatError(`${what} has no amount`);
  if (m.currencyCode !== currency) throw new MoneyFormatError(`${what} is in ${String(m.currencyCode)}, not ${currency}`);
  return parseDecimalAmount(m.amount, currency);
}

/** A nullable MoneyBag (the schema lets subtotalPriceSet, totalDiscountsSet, totalTaxSet be null): null = not available. */
function optionalMoney(bag: MoneyBag, currency: string, what: string): ExactAmount | undefined {
  return bag === null ? undefined : shopMoney(bag, currency, what);
}

/** `a - b + c` of the figures on one exponent, or undefined when one is not available. */
function combine(what: string, a: number | undefined, ...rest: Array<number | undefined>): number | undefined {
  if (a === undefined || rest.some((x) => x === undefined)) return undefined;
  const v = rest.reduce<number>((sum, x) => sum + x!, a);
  if (!Number.isSafeInteger(v)) throw new MoneyFormatError(`the ${what} is too large`);
  return v;
}

/**
 * One GraphQL `Order` node -> NormalizedOrder. Money exactly from MoneyV2's decimal strings, all amounts on
 * one exponent; money that cannot be read (unknown currency, unreadable amount) makes the ORDER "needs
 * attention" with its raw values, never a failed page. An order without id or dates is not an order: that
 * fails the page. docs/figures.md:
 *  - gross = subtotal + discounts (Shopify's sales report: gross sales are before discounts and taxes); when
 *    `taxesIncluded`, the subtotal holds the line items' tax, so gross = subtotal - sum(taxLines) + discounts.
 *  - shipping: when `taxesIncluded` the shipping lines' prices hold their tax (objects/ShippingLine), which is
 *    the part of totalTaxSet not on line items: shipping = totalShippingPriceSet - (totalTaxSet - sum(taxLines)).
 *    So gross - discounts + shipping + tax = subtotal + shipping in both cases, as totalPriceSet.
 *  - a null subtotal, discounts or tax makes that figure (and those computed from it) not available for the
 *    order; its total still counts. A refund without `createdAt` makes the order's returns not available
 *    (a refund counts on its own day, which is then unknown).
 */
export function normalizeShopifyOrder(node: unknown): NormalizedOrder {
  if (!node || typeof node !== 'object') throw bad('Shopify sent an order that is not an object.');
  const n = node as Record<string, unknown>;
  const id = /^gid:\/\/shopify\/Order\/(\d+)$/.exec(str(n.id, 'id'));
  if (!id) throw bad('Shopify sent an order id in an unknown format.');
  const qty = n.currentSubtotalLineItemsQuantity;
  const fulfillment = typeof n.displayFulfillmentStatus === 'string' ? n.displayFulfillmentStatus : 'UNFULFILLED';
  const financial = typeof n.displayFinancialStatus === 'string' ? n.displayFinancialStatus : 'UNKNOWN';
  const total = n.totalPriceSet as MoneyBag;
  const rawCurrency = total?.shopMoney?.currencyCode;
  const currency = typeof rawCurrency === 'string' ? rawCurrency.toUpperCase() : '';
  const base = {
    platformId: id[1]!,
    orderNumber: str(n.name, 'name'),
    createdAt: time(n.createdAt, 'createdAt'),
    updatedAt: time(n.updatedAt, 'updatedAt'),
    status: n.cancelledAt ? 'cancelled' : fulfillment.toLowerCase(),
    financialStatus: FINANCIAL[financial] ?? 'pending',
    financialStatusRaw: financial,
    cancelled: Boolean(n.cancelledAt),
    test: n.test === true,
    itemCount: typeof qty === 'number' && Number.isSafeInteger(qty) && qty >= 0 ? qty : 0,
  };
  const refundsRaw = Array.isArray(n.refunds) ? (n.refunds as Array<{ id?: unknown; createdAt?: unknown; totalRefundedSet?: MoneyBag }>) : [];
  const taxLinesRaw = n.taxLines as Array<{ priceSet?: MoneyBag }> | undefined;
  try {
    if (!CURRENCY_CODE.test(currency) || currency === 'XXX') throw new MoneyFormatError(`unknown currency code ${JSON.stringify(rawCurrency)}`);
    if (typeof qty !== 'number' || !Number.isSafeInteger(qty) || qty < 0) throw new MoneyFormatError('the item count is not a whole number');
    if (typeof n.taxesIncluded !== 'boolean') throw new MoneyFormatError('Shopify did not say whether its prices include tax');
    const included = n.taxesIncluded;
    if (included && !Array.isArray(taxLinesRaw)) throw new MoneyFormatError('the tax lines are missing');
    for (const r of refundsRaw) if (typeof r?.id !== 'string') throw new MoneyFormatError('a refund has no id');
    // Refund.createdAt is nullable: without every refund's date, returns are not available for this order.
    const refundTimes = refundsRaw.map((r) => (typeof r.createdAt === 'string' ? Date.parse(r.createdAt) : NaN));
    if (refundsRaw.some((r, i) => r.createdAt !== null && !Number.isFinite(refundTimes[i]))) throw new MoneyFormatError('a refund date is not a date');
    const datedRefunds = refundTimes.every((t) => Number.isFinite(t));
    const lineTaxes = included ? taxLinesRaw!.map((t) => shopMoney(t?.priceSet, currency, 'a tax line')) : [];
    const amounts = [
      shopMoney(total, currency, 'the total'),
      optionalMoney(n.subtotalPriceSet as MoneyBag, currency, 'the subtotal'),
      optionalMoney(n.totalDiscountsSet as MoneyBag, currency, 'the discounts'),
      shopMoney(n.totalShippingPriceSet as MoneyBag, currency, 'the shipping'),
      optionalMoney(n.totalTaxSet as MoneyBag, currency, 'the taxes'),
      ...refundsRaw.map((r) => shopMoney(r.totalRefundedSet, currency, 'a refund')),
      ...lineTaxes,
    ];
    const { exponent, minors } = onOneExponent(amounts);
    const [totalMinor, subtotal, discounts, shippingCharged, tax] = minors;
    const refundMinors = minors.slice(5, 5 + refundsRaw.length) as number[];
    const lineTax = minors.slice(5 + refundsRaw.length).reduce<number>((sum, t) => combine('tax of the line items', sum, t)!, 0);
    const refunds: NormalizedRefund[] = refundsRaw.map((r, i) => ({ id: String(r.id), at: refundTimes[i]!, amountMinor: refundMinors[i]! }));
    const gross = included ? combine('gross amount', subtotal, -lineTax, discounts) : combine('gross amount', subtotal, discounts);
    const shipping = included ? combine('shipping', shippingCharged, lineTax, tax === undefined ? undefined : -tax) : shippingCharged;
    return {
      ...base,
      currency,
      totalMinor: totalMinor!,
      totalExponent: exponent,
      ...(gross !== undefined ? { grossMinor: gross } : {}),
      ...(discounts !== undefined ? { discountsMinor: discounts } : {}),
      ...(shipping !== undefined ? { shippingMinor: shipping } : {}),
      ...(tax !== undefined ? { taxMinor: tax } : {}),
      ...(datedRefunds ? { refunds } : {}),
    };
  } catch (e) {
    if (!(e instanceof MoneyFormatError)) throw e;
    return {
      ...base,
      currency: currency.slice(0, 16) || '?',
      totalMinor: 0,
      totalExponent: 0,
      attention: {
        reason: `Storelink could not read this order's money: ${e.message}.`,
        raw: rawValues({
          total: total?.shopMoney,
          taxesIncluded: n.taxesIncluded,
          refunds: refundsRaw.map((r) => r?.totalRefundedSet?.shopMoney),
          itemCount: qty,
        }),
      },
    };
  }
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
    // 2 (2026-12): gross without the tax of tax-inclusive orders, null figures as "not available" and
    // every CurrencyCode (USDC) read: orders stored by revision 1 are read again once (sync-engine.ts).
    revision: 2,
    /** One page: a window of the `orders` connection (shopify.dev/docs/api/usage/pagination-graphql) or of a bulk result. */
    async fetchPage(ctx: AdapterContext, request: PageRequest): Promise<PageResult> {
      ctx.signal.throwIfAborted();
      return fetchShopifyPage(api, ctx, request, options);
    },
  };
}

export const shopifyOrderAdapter: OrderAdapter = createShopifyOrderAdapter();
