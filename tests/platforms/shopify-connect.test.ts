/**
 * The real connection core against the Shopify simulator: own-app OAuth (hmac + shop checked),
 * expiring tokens refreshed with rotation, orders through core.authorizedRequest, disconnect = uninstall.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createShopifyAppProfile, createShopifyTokenProfile, shopifyApiPath } from '../../main/core/providers/shopify.ts';
import { shopifyOrderAdapter } from '../../main/sync/adapters/shopify-orders.ts';
import { makeCore } from '../helpers/core-fixture.ts';
import { fetchAllPages } from '../simulators/shopify/adapter-driver.ts';
import { startShopifySimulator } from '../simulators/shopify/server.ts';

const SHOP = 'connect-shop.myshopify.com';

/** The "browser": follows the simulator's auto-approve redirect and returns the loopback callback URL. */
const autoApprove = async (url: string): Promise<string> => {
  const res = await fetch(url, { redirect: 'manual' });
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`authorize answered ${res.status}`);
  return location;
};

test('security.md #9, #15, #16: own-app OAuth through the core, orders via authorizedRequest, disconnect uninstalls at Shopify', async () => {
  const sim = await startShopifySimulator({ count: 520, withheldScopes: ['read_all_orders'], maxAvailable: 1e6, restoreRate: 1e6 });
  const fx = await makeCore({ profiles: [createShopifyAppProfile({ shopBase: sim.shopBaseTemplate })], consent: autoApprove, autoRefresh: false });
  try {
    const flow = await fx.core.startConnect({
      providerId: 'shopify-app',
      fields: { shop: SHOP, clientId: sim.app.clientId, clientSecret: sim.app.clientSecret },
      scopes: ['read_orders', 'read_all_orders'],
    });
    const done = await fx.core.waitForFlow(flow.flowId);
    assert.equal(done.kind, 'done', JSON.stringify(done));
    const id = (done as { connectionId: string }).connectionId;
    const view = fx.core.getConnection(id);
    assert.equal(view.accountLabel, SHOP);
    assert.deepEqual(
      view.scopes.map((s) => [s.name, s.granted]),
      [
        ['read_orders', true],
        ['read_all_orders', false],
      ],
      'granted scope narrower than requested',
    );
    // Own-app OAuth asks for expiring offline tokens (shopify.dev/changelog/offline-access-tokens-now-support-expiry-and-refresh):
    // the simulator only hands out the expiring shape for expiring=1.
    assert.deepEqual(sim.stats().codeExchanges, [{ expiring: '1' }]);
    assert.ok(view.accessExpiresAt && view.hasRefreshToken, 'the connection has an expiry and a refresh token');
    const opened = new URL(fx.openedUrls[0]!);
    assert.equal(opened.searchParams.get('scope'), 'read_orders,read_all_orders');
    assert.equal(opened.searchParams.has('code_challenge'), false);

    const ctx = {
      fields: { shop: SHOP },
      signal: new AbortController().signal,
      request: (req: Parameters<typeof fx.core.authorizedRequest>[1]) => fx.core.authorizedRequest(id, req),
    };
    const run = await fetchAllPages(shopifyOrderAdapter, ctx);
    assert.equal(run.orders.length, 520);

    // Expiring offline token: refresh rotates the refresh token at Shopify, and the new pair works.
    const expiresBefore = view.accessExpiresAt;
    await fx.core.refreshConnection(id);
    assert.equal(sim.stats().refreshes, 1);
    assert.ok(fx.core.getConnection(id).accessExpiresAt! >= expiresBefore);
    assert.equal((await fx.core.authorizedRequest(id, { method: 'GET', url: shopifyApiPath('shop.json') })).status, 200);
    // A second refresh presents the rotated refresh token (stored after the first refresh), which retires the original.
    await fx.core.refreshConnection(id);
    assert.equal(sim.stats().refreshes, 2);
    assert.equal(fx.core.getConnection(id).hasRefreshToken, true);
    assert.equal((await fx.core.authorizedRequest(id, { method: 'GET', url: shopifyApiPath('shop.json') })).status, 200);

    const result = await fx.core.disconnect(id);
    assert.equal(sim.stats().uninstalls, 1);
    assert.equal(result.outcome, 'revoked-at-provider');
    assert.ok(fx.logLines.every((l) => !l.includes(sim.app.clientSecret)));
  } finally {
    await fx.core.close();
    await sim.close();
  }
});

test('security.md #5: a callback with a forged hmac never reaches the token endpoint', async () => {
  const sim = await startShopifySimulator({ count: 1, badHmac: true });
  const fx = await makeCore({ profiles: [createShopifyAppProfile({ shopBase: sim.shopBaseTemplate })], consent: autoApprove, autoRefresh: false });
  try {
    const flow = await fx.core.startConnect({
      providerId: 'shopify-app',
      fields: { shop: SHOP, clientId: sim.app.clientId, clientSecret: sim.app.clientSecret },
    });
    for (let i = 0; i < 500 && !fx.lastCallback; i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(fx.lastCallback, 'the browser delivered the forged callback');
    assert.match(fx.lastCallback.page, /not signed by Shopify/);
    assert.equal(sim.stats().tokenRequests, 0);
    // The untrusted response is ignored and the flow keeps waiting, until the admin cancels.
    fx.core.cancelConnect(flow.flowId);
    assert.equal((await fx.core.waitForFlow(flow.flowId)).kind, 'cancelled');
  } finally {
    await fx.core.close();
    await sim.close();
  }
});

test('shopify-token: connectWithKey verifies the pasted Admin API token with one call, then syncs', async () => {
  const sim = await startShopifySimulator({ count: 260, maxAvailable: 1e6, restoreRate: 1e6 });
  const fx = await makeCore({ profiles: [createShopifyTokenProfile({ shopBase: sim.shopBaseTemplate })], autoRefresh: false });
  try {
    await assert.rejects(fx.core.connectWithKey({ providerId: 'shopify-token', fields: { shop: SHOP, adminApiToken: 'shpat_wrong' } }));
    const view = await fx.core.connectWithKey({ providerId: 'shopify-token', fields: { shop: SHOP, adminApiToken: sim.issueToken(SHOP) } });
    const ctx = {
      fields: { shop: SHOP },
      signal: new AbortController().signal,
      request: (req: Parameters<typeof fx.core.authorizedRequest>[1]) => fx.core.authorizedRequest(view.id, req),
    };
    assert.equal((await fetchAllPages(shopifyOrderAdapter, ctx)).orders.length, 260);
  } finally {
    await fx.core.close();
    await sim.close();
  }
});
