/**
 * The full app (core + order sync) with a Shopify Dev Dashboard app (client credentials): the sync
 * fills the store exactly, and a deprecation or version-mismatch warning from the run becomes a
 * notice (NoticeView `sync-warning`) naming the store, in plain words that say what to do; it goes
 * away with the connection. Headers: shopify.dev/docs/api/usage/versioning,
 * shopify.dev/changelog/graphql-return-actual-deprecation-reasons (X-Shopify-API-Deprecated-Reason).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createShopifyClientCredentialsProfile } from '../../main/core/providers/shopify.ts';
import { startShopifySimulator } from '../simulators/shopify/server.ts';
import { makeApp, totalStored } from './app-fixture.ts';

const SHOP = 'notice-shop.myshopify.com';

test('a sync warning (retired API version, deprecated field) becomes a notice for the admin; a clean run or disconnect clears it', async (t) => {
  // Shopify no longer serves 2026-10 here and flags a field the query uses as deprecated.
  const sim = await startShopifySimulator({
    count: 400,
    maxAvailable: 1e6,
    restoreRate: 1e6,
    installedOn: [SHOP],
    supportedVersions: ['2027-01', '2027-04', '2027-07', '2027-10'],
    deprecatedFields: ['Order.cancelledAt'],
  });
  t.after(() => sim.close());
  const fx = await makeApp({ profiles: [createShopifyClientCredentialsProfile({ shopBase: sim.shopBaseTemplate })] });
  t.after(() => fx.app.close());

  const view = await fx.app.connectWithKey({
    providerId: 'shopify-client-credentials',
    fields: { shop: SHOP, clientId: sim.app.clientId, clientSecret: sim.app.clientSecret },
  });
  assert.equal(fx.openedUrls.length, 0);
  assert.deepEqual(fx.app.listNotices(), [], 'no notice before a sync');
  const [outcome] = await fx.app.syncService.syncNow(view.id);
  assert.equal(outcome?.result, 'ok', JSON.stringify(outcome?.error));
  assert.equal(totalStored(fx.app), 400);

  const notices = fx.app.listNotices().filter((n) => n.kind === 'sync-warning');
  assert.ok(notices.length >= 2, JSON.stringify(notices));
  assert.ok(
    notices.every((n) => n.message.startsWith(`${SHOP}: `)),
    'names the store',
  );
  assert.ok(notices.some((n) => /API version 2027-01 instead of 2026-10.*update Storelink/.test(n.message)));
  assert.ok(notices.some((n) => /deprecated \(Order\.cancelledAt\).*update Storelink before Shopify removes them/.test(n.message)));
  assert.ok(notices.every((n) => !n.message.includes(sim.app.clientSecret)));

  await fx.app.disconnect(view.id);
  assert.deepEqual(
    fx.app.listNotices().filter((n) => n.kind === 'sync-warning'),
    [],
    'a removed store has no warnings',
  );
});

test('a run without warnings clears the store’s earlier ones', async () => {
  const { RunWarnings } = await import('../../main/sync/run-warnings.ts');
  const w = new RunWarnings();
  w.record({ connectionId: 'c1', result: 'ok', pages: 1, orders: 1, warnings: ['Shopify says …'] }, 1);
  w.record({ connectionId: 'c1', result: 'failed', pages: 0, orders: 0 }, 2);
  assert.equal(w.list().length, 1, 'a failed run says nothing about the warning');
  w.record({ connectionId: 'c1', result: 'ok', pages: 1, orders: 1 }, 3);
  assert.deepEqual(w.list(), []);
});
