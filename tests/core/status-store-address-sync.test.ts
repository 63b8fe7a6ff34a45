/**
 * Issue 10 (status2): against the composed app (core + order sync) and the WooCommerce simulator on
 * loopback, the card's "Last sync" row says "Not synced yet" until the first run ends and then that
 * run's result (the same facts as the Orders screen's sync row), and every activity row of the
 * connection names its store address.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startWooSimulator } from '../simulators/woocommerce/server.ts';
import { makeApp } from '../platforms/app-fixture.ts';

test('issue 10: the card says "Not synced yet" until the first sync ends, then its result; activity rows name the store address', async (t) => {
  const sim = await startWooSimulator({ count: 12 });
  t.after(() => sim.close());
  const fx = await makeApp();
  t.after(() => fx.app.close());
  const c = await fx.app.connectWithKey({
    providerId: 'woocommerce',
    fields: { storeUrl: sim.baseUrl, consumerKey: sim.consumerKey, consumerSecret: sim.consumerSecret },
  });
  const address = sim.baseUrl.replace(/\/$/, '');
  assert.equal(c.storeAddress, address);

  // Before any run has ended: "Not synced yet" (never a result it does not have), and not a failure.
  assert.deepEqual(fx.app.getConnection(c.id).health?.sync, { kind: 'text', text: 'Not synced yet' });
  assert.deepEqual(
    fx.app.listConnections().find((v) => v.id === c.id)?.health?.sync,
    { kind: 'text', text: 'Not synced yet' },
    'the list the screen gets says the same',
  );

  await fx.app.syncService.syncNow(c.id);
  const row = fx.app.syncService.listSyncStatus().find((s) => s.connectionId === c.id)!;
  assert.equal(row.state.kind, 'idle');
  const idle = row.state as Extract<typeof row.state, { kind: 'idle' }>;
  assert.equal(idle.lastResult, 'ok');
  // The card's facts are the Orders screen's facts: the same result and the same moment.
  assert.deepEqual(fx.app.getConnection(c.id).health?.sync, { kind: 'text', text: 'Succeeded', at: idle.lastSyncAt });

  // Activity: the connect and the sync rows carry the store address.
  const rows = fx.app.listActivity(50, { connectionId: c.id });
  for (const kind of ['connected', 'sync-started', 'sync-completed'] as const) {
    const entry = rows.find((r) => r.kind === kind);
    assert.ok(entry, `a ${kind} row`);
    assert.equal(entry.storeAddress, address, `the ${kind} row names the store address`);
  }
});
