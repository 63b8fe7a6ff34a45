/**
 * The composed app (core + order sync, main/storelink-app.ts) against the demo store: connect,
 * sync every order through the engine (authorized requests only through the core), summarise,
 * then disconnect deletes the connection's orders.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStorelinkApp, localOffsetMinutes } from '../../main/storelink-app.ts';
import { MemoryKeychain } from '../../main/core/vault/memory-keychain.ts';
import { openConfSettings } from '../../main/adapters/conf-settings.ts';
import { approveConsent } from '../../main/demo-store/consent-driver.ts';
import { visitCallback } from '../helpers/core-fixture.ts';

test('issue 4: demo store orders sync through the engine into SQLite, are summarised, and are deleted on disconnect', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'storelink-app-'));
  const app = await createStorelinkApp({
    dataDir,
    keychain: new MemoryKeychain(),
    settings: openConfSettings(dataDir).settings,
    opener: { open: async (url) => void setImmediate(() => void approveConsent(url).then(visitCallback)) },
    demoStore: { orderCount: 250, rateLimit: { capacity: 1000, refillPerSec: 1000 } },
    syncIntervalMs: 0,
  });
  t.after(() => app.close());
  const w = await app.startConnect({ providerId: 'demo', fields: {} });
  const done = await app.waitForFlow(w.flowId);
  assert.equal(done.kind, 'done');
  const id = (done as { connectionId: string }).connectionId;

  const outcomes = await app.syncService.syncNow(id);
  assert.ok(outcomes.length >= 1);
  const status = app.syncService.listSyncStatus().find((s) => s.connectionId === id)!;
  assert.equal(status.orderCount, 250, JSON.stringify(status));
  assert.equal(status.state.kind, 'idle');

  const summary = app.syncService.ordersSummary({ connectionId: id, fromMs: 0, toMs: Date.now() + 86_400_000 });
  assert.equal(summary.orderCount, 250);
  assert.ok(summary.byCurrency.length >= 2, 'several currencies');
  assert.equal(
    summary.byCurrency.reduce((n, c) => n + c.orderCount, 0),
    250,
  );
  for (const c of summary.byCurrency) assert.ok(Number.isSafeInteger(c.revenueMinor), 'money in integer minor units');

  // Through the IPC-facing API the per-day series uses the OS's local days.
  const q = { connectionId: id, fromMs: 0, toMs: Date.now() + 86_400_000 };
  const viaApp = await app.sync.ordersSummary(q);
  assert.deepEqual(
    viaApp,
    app.syncService.ordersSummary(q, {
      tzOffsetMinutes: localOffsetMinutes(q.toMs),
      platformOf: (cid) => app.listConnections().find((c) => c.id === cid)?.providerName,
    }),
  );
  assert.equal(viaApp.orderCount, 250);
  // The demo store sends no figures; the app names the platform the admin connected (issue 10).
  const messages = new Set(viaApp.byCurrency.flatMap((c) => (c.unavailable ?? []).map((u) => u.message)));
  assert.deepEqual([...messages], ['Not available from Demo store']);

  // Incremental re-sync finds nothing new and duplicates nothing.
  await app.syncService.syncNow(id);
  assert.equal(app.syncService.ordersSummary({ connectionId: id, fromMs: 0, toMs: Date.now() + 86_400_000 }).orderCount, 250);

  const result = await app.disconnect(id);
  assert.equal(result.outcome, 'revoked-at-provider');
  assert.equal(result.ordersDeleted, 250);
  assert.equal(app.syncService.ordersSummary({ fromMs: 0, toMs: Date.now() + 86_400_000 }).orderCount, 0);
});
