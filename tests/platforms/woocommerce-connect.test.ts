/** The real connection core against the WooCommerce simulator: pasted keys verified, orders synced, honest disconnect. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WOOCOMMERCE_REVOCATION_REASON } from '../../main/core/providers/woocommerce.ts';
import { woocommerceOrderAdapter } from '../../main/sync/adapters/woocommerce-orders.ts';
import { makeCore } from '../helpers/core-fixture.ts';
import { fetchAllPages } from '../simulators/shopify/adapter-driver.ts';
import { startWooSimulator } from '../simulators/woocommerce/server.ts';

test('security.md #16, #17: connectWithKey checks the keys, syncs a plain-permalink store, disconnect says "local only" and why', async () => {
  const sim = await startWooSimulator({ count: 180, plainPermalinks: true });
  const fx = await makeCore({ autoRefresh: false });
  try {
    const fields = { storeUrl: sim.baseUrl, consumerKey: sim.consumerKey, consumerSecret: sim.consumerSecret };
    await assert.rejects(fx.core.connectWithKey({ providerId: 'woocommerce', fields: { ...fields, consumerSecret: 'cs_wrong' } }));
    const view = await fx.core.connectWithKey({ providerId: 'woocommerce', fields });
    assert.equal(view.revocation, 'unsupported');
    assert.equal(view.revocationNote, WOOCOMMERCE_REVOCATION_REASON);
    assert.ok(!JSON.stringify(view).includes(sim.consumerSecret));
    const ctx = {
      fields: { storeUrl: sim.baseUrl },
      signal: new AbortController().signal,
      request: (req: Parameters<typeof fx.core.authorizedRequest>[1]) => fx.core.authorizedRequest(view.id, req),
    };
    assert.equal(new Set((await fetchAllPages(woocommerceOrderAdapter, ctx)).orders.map((o) => o.platformId)).size, 180);
    const result = await fx.core.disconnect(view.id);
    assert.equal(result.outcome, 'local-only');
    assert.ok(fx.logLines.every((l) => !l.includes(sim.consumerSecret) && !l.includes(sim.consumerKey)));
  } finally {
    await fx.core.close();
    await sim.close();
  }
});
