/**
 * The one GraphQL document the Storelink adapter sends: the Admin API `orders` connection
 * (shopify.dev/docs/api/admin-graphql/latest/queries/orders) with cursor pagination
 * (shopify.dev/docs/api/usage/pagination-graphql) and cost-based throttling
 * (shopify.dev/docs/api/usage/rate-limits#graphql-admin-api-rate-limits). No GraphQL parser: the
 * document must have the known shape and select only known fields, else a GraphQL error.
 */
import type { BookOrder, OrderBook } from './order-book.ts';
import { bookFigures, shopifyDecimal } from './order-book.ts';
import type { CostBucket } from './cost-bucket.ts';
import type { TokenInfo } from './auth-state.ts';

const DOC =
  /^query\s*\w*\s*\(\s*\$first\s*:\s*Int!\s*,\s*\$after\s*:\s*String\s*,\s*\$query\s*:\s*String\s*\)\s*\{\s*orders\s*\(\s*first\s*:\s*\$first\s*,\s*after\s*:\s*\$after\s*,\s*query\s*:\s*\$query\s*,\s*sortKey\s*:\s*UPDATED_AT\s*\)\s*\{([\s\S]*)\}\s*\}\s*$/;

/** Every field of the simulator's Order node (objects/Order, objects/TaxLine, objects/Refund, objects/MoneyBag). */
export const ORDER_NODE_FIELDS: ReadonlySet<string> = new Set([
  'id',
  'name',
  'createdAt',
  'updatedAt',
  'displayFinancialStatus',
  'displayFulfillmentStatus',
  'cancelledAt',
  'currentTotalPriceSet',
  'shopMoney',
  'amount',
  'currencyCode',
  'currentSubtotalLineItemsQuantity',
  'totalPriceSet',
  'subtotalPriceSet',
  'totalDiscountsSet',
  'totalShippingPriceSet',
  'totalTaxSet',
  'refunds',
  'totalRefundedSet',
  'test',
  'taxesIncluded',
  'taxLines',
  'priceSet',
  'rate',
  'title',
]);
const KNOWN = new Set([...ORDER_NODE_FIELDS, 'edges', 'node', 'pageInfo', 'hasNextPage', 'endCursor']);

/**
 * Every value of the Admin API's CurrencyCode enum (shopify.dev/docs/api/admin-graphql/latest/enums/CurrencyCode,
 * 2026-01 to 2026-07 alike, deprecated BYR, STD and VEF included): the only currencies an order can be in.
 * USDC ("United States Dollars Coin") is the one code of four letters; XXX is "Unrecognized currency". ISO codes
 * such as CLF, UYI and UYW are not in it, so the simulator never serves them.
 */
export const SHOPIFY_CURRENCY_CODES: ReadonlySet<string> = new Set(
  [
    'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BYR',
    'BZD CAD CDF CHF CLP CNY COP CRC CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD',
    'GNF GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IQD IRR ISK JEP JMD JOD JPY KES KGS KHR KID KMF KRW KWD',
    'KYD KZT LAK LBP LKR LRD LSL LTL LVL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD',
    'NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP',
    'SLL SOS SRD SSP STD STN SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USDC UYU UZS VED',
    'VEF VES VND VUV WST XAF XCD XOF XPF XXX YER ZAR ZMW',
  ]
    .join(' ')
    .split(' '),
);

const FINANCIAL = ['PAID', 'PAID', 'PENDING', 'REFUNDED', 'PARTIALLY_REFUNDED', 'AUTHORIZED'];
const FULFILLMENT = ['FULFILLED', 'UNFULFILLED', 'PARTIALLY_FULFILLED'];
export const SHOPIFY_ID_BASE = 6_100_000_000_000;
/** `read_orders` alone reaches the last 60 days (shopify.dev: read_all_orders). */
const WINDOW_MS = 60 * 86_400_000;

export interface GraphqlAnswer {
  /** Shopify answers GraphQL errors, throttling included, with HTTP 200. */
  body: unknown;
  throttled: boolean;
  served: number;
}

/**
 * The refunds of an order (shopify.dev/docs/api/admin-graphql/latest/objects/Refund: `id`, `createdAt`,
 * `totalRefundedSet`): a REFUNDED order was refunded in full, a PARTIALLY_REFUNDED one by a third, when it was
 * last updated (a refund updates the order). Order.refunds is a plain list, oldest first.
 */
export function shopifyRefunds(o: BookOrder): Array<{ id: number; at: number; amountMinor: number }> {
  const status = FINANCIAL[o.bits % FINANCIAL.length];
  if (status === 'REFUNDED') return [{ id: 900_000 + o.index, at: o.updatedAt, amountMinor: o.totalMinor }];
  if (status === 'PARTIALLY_REFUNDED') return [{ id: 900_000 + o.index, at: o.updatedAt, amountMinor: Math.floor(o.totalMinor / 3) }];
  return [];
}

/**
 * How the simulated store prices and what it leaves null (both per order, from the order's bits).
 *  - `taxesIncluded` (objects/Order `taxesIncluded`: "When `true`, the subtotal and line item prices include tax
 *    amounts"): 'none' (default), 'all', or 'mixed' (about half the orders, as after the shop changed its setting).
 *  - `nulls`: the schema lets `subtotalPriceSet`, `totalDiscountsSet`, `totalTaxSet` and `Refund.createdAt` be null
 *    (objects/Order, objects/Refund: nullable fields); with `nulls: true` some orders have one of them null.
 *    When Shopify actually sends null is not documented.
 */
export interface ShopifyStoreStyle {
  taxesIncluded?: 'none' | 'all' | 'mixed';
  nulls?: boolean;
}

/** Which nullable figure an order leaves null under `nulls: true` (about one order in nine each). */
export function shopifyNullField(o: BookOrder, style: ShopifyStoreStyle): 'subtotal' | 'discounts' | 'tax' | 'refundDate' | undefined {
  if (!style.nulls) return undefined;
  return (['subtotal', 'discounts', 'tax', 'refundDate'] as const)[(o.bits >>> 13) % 9];
}

export function shopifyTaxesIncluded(o: BookOrder, style: ShopifyStoreStyle): boolean {
  const mode = style.taxesIncluded ?? 'none';
  return mode === 'all' || (mode === 'mixed' && ((o.bits >>> 17) & 1) === 1);
}

/** Order.test (objects/Order: "Whether the order is a test"): one order in 23 here. */
export const isShopifyTest = (o: BookOrder): boolean => o.bits % 23 === 0;

export function shopifyNode(o: BookOrder, style: ShopifyStoreStyle = {}): Record<string, unknown> {
  // MoneyBag (objects/MoneyBag): shopMoney in the shop's currency; Decimal text (scalars/Decimal)
  const bag = (minor: number) => ({ shopMoney: { amount: shopifyDecimal(minor, o.exponent), currencyCode: o.currency } });
  const f = bookFigures(o);
  const refunds = shopifyRefunds(o);
  const refunded = refunds.reduce((a, r) => a + r.amountMinor, 0);
  const nulled = shopifyNullField(o, style);
  const included = shopifyTaxesIncluded(o, style);
  // The order's tax (f.taxMinor) is charged on its line items and, when it ships, on shipping. Order.taxLines is
  // "all tax lines applied to line items on the order", summed per rate and title (objects/TaxLine: priceSet is
  // "the amount of tax … after discounts and before returns"): here up to two rates. totalTaxSet holds both parts.
  const shippingTax = f.shippingMinor > 0 ? Math.floor(f.taxMinor / 10) : 0;
  const lineTax = f.taxMinor - shippingTax;
  const secondRate = Math.floor(lineTax / 3);
  const taxLines = [
    { priceSet: bag(lineTax - secondRate), rate: 0.2, title: 'VAT' },
    ...(secondRate > 0 ? [{ priceSet: bag(secondRate), rate: 0.05, title: 'Reduced VAT' }] : []),
  ];
  return {
    id: `gid://shopify/Order/${SHOPIFY_ID_BASE + o.index}`,
    name: `#${1000 + o.index}`,
    createdAt: new Date(o.createdAt).toISOString(),
    updatedAt: new Date(o.updatedAt).toISOString(),
    displayFinancialStatus: FINANCIAL[o.bits % FINANCIAL.length],
    displayFulfillmentStatus: FULFILLMENT[(o.bits >>> 3) % FULFILLMENT.length],
    cancelledAt: o.bits % 17 === 0 ? new Date(o.updatedAt).toISOString() : null,
    // current*: after refunds (objects/Order currentTotalPriceSet); total*: as placed
    currentTotalPriceSet: bag(o.totalMinor - refunded),
    // totalPriceSet "includes taxes and discounts": the same total whether prices include tax or not
    totalPriceSet: bag(o.totalMinor),
    // subtotalPriceSet: line items after discounts, before shipping and taxes; "If `taxesIncluded` is `true`,
    // then the subtotal also includes tax" (objects/Order)
    subtotalPriceSet: nulled === 'subtotal' ? null : bag(f.grossMinor - f.discountsMinor + (included ? lineTax : 0)),
    totalDiscountsSet: nulled === 'discounts' ? null : bag(f.discountsMinor),
    // shipping lines' prices include taxes when Order.taxesIncluded is true (objects/ShippingLine originalPriceSet,
    // discountedPriceSet), so their total does too
    totalShippingPriceSet: bag(f.shippingMinor + (included ? shippingTax : 0)),
    totalTaxSet: nulled === 'tax' ? null : bag(f.taxMinor),
    taxesIncluded: included,
    taxLines,
    refunds: refunds.map((r) => ({
      id: `gid://shopify/Refund/${r.id}`,
      createdAt: nulled === 'refundDate' ? null : new Date(r.at).toISOString(),
      totalRefundedSet: bag(r.amountMinor),
    })),
    test: isShopifyTest(o),
    currentSubtotalLineItemsQuantity: o.itemCount,
  };
}

const gqlError = (message: string, code: string, extra: Record<string, unknown> = {}): GraphqlAnswer => ({
  body: { errors: [{ message, extensions: { code, ...extra } }] },
  throttled: false,
  served: 0,
});

/** `updated_at:>='2025-01-01T00:00:00Z'` (quotes optional) -> epoch ms; '' -> -Infinity; else undefined. */
export function parseUpdatedFilter(q: string | null | undefined): number | undefined {
  if (!q || !q.trim()) return -Infinity;
  const m = /^updated_at:>=\s*'?([^'\s]+)'?$/.exec(q.trim());
  if (!m) return undefined;
  const t = Date.parse(m[1]!);
  return Number.isFinite(t) ? t : undefined;
}

/**
 * "Shopify limits pagination of arrays of objects to 25,000 objects" (shopify.dev/docs/api/usage/limits,
 * Pagination limits); paginating past the 25,000th item is an error
 * (shopify.dev/changelog/new-pagination-limits-for-liquid-storefront-graphql-api states it for the
 * Storefront API; the limits page applies the cap to the Admin API's connections too; the error's
 * wording and code here are ours). The cursor carries `n`, the object's position in its query.
 */
export const PAGINATION_CAP = 25_000;

function decodeCursor(c: string): { u: number; i: number; n: number } | undefined {
  try {
    const v = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as { u?: unknown; i?: unknown; n?: unknown };
    return typeof v.u === 'number' && typeof v.i === 'number' ? { u: v.u, i: v.i, n: typeof v.n === 'number' ? v.n : 0 } : undefined;
  } catch {
    return undefined;
  }
}

export function answerOrdersQuery(
  raw: unknown,
  book: OrderBook,
  bucket: CostBucket,
  token: TokenInfo,
  now: number,
  style: ShopifyStoreStyle = {},
): GraphqlAnswer {
  const req = raw as { query?: unknown; variables?: Record<string, unknown> } | null;
  if (!req || typeof req.query !== 'string') return gqlError('Parse error: missing query', 'BAD_REQUEST');
  const m = DOC.exec(req.query);
  if (!m) return gqlError('This simulator only serves the Storelink orders query document', 'BAD_REQUEST');
  for (const word of m[1]!.match(/[A-Za-z_]+/g) ?? []) {
    if (!KNOWN.has(word)) return gqlError(`Field '${word}' doesn't exist on type 'Order'`, 'undefinedField');
  }
  const vars = req.variables ?? {};
  const first = vars.first;
  if (typeof first !== 'number' || !Number.isInteger(first) || first < 1 || first > 250) {
    return gqlError('Variable $first must be an integer between 1 and 250', 'BAD_REQUEST');
  }
  const since = parseUpdatedFilter(vars.query as string | null | undefined);
  if (since === undefined) return gqlError(`Unsupported search query: ${String(vars.query)}`, 'BAD_REQUEST');
  let cursor: { u: number; i: number; n: number } | undefined;
  if (vars.after !== undefined && vars.after !== null) {
    cursor = typeof vars.after === 'string' ? decodeCursor(vars.after) : undefined;
    if (!cursor) return gqlError('Invalid cursor', 'BAD_REQUEST');
    if (cursor.n >= PAGINATION_CAP) {
      return gqlError(`Pagination is limited to ${PAGINATION_CAP} objects: narrow the query with a filter or use a bulk operation`, 'BAD_REQUEST');
    }
  }
  if (!token.scopes.includes('read_orders') && !token.scopes.includes('write_orders')) {
    return gqlError('Access denied for orders field. Required access: `read_orders` access scope.', 'ACCESS_DENIED', {
      requiredAccess: '`read_orders` access scope.',
    });
  }
  const requested = 2 + first;
  if (!bucket.take(requested)) {
    return {
      body: {
        errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } }],
        extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: bucket.status() } },
      },
      throttled: true,
      served: 0,
    };
  }
  const minCreated = token.scopes.includes('read_all_orders') ? -Infinity : now - WINDOW_MS;
  let pos = cursor ? book.lowerBound(cursor.u, cursor.i + 1) : since === -Infinity ? 0 : book.lowerBound(since);
  const edges: { cursor: string; node: Record<string, unknown> }[] = [];
  let hasNext = false;
  const before = cursor?.n ?? 0;
  for (let o = book.at(pos); o; o = book.at(++pos)) {
    if (o.createdAt < minCreated) continue;
    if (edges.length === first || before + edges.length === PAGINATION_CAP) {
      hasNext = true;
      break;
    }
    const c = Buffer.from(JSON.stringify({ u: o.updatedAt, i: o.index, n: before + edges.length + 1 })).toString('base64url');
    edges.push({ cursor: c, node: shopifyNode(o, style) });
  }
  const actual = 2 + edges.length;
  bucket.refund(requested - actual);
  return {
    body: {
      data: {
        orders: {
          edges,
          pageInfo: { hasNextPage: hasNext, endCursor: edges.length ? edges[edges.length - 1]!.cursor : null },
        },
      },
      extensions: { cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: bucket.status() } },
    },
    throttled: false,
    served: edges.length,
  };
}
