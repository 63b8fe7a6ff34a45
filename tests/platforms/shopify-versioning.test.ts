/**
 * Shopify API versioning (https://shopify.dev/docs/api/usage/versioning): the simulator serves the
 * supported quarterly versions, answers with `X-Shopify-API-Version`, falls forward from a retired
 * version to the oldest supported one with `X-Shopify-API-Deprecated-Reason`
 * (shopify.dev/changelog/graphql-return-actual-deprecation-reasons); the real adapter and the sync
 * engine turn those headers into warnings for the admin.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SHOPIFY_API_VERSION, shopifyApiPath } from '../../main/core/providers/shopify.ts';
import { SHOPIFY_GRAPHQL_PATH, SHOPIFY_ORDERS_QUERY, shopifyOrderAdapter, versionWarnings } from '../../main/sync/adapters/shopify-orders.ts';
import { OrderStore } from '../../main/sync/order-store.ts';
import { SyncEngine } from '../../main/sync/sync-engine.ts';
import { DEFAULT_SUPPORTED_VERSIONS, DEPRECATION_PRACTICES_URL } from '../simulators/shopify/api-versions.ts';
import { fetchAllPages, fetchHttp, makeContext } from '../simulators/shopify/adapter-driver.ts';
import { startShopifySimulator, type ShopifySimulator } from '../simulators/shopify/server.ts';

const SHOP = 'version-shop.myshopify.com';
const FAST = { maxAvailable: 1e6, restoreRate: 1e6 };

function query(sim: ShopifySimulator, version: string, token: string, doc = SHOPIFY_ORDERS_QUERY) {
  return fetch(sim.graphqlUrl(SHOP, version), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-shopify-access-token': token },
    body: JSON.stringify({ query: doc, variables: { first: 5, after: null, query: null } }),
  });
}

test('the API version lives in one constant: 2026-10, and the adapter path derives from it', () => {
  assert.equal(SHOPIFY_API_VERSION, '2026-10');
  assert.equal(SHOPIFY_GRAPHQL_PATH, `admin/api/${SHOPIFY_API_VERSION}/graphql.json`);
  assert.equal(shopifyApiPath('shop.json'), `admin/api/${SHOPIFY_API_VERSION}/shop.json`);
  assert.deepEqual([...DEFAULT_SUPPORTED_VERSIONS], ['2026-01', '2026-04', '2026-07', '2026-10']);
  assert.ok(DEFAULT_SUPPORTED_VERSIONS.includes(SHOPIFY_API_VERSION as never), 'the adapter asks for a version the simulator supports');
});

test('simulator: a request to retired 2025-01 is served (no error) by the oldest supported version, with both headers', async () => {
  const sim = await startShopifySimulator({ count: 3, ...FAST });
  try {
    const token = sim.issueToken(SHOP);
    const res = await query(sim, '2025-01', token);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-shopify-api-version'), '2026-01');
    assert.equal(res.headers.get('x-shopify-api-deprecated-reason'), DEPRECATION_PRACTICES_URL);
    assert.equal(((await res.json()) as any).data.orders.edges.length, 3);
    // REST falls forward the same way
    const rest = await fetch(`${sim.shopBase(SHOP)}/admin/api/2025-01/shop.json`, { headers: { 'x-shopify-access-token': token } });
    assert.equal(rest.status, 200);
    assert.equal(rest.headers.get('x-shopify-api-version'), '2026-01');
    assert.ok(rest.headers.get('x-shopify-api-deprecated-reason'));
    // even a refused (401) answer says which version answered
    const denied = await query(sim, '2025-01', 'shpat_nope');
    assert.equal(denied.status, 401);
    assert.equal(denied.headers.get('x-shopify-api-version'), '2026-01');
  } finally {
    await sim.close();
  }
});

test('simulator: every supported version answers as itself; 2026-10 carries no deprecation header', async () => {
  const sim = await startShopifySimulator({ count: 1, ...FAST });
  try {
    const token = sim.issueToken(SHOP);
    for (const v of DEFAULT_SUPPORTED_VERSIONS) {
      const res = await query(sim, v, token);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('x-shopify-api-version'), v);
      assert.equal(res.headers.get('x-shopify-api-deprecated-reason'), null, v);
    }
    assert.deepEqual(sim.stats().servedVersions, [...DEFAULT_SUPPORTED_VERSIONS]);
  } finally {
    await sim.close();
  }
});

test('simulator: the supported list is configurable; a deprecated field is named in the header (2025-04+ format)', async () => {
  const sim = await startShopifySimulator({
    count: 1,
    ...FAST,
    supportedVersions: ['2026-07', '2026-10', '2027-01', '2027-04'],
    deprecatedFields: ['Order.cancelledAt'],
  });
  try {
    const token = sim.issueToken(SHOP);
    const old = await query(sim, '2026-01', token);
    assert.equal(old.headers.get('x-shopify-api-version'), '2026-07');
    const res = await query(sim, '2027-04', token);
    assert.equal(res.headers.get('x-shopify-api-version'), '2027-04');
    assert.equal(res.headers.get('x-shopify-api-deprecated-reason'), 'Order.cancelledAt');
  } finally {
    await sim.close();
  }
});

test('adapter: current version -> no warnings; served as another version -> a plain-words warning on every page, orders still sync', async () => {
  const current = await startShopifySimulator({ count: 600, ...FAST });
  const later = await startShopifySimulator({ count: 600, ...FAST, supportedVersions: ['2027-01', '2027-04', '2027-07', '2027-10'] });
  try {
    for (const sim of [current, later]) {
      const ctx = makeContext({ apiBase: `${sim.shopBase(SHOP)}/`, credentialHeaders: { 'x-shopify-access-token': sim.issueToken(SHOP) } });
      const run = await fetchAllPages(shopifyOrderAdapter, ctx);
      assert.equal(run.orders.length, 600);
      assert.ok(run.pages.length >= 3);
      if (sim === current) {
        assert.ok(
          run.pages.every((p) => p.warnings === undefined),
          JSON.stringify(run.pages.map((p) => p.warnings)),
        );
      } else {
        for (const p of run.pages) {
          assert.equal(p.warnings?.length, 2);
          assert.match(p.warnings![0]!, /API version 2027-01 instead of 2026-10/);
          assert.match(p.warnings![1]!, /deprecated/);
        }
      }
    }
  } finally {
    await current.close();
    await later.close();
  }
});

test('adapter: a deprecation header alone (same version) is a warning too; header values are cleaned and capped', () => {
  assert.deepEqual(versionWarnings({ 'x-shopify-api-version': SHOPIFY_API_VERSION }), []);
  const w = versionWarnings({ 'x-shopify-api-version': SHOPIFY_API_VERSION, 'x-shopify-api-deprecated-reason': `Order.name\u0007${'x'.repeat(500)}` });
  assert.equal(w.length, 1);
  assert.match(w[0]!, /deprecated \(Order\.name x+\)/);
  assert.ok(w[0]!.length < 400);
});

test('sync engine: the run outcome carries the adapter warnings once each (what the admin is shown)', async () => {
  const sim = await startShopifySimulator({ count: 700, ...FAST, supportedVersions: ['2027-01', '2027-04', '2027-07', '2027-10'] });
  const store = new OrderStore(':memory:');
  try {
    const token = sim.issueToken(SHOP);
    const base = new URL(`${sim.shopBase(SHOP)}/`);
    const engine = new SyncEngine({
      store,
      adapters: { shopify: shopifyOrderAdapter },
      host: {
        listTargets: () => [{ connectionId: 'c1', adapterId: 'shopify', fields: { shop: SHOP }, active: true }],
        request: (_id, req) =>
          fetchHttp.request({ ...req, url: new URL(req.url, base).toString(), headers: { ...req.headers, 'x-shopify-access-token': token } }),
      },
    });
    const outcome = await engine.syncNow('c1');
    assert.equal(outcome.result, 'ok', JSON.stringify(outcome.error));
    assert.equal(outcome.orders, 700);
    assert.equal(outcome.warnings?.length, 2, JSON.stringify(outcome.warnings));
    assert.match(outcome.warnings![0]!, /2027-01 instead of 2026-10/);
    assert.ok(outcome.warnings!.every((w) => !w.includes(token)));
  } finally {
    store.close();
    await sim.close();
  }
});
