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
  // Issue 10: the figures, computed independently (BigInt) from the demo store's own API answers as
  // merchant-figures.md defines them: gross = subtotal (after discounts) + discounts; returns = refunds
  // (all dated in this all-time range); net = gross - discounts - returns; total sales = totals - returns.
  const expected = new Map<string, { orders: number; gross: bigint; discounts: bigint; returns: bigint; totals: bigint }>();
  const minor = (v: unknown): bigint => BigInt(String(v).replace('.', ''));
  let cursor: string | null = null;
  do {
    const res = await app.authorizedRequest(id, { method: 'GET', url: `api/v1/orders?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}` });
    const body = JSON.parse(res.body) as { orders: Array<Record<string, unknown>>; next_cursor: string | null };
    for (const o of body.orders) {
      const e = expected.get(String(o.currency)) ?? { orders: 0, gross: 0n, discounts: 0n, returns: 0n, totals: 0n };
      e.orders++;
      e.gross += minor(o.subtotal) + minor(o.discount_total);
      e.discounts += minor(o.discount_total);
      for (const r of o.refunds as Array<{ amount: string }>) e.returns += minor(r.amount);
      e.totals += minor(o.total);
      expected.set(String(o.currency), e);
    }
    cursor = body.next_cursor;
  } while (cursor);
  assert.deepEqual(
    viaApp.byCurrency.flatMap((c) => c.unavailable ?? []),
    [],
    'the demo store supplies every figure',
  );
  assert.deepEqual(
    Object.fromEntries(
      viaApp.byCurrency.map((c) => [c.currency, [c.orderCount, c.grossSalesMinor, c.discountsMinor, c.returnsMinor, c.netSalesMinor, c.totalSalesMinor]]),
    ),
    Object.fromEntries(
      [...expected].map(([cur, e]) => [
        cur,
        [e.orders, Number(e.gross), Number(-e.discounts), Number(-e.returns), Number(e.gross - e.discounts - e.returns), Number(e.totals - e.returns)],
      ]),
    ),
  );
  assert.ok(
    [...expected.values()].some((e) => e.returns > 0n && e.discounts > 0n),
    'the seeded orders have refunds and discounts',
  );

  // Incremental re-sync finds nothing new and duplicates nothing.
  await app.syncService.syncNow(id);
  assert.equal(app.syncService.ordersSummary({ connectionId: id, fromMs: 0, toMs: Date.now() + 86_400_000 }).orderCount, 250);

  const result = await app.disconnect(id);
  assert.equal(result.outcome, 'revoked-at-provider');
  assert.equal(result.ordersDeleted, 250);
  assert.equal(app.syncService.ordersSummary({ fromMs: 0, toMs: Date.now() + 86_400_000 }).orderCount, 0);
});
