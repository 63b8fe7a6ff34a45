/**
 * The full app (core + order sync) against the WooCommerce simulator: pasted REST API keys
 * (connectWithKey, HTTP Basic: developer.woocommerce.com/docs/apis/rest-api/authentication), a full
 * sync equal to the store's orders, an incremental sync through 429 + Retry-After and a 500
 * (RFC 9110 §10.2.3; security.md #36), and the honest local-only disconnect.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WOOCOMMERCE_REVOCATION_REASON } from '../../main/core/providers/woocommerce.ts';
import { startWooSimulator, type WooSimulator } from '../simulators/woocommerce/server.ts';
import { assertStoreMatches, makeApp, secretLeaks, statusOf, totalStored, type ExpectedOrder } from './app-fixture.ts';

function expected(sim: WooSimulator): ExpectedOrder[] {
  return sim.orderSnapshot().map((o) => {
    const json = o.json as { currency: string; date_modified_gmt: string };
    // WooCommerce stores modified times with second precision (the `_gmt` fields carry no zone).
    return { platformId: o.platformId, totalMinor: o.totalMinor, currency: json.currency, updatedAt: Date.parse(`${json.date_modified_gmt}Z`) };
  });
}

for (const plainPermalinks of [false, true]) {
  test(`security.md #16, #36: WooCommerce keys (${plainPermalinks ? 'plain' : 'pretty'} permalinks) -> sync equals the store -> incremental sync through 429 and 500 -> local-only disconnect`, async (t) => {
    const sim = await startWooSimulator({ count: 430, currencies: ['USD', 'JPY', 'KWD'], plainPermalinks });
    t.after(() => sim.close());
    const fx = await makeApp();
    t.after(() => fx.app.close());
    const fields = { storeUrl: sim.baseUrl, consumerKey: sim.consumerKey, consumerSecret: sim.consumerSecret };
    const view = await fx.app.connectWithKey({ providerId: 'woocommerce', fields });
    const id = view.id;

    const [first] = await fx.app.syncService.syncNow(id);
    assert.equal(first?.result, 'ok', JSON.stringify(first));
    assertStoreMatches(fx.app, id, expected(sim));
    assert.equal(statusOf(fx.app, id).orderCount, 430);

    const touched = sim.touchOrders(12);
    const added = sim.addOrders(5);
    const progressBefore = fx.progress.length;
    sim.failNext(1, 429); // with Retry-After: 1
    sim.failNext(1, 500);
    const [second] = await fx.app.syncService.syncNow(id);
    assert.equal(second?.result, 'ok', JSON.stringify(second));
    assert.equal(sim.stats().injectedFailures, 2);
    assert.ok(
      fx.progress.slice(progressBefore).some((v) => v.connectionId === id && v.state.kind === 'running' && v.state.waitingUntil !== undefined),
      'the 429 became a reported rate-limit wait',
    );
    assert.ok(second.orders >= 17 && second.orders < 40, `incremental: only changed orders (+ overlap), got ${second.orders}`);
    const rows = assertStoreMatches(fx.app, id, expected(sim));
    assert.equal(rows.length, 435);
    for (const pid of [...touched, ...added]) assert.ok(rows.some((r) => r.platformId === pid));
    // The key check always uses ?rest_route=; the sync uses /wp-json/ unless the site has plain permalinks.
    if (plainPermalinks) assert.ok(sim.stats().plainRequests > 3, 'the sync fell back to ?rest_route=');
    else assert.equal(sim.stats().plainRequests, 1, 'only the key check used ?rest_route=');

    const result = await fx.app.disconnect(id);
    assert.equal(result.outcome, 'local-only');
    assert.equal(result.reason, WOOCOMMERCE_REVOCATION_REASON);
    assert.equal(result.ordersDeleted, 435);
    assert.equal(totalStored(fx.app), 0);

    await fx.app.close();
    assert.deepEqual(secretLeaks(fx, [sim.consumerKey, sim.consumerSecret]), [], 'security.md #38: no key in the data folder or logs');
    assert.ok(
      sim.stats().requestLines.every((l) => !l.includes(sim.consumerSecret) && !l.includes(sim.consumerKey)),
      'keys only in the Authorization header',
    );
  });
}
