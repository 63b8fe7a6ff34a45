/**
 * The full app (core + order sync) against the Shopify simulator: own-app OAuth through the core's
 * loopback listener (or a pasted custom-app token), a full sync equal to the shop's orders, an
 * incremental sync through 5xx and GraphQL cost throttling (THROTTLED), and disconnect.
 * Specs: shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant,
 * shopify.dev/docs/api/usage/rate-limits, shopify.dev/docs/api/admin-graphql/latest/queries/orders.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createShopifyAppProfile, createShopifyTokenProfile } from '../../main/core/providers/shopify.ts';
import { SHOPIFY_ORDERS_QUERY } from '../../main/sync/adapters/shopify-orders.ts';
import { eventually } from '../helpers/core-fixture.ts';
import { startShopifySimulator, type ShopifySimulator } from '../simulators/shopify/server.ts';
import { assertStoreMatches, connectViaBrowser, makeApp, secretLeaks, statusOf, totalStored, type ExpectedOrder } from './app-fixture.ts';

const SHOP = 'app-path-shop.myshopify.com';

/** The "browser": follows the simulator's auto-approve redirect to the loopback callback. */
const autoApprove = async (url: string): Promise<string> => {
  const res = await fetch(url, { redirect: 'manual' });
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`authorize answered ${res.status}`);
  return location;
};

function expected(sim: ShopifySimulator): ExpectedOrder[] {
  return sim.orderSnapshot().map((o) => {
    const node = o.node as { updatedAt: string; test: boolean; totalPriceSet: { shopMoney: { currencyCode: string } } };
    return {
      platformId: o.platformId,
      totalMinor: o.totalMinor,
      currency: node.totalPriceSet.shopMoney.currencyCode,
      updatedAt: Date.parse(node.updatedAt),
      test: node.test,
    };
  });
}

/** Another API client of the same shop spends the shared cost bucket until fewer than 3 points are left. */
async function drainCostBucket(sim: ShopifySimulator): Promise<void> {
  const token = sim.issueToken(SHOP);
  for (const first of [250, 1]) {
    for (let i = 0; ; i++) {
      assert.ok(i < 1000, 'the bucket drains');
      const res = await fetch(sim.graphqlUrl(SHOP), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-shopify-access-token': token },
        body: JSON.stringify({ query: SHOPIFY_ORDERS_QUERY, variables: { first, after: null, query: null } }),
      });
      const body = (await res.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
      if (body.errors?.some((e) => e.extensions?.code === 'THROTTLED')) break;
    }
  }
}

test('security.md #16, #36: Shopify own-app OAuth -> sync equals the shop -> incremental sync through 503 and THROTTLED -> disconnect uninstalls', async (t) => {
  // restoreRate 200/s: the first sync fits the 2000-point bucket, a drained bucket takes ~1.3 s to fit one page.
  const sim = await startShopifySimulator({ count: 600, currencies: ['USD', 'JPY', 'KWD'], maxAvailable: 2000, restoreRate: 200 });
  t.after(() => sim.close());
  const fx = await makeApp({ profiles: [createShopifyAppProfile({ shopBase: sim.shopBaseTemplate })], browser: autoApprove });
  t.after(() => fx.app.close());

  const id = await connectViaBrowser(fx, { providerId: 'shopify-app', fields: { shop: SHOP, clientId: sim.app.clientId, clientSecret: sim.app.clientSecret } });
  const redirect = new URL(new URL(fx.openedUrls[0]!).searchParams.get('redirect_uri')!);
  assert.equal(redirect.hostname, '127.0.0.1', "the core's loopback listener received the callback");
  const page = await eventually(() => fx.callbacks[0]);
  assert.equal(page.status, 303);
  assert.match(page.page, /Connected to Shopify/);

  // Full sync, with two injected 503s on the way (bounded retry with back-off).
  sim.failNext(2, 503);
  const [first] = await fx.app.syncService.syncNow(id);
  assert.equal(first?.result, 'ok', JSON.stringify(first));
  assert.equal(sim.stats().injectedFailures, 2);
  assertStoreMatches(fx.app, id, expected(sim));
  const status = statusOf(fx.app, id);
  assert.equal(status.orderCount, 600);
  assert.deepEqual([status.state.kind, status.state.kind === 'idle' && status.state.lastResult], ['idle', 'ok']);

  // Changes at Shopify, and the shop's cost bucket is empty when the next sync starts.
  const touched = sim.touchOrders(15);
  const added = sim.addOrders(7);
  await drainCostBucket(sim);
  const throttledBefore = sim.stats().throttled;
  const progressBefore = fx.progress.length;
  const [second] = await fx.app.syncService.syncNow(id);
  assert.equal(second?.result, 'ok', JSON.stringify(second));
  assert.ok(sim.stats().throttled > throttledBefore, 'the sync met THROTTLED');
  assert.ok(
    fx.progress.slice(progressBefore).some((v) => v.connectionId === id && v.state.kind === 'running' && v.state.waitingUntil !== undefined),
    'the sync reported a rate-limit wait',
  );
  assert.ok(second.orders >= 22 && second.orders < 40, `incremental: only changed orders (+ overlap), got ${second.orders}`);
  const rows = assertStoreMatches(fx.app, id, expected(sim));
  assert.equal(rows.length, 607);
  for (const pid of [...touched, ...added]) assert.ok(rows.some((r) => r.platformId === pid));

  const accessToken = fx.canaries[0]!;
  assert.ok(sim.isTokenValid(SHOP, accessToken));
  const result = await fx.app.disconnect(id);
  assert.equal(result.outcome, 'revoked-at-provider');
  assert.equal(result.ordersDeleted, 607);
  assert.equal(totalStored(fx.app), 0);
  assert.equal(sim.stats().uninstalls, 1);
  assert.equal(sim.isTokenValid(SHOP, accessToken), false, 'the token died at Shopify');

  await fx.app.close();
  assert.deepEqual(secretLeaks(fx, [...fx.canaries, sim.app.clientSecret]), [], 'security.md #38: no token or client secret in the data folder or logs');
  assert.ok(
    sim.stats().requestLines.every((l) => fx.canaries.every((c) => !l.includes(c))),
    'no token in a URL',
  );
});

test('security.md #16: Shopify custom-app token via connectWithKey -> sync -> incremental sync through 503 -> disconnect is local-only with the reason', async (t) => {
  const sim = await startShopifySimulator({ count: 320, currencies: ['EUR', 'USD'], maxAvailable: 1e6, restoreRate: 1e6 });
  t.after(() => sim.close());
  const profile = createShopifyTokenProfile({ shopBase: sim.shopBaseTemplate });
  const fx = await makeApp({ profiles: [profile] });
  t.after(() => fx.app.close());
  const adminApiToken = sim.issueToken(SHOP);
  const view = await fx.app.connectWithKey({ providerId: 'shopify-token', fields: { shop: SHOP, adminApiToken } });
  assert.ok(!JSON.stringify(view).includes(adminApiToken));

  const [first] = await fx.app.syncService.syncNow(view.id);
  assert.equal(first?.result, 'ok', JSON.stringify(first));
  assertStoreMatches(fx.app, view.id, expected(sim));

  sim.touchOrders(9);
  sim.addOrders(4);
  sim.failNext(3, 503);
  const [second] = await fx.app.syncService.syncNow(view.id);
  assert.equal(second?.result, 'ok', JSON.stringify(second));
  assert.equal(sim.stats().injectedFailures, 3);
  assert.equal(assertStoreMatches(fx.app, view.id, expected(sim)).length, 324);

  const result = await fx.app.disconnect(view.id);
  assert.equal(result.outcome, 'local-only');
  assert.equal(result.reason, profile.revocation.kind === 'unsupported' ? profile.revocation.reason : 'not unsupported');
  assert.equal(result.ordersDeleted, 324);
  assert.equal(totalStored(fx.app), 0);
  assert.equal(sim.stats().uninstalls, 0);

  await fx.app.close();
  assert.deepEqual(secretLeaks(fx, [adminApiToken, sim.app.clientSecret]), []);
});
