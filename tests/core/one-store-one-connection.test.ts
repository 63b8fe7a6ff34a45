/**
 * Issue 10 item 3: one store, one connection. The account id each platform reports identifies the
 * store; connecting a store that is already connected renews that connection (same id, name and
 * orders; new keys/tokens) instead of adding a second one that "All stores" would count twice.
 * Real core + order sync against the WooCommerce and Square simulators and the demo store.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { squareProfileAt } from '../../main/core/providers/square.ts';
import { approveConsent } from '../../main/demo-store/consent-driver.ts';
import { startSquareSimulator } from '../simulators/square/index.ts';
import { startWooSimulator } from '../simulators/woocommerce/server.ts';
import { connectViaBrowser, forwardToLoopback, makeApp, totalStored } from '../platforms/app-fixture.ts';

const ALL = { fromMs: 0, toMs: Date.now() + 86_400_000 };

test('issue 10: the same WooCommerce store connected twice is one connection (the second keys replace the first); its orders are counted once', async (t) => {
  const sim = await startWooSimulator({ count: 60 });
  t.after(() => sim.close());
  const fx = await makeApp();
  t.after(() => fx.app.close());
  const first = await fx.app.connectWithKey({
    providerId: 'woocommerce',
    fields: { storeUrl: sim.baseUrl, consumerKey: sim.consumerKey, consumerSecret: sim.consumerSecret },
  });
  fx.app.renameConnection(first.id, 'Main shop');
  await fx.app.syncService.syncNow(first.id);
  assert.equal(fx.app.syncService.ordersSummary(ALL).orderCount, 60);

  const again = await fx.app.connectWithKey({
    providerId: 'woocommerce',
    fields: { storeUrl: sim.baseUrl, consumerKey: sim.consumerKey, consumerSecret: sim.consumerSecret },
  });
  assert.equal(again.id, first.id, 'the existing connection was renewed');
  assert.equal(fx.app.listConnections().length, 1);
  assert.equal(again.name, 'Main shop', 'its name stays');
  assert.ok(again.reconnectedExistingAt !== undefined);
  assert.equal(again.storeAddress, sim.baseUrl.replace(/\/$/, ''));
  await fx.app.syncService.syncNow();
  assert.equal(totalStored(fx.app), 60, 'its orders stay, none twice');
  assert.equal(fx.app.syncService.ordersSummary(ALL).orderCount, 60, '"All stores" counts the store once');
});

test('issue 10: connecting the same Square merchant again renews the one connection (merchant_id identifies it); the done view says so', async (t) => {
  const sim = await startSquareSimulator({ orderCount: 40, locationCount: 1, currencies: ['USD'] });
  t.after(() => sim.close());
  const fx = await makeApp({
    profiles: [squareProfileAt(sim.baseUrl)],
    browser: async (url) => forwardToLoopback(await sim.approve(url)).callbackUrl,
  });
  t.after(() => fx.app.close());
  const fields = { clientId: sim.clientId, forwarderUrl: sim.redirectUri };
  const id = await connectViaBrowser(fx, { providerId: 'square', fields });
  await fx.app.syncService.syncNow(id);
  assert.equal(fx.app.syncService.ordersSummary(ALL).orderCount, 40);

  const w = await fx.app.startConnect({ providerId: 'square', fields });
  const done = await fx.app.waitForFlow(w.flowId);
  assert.equal(done.kind, 'done');
  assert.equal((done as { connectionId: string }).connectionId, id);
  assert.equal((done as { reconnectedExisting?: boolean }).reconnectedExisting, true);
  assert.equal(fx.app.listConnections().length, 1);
  assert.match(fx.app.getConnection(id).storeAddress ?? '', /\S/, 'the merchant id is the store address shown');
  await fx.app.syncService.syncNow();
  assert.equal(fx.app.syncService.ordersSummary(ALL).orderCount, 40, 'counted once');
  const reauth = fx.app.listActivity(10).find((a) => a.kind === 're-authorized');
  assert.match(reauth?.reason ?? '', /already connected/);
});

test('issue 10: renameConnection keeps to the name rules, survives a reconnect and names the connection in Activity', async (t) => {
  const fx = await makeApp({ browser: (url) => approveConsent(url) });
  t.after(() => fx.app.close());
  const id = await connectViaBrowser(fx, { providerId: 'demo', fields: {} });
  assert.equal(fx.app.getConnection(id).name, 'Demo Coffee Roasters', 'the platform label until renamed');
  const renamed = fx.app.renameConnection(id, '  Café — north  ');
  assert.equal(renamed.name, 'Café — north');
  assert.equal(renamed.accountLabel, 'Demo Coffee Roasters', "the platform's label is kept beside it");
  for (const bad of ['', '   ', 'x'.repeat(81), 'two\nlines', 'tab\there']) {
    assert.throws(
      () => fx.app.renameConnection(id, bad),
      (e: { code?: string }) => e.code === 'invalid_input',
      JSON.stringify(bad),
    );
  }
  assert.equal(fx.app.getConnection(id).name, 'Café — north');
  const flow = await fx.app.reconnect(id);
  assert.equal((await fx.app.waitForFlow(flow.flowId)).kind, 'done');
  assert.equal(fx.app.getConnection(id).name, 'Café — north', 'a reconnect keeps the name');
  assert.equal(fx.app.listActivity(5)[0]?.accountLabel, 'Café — north');
  assert.throws(
    () => fx.app.renameConnection('c_missing', 'x'),
    (e: { code?: string }) => e.code === 'connection_not_found',
  );
});
