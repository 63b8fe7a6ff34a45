/**
 * Issue 8, "first sync of a store larger than Shopify's 25,000 cap", for the platforms that page by
 * offset, page number or cursor (Shopify's own >25,000 first sync is a Bulk Operation:
 * tests/platforms/shopify-bulk.test.ts). Each store has 25,050 orders; the full app (real HTTP on
 * loopback, real SQLite) stores exactly the store's orders, then an incremental sync picks up only
 * what changed. The simulators page as their platforms document: WooCommerce `page` + `per_page` <= 100
 * with `X-WP-TotalPages`, Square SearchOrders `cursor` with `limit` <= 1000, Etsy `offset` + `limit` <= 100.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { etsyProfileAt } from '../../main/core/providers/etsy.ts';
import { squareProfileAt } from '../../main/core/providers/square.ts';
import { startEtsySimulator } from '../simulators/etsy/index.ts';
import { startSquareSimulator } from '../simulators/square/index.ts';
import { startWooSimulator } from '../simulators/woocommerce/server.ts';
import { assertStoreMatches, connectViaBrowser, forwardToLoopback, makeApp, statusOf, type ExpectedOrder } from './app-fixture.ts';

const LARGE = 25_050; // more than one Shopify connection can page through (shopify.dev/api/usage/limits)

test('WooCommerce: a first sync of 25,050 orders stores every one exactly, then an incremental sync', async (t) => {
  const sim = await startWooSimulator({ count: LARGE, currencies: ['USD', 'KWD', 'JPY'] });
  t.after(() => sim.close());
  const fx = await makeApp();
  t.after(() => fx.app.close());
  const expected = (): ExpectedOrder[] =>
    sim.orderSnapshot().map((o) => {
      const json = o.json as { currency: string; date_modified_gmt: string };
      return { platformId: o.platformId, totalMinor: o.totalMinor, currency: json.currency, updatedAt: Date.parse(`${json.date_modified_gmt}Z`) };
    });
  const view = await fx.app.connectWithKey({
    providerId: 'woocommerce',
    fields: { storeUrl: sim.baseUrl, consumerKey: sim.consumerKey, consumerSecret: sim.consumerSecret },
  });
  const [first] = await fx.app.syncService.syncNow(view.id);
  assert.equal(first?.result, 'ok', JSON.stringify(first));
  assertStoreMatches(fx.app, view.id, expected());
  assert.equal(statusOf(fx.app, view.id).orderCount, LARGE);

  sim.touchOrders(7);
  sim.addOrders(3);
  const [second] = await fx.app.syncService.syncNow(view.id);
  assert.equal(second?.result, 'ok', JSON.stringify(second));
  assert.ok(second.orders >= 10 && second.orders < 200, `incremental: only changed orders (+ overlap), got ${second.orders}`);
  assert.equal(assertStoreMatches(fx.app, view.id, expected()).length, LARGE + 3);
});

test('Square: a first sync of 25,050 orders over 3 locations stores every one exactly, then an incremental sync', async (t) => {
  const sim = await startSquareSimulator({ orderCount: LARGE, locationCount: 3, currencies: ['USD', 'JPY'] });
  t.after(() => sim.close());
  const fx = await makeApp({
    profiles: [squareProfileAt(sim.baseUrl)],
    browser: async (url) => forwardToLoopback(await sim.approve(url)).callbackUrl,
  });
  t.after(() => fx.app.close());
  const expected = (): ExpectedOrder[] =>
    sim
      .orderSnapshot()
      .map((o) => ({ platformId: o.id, totalMinor: o.total_money.amount, currency: o.total_money.currency, updatedAt: Date.parse(o.updated_at) }));
  const id = await connectViaBrowser(fx, { providerId: 'square', fields: { clientId: sim.clientId, forwarderUrl: sim.redirectUri } });
  const [first] = await fx.app.syncService.syncNow(id);
  assert.equal(first?.result, 'ok', JSON.stringify(first));
  assertStoreMatches(fx.app, id, expected());
  assert.equal(statusOf(fx.app, id).orderCount, LARGE);

  sim.touchOrders(9);
  const [second] = await fx.app.syncService.syncNow(id);
  assert.equal(second?.result, 'ok', JSON.stringify(second));
  assert.ok(second.orders >= 9 && second.orders < 200, `incremental: only changed orders (+ overlap), got ${second.orders}`);
  assertStoreMatches(fx.app, id, expected());
});

test('Etsy: a first sync of 25,050 receipts stores every one exactly, then an incremental sync', async (t) => {
  const sim = await startEtsySimulator({ orderCount: LARGE });
  t.after(() => sim.close());
  const fx = await makeApp({
    profiles: [etsyProfileAt(sim.baseUrl)],
    browser: async (url) => forwardToLoopback(await sim.approve(url)).callbackUrl,
  });
  t.after(() => fx.app.close());
  const EXPONENT: Record<string, number> = { JPY: 0 };
  const expected = (): ExpectedOrder[] =>
    sim.orderSnapshot().map((r) => {
      const minor = (r.grandtotal.amount * 10 ** (EXPONENT[r.grandtotal.currency_code] ?? 2)) / r.grandtotal.divisor;
      return { platformId: String(r.receipt_id), totalMinor: minor, currency: r.grandtotal.currency_code, updatedAt: r.updated_timestamp * 1000 };
    });
  const id = await connectViaBrowser(fx, {
    providerId: 'etsy',
    fields: { keystring: sim.keystring, sharedSecret: sim.sharedSecret, forwarderUrl: sim.redirectUri },
  });
  const [first] = await fx.app.syncService.syncNow(id);
  assert.equal(first?.result, 'ok', JSON.stringify(first));
  assertStoreMatches(fx.app, id, expected());
  assert.equal(statusOf(fx.app, id).orderCount, LARGE);

  sim.touchOrders(5);
  const [second] = await fx.app.syncService.syncNow(id);
  assert.equal(second?.result, 'ok', JSON.stringify(second));
  assert.ok(second.orders >= 5 && second.orders < 200, `incremental: only changed orders (+ overlap), got ${second.orders}`);
  assertStoreMatches(fx.app, id, expected());
});
