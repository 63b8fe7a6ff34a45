/**
 * Issue 10 item 5 against the composed app (core + order sync) and the demo store on loopback:
 * a connection is synced right after it is made (and after a reconnect); every sync is an activity row
 * (start, result, order count, duration, automatic or on request); every connect attempt that does not
 * end in a connection is a row (denied, cancelled, failed with its plain reason); refresh rows say which
 * trigger; one row per disconnect; the activity list filters by store and kind.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStorelinkApp } from '../../main/storelink-app.ts';
import { MemoryKeychain } from '../../main/core/vault/memory-keychain.ts';
import { openConfSettings } from '../../main/adapters/conf-settings.ts';
import { approveConsent } from '../../main/demo-store/consent-driver.ts';
import { createDispatch, createIpcHandlers } from '../../main/ipc/handlers.ts';
import type { ActivityView } from '../../shared/view-models.ts';
import { visitCallback } from '../helpers/core-fixture.ts';

const MAIN = { url: 'app://storelink/index.html', isMainFrame: true };

async function until<T>(read: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 1000; i++) {
    const v = read();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

test('issue 10 item 5: sync after connect, sync and connect-attempt rows, triggers, one disconnect row, filters', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'storelink-activity-'));
  let consent: ((url: string) => Promise<string>) | 'ignore' = (url) => approveConsent(url);
  const app = await createStorelinkApp({
    dataDir,
    keychain: new MemoryKeychain(),
    settings: openConfSettings(dataDir).settings,
    opener: {
      open: async (url) => {
        const c = consent;
        if (c !== 'ignore') setImmediate(() => void c(url).then(visitCallback, () => undefined));
      },
    },
    demoStore: { orderCount: 25, rateLimit: { capacity: 1000, refillPerSec: 1000 } },
    syncIntervalMs: 0, // no schedule: any sync here comes from a connect or a request
  });
  t.after(() => app.close());
  const rows = (filter?: Parameters<typeof app.listActivity>[1]) => app.listActivity(200, filter);
  const rowsOf = (id: string, kind: ActivityView['kind']) => rows({ connectionId: id, kinds: [kind] });

  // Connect: synced at once, without any schedule.
  const w = await app.startConnect({ providerId: 'demo', fields: {} });
  const done = await app.waitForFlow(w.flowId);
  const id = (done as { connectionId: string }).connectionId;
  const completed = await until(() => rowsOf(id, 'sync-completed')[0], 'the sync after connecting');
  assert.equal(completed.trigger, 'automatic');
  assert.equal(completed.orderCount, 25);
  assert.equal(typeof completed.durationMs, 'number');
  const started = rowsOf(id, 'sync-started');
  assert.equal(started.length, 1);
  assert.equal(started[0]!.trigger, 'automatic');
  assert.ok(started[0]!.at <= completed.at);
  assert.equal(app.syncService.listSyncStatus().find((s) => s.connectionId === id)?.orderCount, 25);

  // Sync now (over IPC): on request.
  const r = await createDispatch(createIpcHandlers(app), 'app://storelink')('syncNow', MAIN, { connectionId: id });
  assert.equal(r.ok, true);
  const onRequest = await until(() => rowsOf(id, 'sync-completed').find((e) => e.trigger === 'on-request'), 'the requested sync');
  assert.equal(typeof onRequest.orderCount, 'number', 'orders received in the run (incremental: only the overlap window)');
  assert.equal(app.syncService.listSyncStatus().find((s) => s.connectionId === id)?.orderCount, 25, 'nothing counted twice');

  // Refresh rows say which.
  await app.refreshConnection(id);
  const refreshed = rowsOf(id, 'refreshed');
  assert.equal(refreshed[0]!.trigger, 'on-request');

  // Reconnect: synced again at once.
  const before = rowsOf(id, 'sync-started').length;
  const rw = await app.reconnect(id);
  assert.equal((await app.waitForFlow(rw.flowId)).kind, 'done');
  await until(() => (rowsOf(id, 'sync-started').length > before ? true : undefined), 'the sync after reconnecting');

  // Denied at the consent page: a row with the plain reason.
  consent = (url) => approveConsent(url, { deny: true });
  const dw = await app.startConnect({ providerId: 'demo', fields: {} });
  assert.equal((await app.waitForFlow(dw.flowId)).kind, 'failed');
  const denied = rows({ kinds: ['connect-denied'] });
  assert.equal(denied.length, 1);
  assert.equal(denied[0]!.connectionId, '', 'no connection was made');
  assert.equal(denied[0]!.providerName, 'Demo store');
  assert.ok((denied[0]!.reason ?? '').length > 10, denied[0]!.reason);

  // Cancelled in Storelink.
  consent = 'ignore';
  const cw = await app.startConnect({ providerId: 'demo', fields: {} });
  app.cancelConnect(cw.flowId);
  assert.equal((await app.waitForFlow(cw.flowId)).kind, 'cancelled');
  assert.equal(rows({ kinds: ['connect-cancelled'] }).length, 1);

  // Failed before the browser opened: the provider cannot be reached.
  await assert.rejects(app.startConnect({ providerId: 'generic-oidc', fields: { issuer: 'http://127.0.0.1:9', clientId: 'storelink-desktop' } }));
  const failed = rows({ kinds: ['connect-failed'] });
  assert.equal(failed.length, 1);
  assert.equal(failed[0]!.connectionId, '');
  assert.ok((failed[0]!.reason ?? '').length > 10, 'its plain reason');

  // Filters: by store, by kind, both; and over IPC with the request's filter fields.
  assert.ok(rows({ connectionId: id }).every((e) => e.connectionId === id));
  assert.deepEqual([...new Set(rows({ kinds: ['connect-denied', 'connect-cancelled'] }).map((e) => e.kind))].sort(), ['connect-cancelled', 'connect-denied']);
  const viaIpc = await createDispatch(createIpcHandlers(app), 'app://storelink')('listActivity', MAIN, {
    limit: 10,
    connectionId: id,
    kinds: ['sync-completed'],
  });
  assert.equal(viaIpc.ok, true);
  const list = (viaIpc as { value: ActivityView[] }).value;
  assert.ok(list.length >= 2 && list.every((e) => e.kind === 'sync-completed' && e.connectionId === id));

  // Disconnect: exactly one row, no separate "revoked" row.
  const n = rows({ connectionId: id }).length;
  await app.disconnect(id);
  const after = rows({ connectionId: id });
  assert.equal(after.length, n + 1);
  assert.equal(after[0]!.kind, 'disconnected');
  assert.equal(rowsOf(id, 'revoked').length, 0);
});
