/**
 * An official Shopify example order through the real Shopify adapter, over real HTTP on loopback.
 *
 * Source: the Admin GraphQL reference, mutation `orderCreate`, example "Create a comprehensive order"
 * (shopify.dev/docs/api/admin-graphql/2026-07/mutations/orderCreate; the same example in 2024-10 and
 * 2025-10). Its facts: currency EUR; one line item priced 74.99 EUR, quantity 3, with one tax line of
 * 13.5 EUR (rate 0.06); one transaction, kind SALE, status SUCCESS, 238.47 EUR; the response returns the
 * order's totalTaxSet. The `Order` node below is that order as the `orders` query would return it. Values
 * not in the example are marked DERIVED (computed from the example's facts) or OURS (not in the example
 * at all: id, name, dates). Field types per shopify.dev/docs/api/admin-graphql/latest/objects/Order,
 * objects/MoneyBag, objects/MoneyV2, scalars/Decimal.
 *
 * No npm package from Shopify ships the Admin GraphQL schema, so the query is not validated in tests; it
 * was checked once by hand against introspected Admin schemas (docs/shopify.md "Schema check").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SHOPIFY_API_VERSION } from '../../main/core/providers/shopify.ts';
import { normalizeShopifyOrder, shopifyOrderAdapter } from '../../main/sync/adapters/shopify-orders.ts';
import { fetchAllPages, makeContext } from '../simulators/shopify/adapter-driver.ts';

const EXAMPLE_ORDER_NODE = {
  id: 'gid://shopify/Order/1001', // OURS
  name: '#1001', // OURS
  createdAt: '2026-07-01T12:00:00Z', // OURS
  updatedAt: '2026-07-01T12:00:00Z', // OURS
  displayFinancialStatus: 'PAID', // DERIVED: one successful SALE transaction for the whole total
  displayFulfillmentStatus: 'UNFULFILLED', // DERIVED: the example creates no fulfillment
  cancelledAt: null,
  test: false,
  totalPriceSet: { shopMoney: { amount: '238.47', currencyCode: 'EUR' } }, // the SALE transaction's amount (= 3 x 74.99 + 13.5)
  subtotalPriceSet: { shopMoney: { amount: '224.97', currencyCode: 'EUR' } }, // DERIVED: 3 x 74.99, no discount in the example
  totalDiscountsSet: { shopMoney: { amount: '0.0', currencyCode: 'EUR' } }, // DERIVED: no discount in the example
  totalShippingPriceSet: { shopMoney: { amount: '0.0', currencyCode: 'EUR' } }, // DERIVED: no shipping line in the example
  totalTaxSet: { shopMoney: { amount: '13.5', currencyCode: 'EUR' } }, // the example's tax line, 13.5 EUR
  refunds: [],
  // DERIVED: the example sets no taxesIncluded, and OrderCreateOrderInput.taxesIncluded defaults to false
  // (shopify.dev/docs/api/admin-graphql/latest/input-objects/OrderCreateOrderInput)
  taxesIncluded: false,
  taxLines: [{ priceSet: { shopMoney: { amount: '13.5', currencyCode: 'EUR' } } }], // the example's line item tax line
  currentSubtotalLineItemsQuantity: 3, // the example's quantity
};

test('the official orderCreate example order, served as an `orders` page on loopback, goes through the real adapter with exact figures', async (t) => {
  const queries: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const ok =
        req.method === 'POST' && req.url === `/admin/api/${SHOPIFY_API_VERSION}/graphql.json` && req.headers['x-shopify-access-token'] === 'shpat_example';
      if (!ok) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"errors":"Not Found"}');
        return;
      }
      const { query } = JSON.parse(body) as { query: string };
      queries.push(query);
      const cost = { requestedQueryCost: 1, actualQueryCost: 1, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1999, restoreRate: 100 } };
      const data = query.includes('ordersCount')
        ? { ordersCount: { count: 1, precision: 'EXACT' } }
        : { orders: { edges: [{ node: EXAMPLE_ORDER_NODE }], pageInfo: { hasNextPage: false, endCursor: 'eyJsYXN0X2lkIjoxMDAxfQ' } } };
      res
        .writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'x-shopify-api-version': SHOPIFY_API_VERSION })
        .end(JSON.stringify({ data, extensions: { cost } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  const { port } = server.address() as AddressInfo;
  const ctx = makeContext({
    apiBase: `http://127.0.0.1:${port}/`,
    credentialHeaders: { 'x-shopify-access-token': 'shpat_example' },
    fields: { shop: 'example.myshopify.com' },
  });

  const run = await fetchAllPages(shopifyOrderAdapter, ctx);
  assert.deepEqual(
    queries.map((q) => (q.includes('ordersCount') ? 'ordersCount' : 'orders')),
    ['ordersCount', 'orders'],
  );
  assert.deepEqual(
    run.pages.flatMap((p) => p.warnings ?? []),
    [],
  );
  assert.equal(run.orders.length, 1);
  const order = run.orders[0]!;
  assert.deepEqual(order, normalizeShopifyOrder(EXAMPLE_ORDER_NODE));
  assert.deepEqual(
    {
      platformId: order.platformId,
      currency: order.currency,
      totalExponent: order.totalExponent,
      totalMinor: order.totalMinor,
      grossMinor: order.grossMinor,
      discountsMinor: order.discountsMinor,
      shippingMinor: order.shippingMinor,
      taxMinor: order.taxMinor,
      refunds: order.refunds,
      itemCount: order.itemCount,
      financialStatus: order.financialStatus,
      attention: order.attention,
    },
    {
      platformId: '1001',
      currency: 'EUR',
      totalExponent: 2,
      totalMinor: 23847,
      grossMinor: 22497, // subtotal + discounts: 3 x 74.99
      discountsMinor: 0,
      shippingMinor: 0,
      taxMinor: 1350, // "13.5" read exactly at EUR's two decimals
      refunds: [],
      itemCount: 3,
      financialStatus: 'paid',
      attention: undefined,
    },
  );
  // The figures add up as Shopify's report does: total = gross - discounts + shipping + tax.
  assert.equal(order.grossMinor! - order.discountsMinor! + order.shippingMinor! + order.taxMinor!, order.totalMinor);
});
