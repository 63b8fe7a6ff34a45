/**
 * Issue 10 item 4: the demo store survives restarts. The composed app (core + order sync) on one
 * data folder: connect the demo store, close, start again on the same folder: the demo connection
 * refreshes (its rotated refresh token is one the store still knows) and syncs. The same when
 * another program took the demo store's port in between: the store listens elsewhere, the issuer
 * changes, and the connection follows it. The state file holds no token.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openConfSettings } from '../../main/adapters/conf-settings.ts';
import { MemoryKeychain } from '../../main/core/vault/memory-keychain.ts';
import { approveConsent } from '../../main/demo-store/consent-driver.ts';
import { DEMO_STATE_FILE } from '../../main/demo-store/persisted-state.ts';
import { createStorelinkApp, type StorelinkApp } from '../../main/storelink-app.ts';
import { canaryRecordingHttp, visitCallback } from '../helpers/core-fixture.ts';

const ALL = { fromMs: 0, toMs: Date.now() + 86_400_000 };

function openApp(dataDir: string, keychain: MemoryKeychain, http: ReturnType<typeof canaryRecordingHttp>['http']): Promise<StorelinkApp> {
  return createStorelinkApp({
    dataDir,
    keychain, // the OS keychain outlives the app: one instance across both runs
    settings: openConfSettings(dataDir).settings,
    http,
    opener: { open: async (url) => void setImmediate(() => void approveConsent(url).then(visitCallback)) },
    demoStore: { orderCount: 30, rateLimit: { capacity: 1000, refillPerSec: 1000 } },
    syncIntervalMs: 0,
    autoRefresh: false,
  });
}

function issuerOf(app: StorelinkApp, id: string): string {
  return new URL(`http://${app.getConnection(id).store}`).origin;
}

async function occupy(port: number): Promise<Server> {
  const blocker = createServer();
  await new Promise<void>((resolve, reject) => {
    blocker.once('error', reject);
    blocker.listen(port, '127.0.0.1', () => resolve());
  });
  return blocker;
}

for (const portTaken of [false, true]) {
  test(`issue 10: a demo connection made before a restart refreshes and syncs after it${portTaken ? ' (its old port taken: the issuer changes)' : ' (same port)'}`, async (t) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'storelink-demo-restart-'));
    const keychain = new MemoryKeychain();
    const rec = canaryRecordingHttp();
    const first = await openApp(dataDir, keychain, rec.http);
    const w = await first.startConnect({ providerId: 'demo', fields: {} });
    const done = await first.waitForFlow(w.flowId);
    assert.equal(done.kind, 'done');
    const id = (done as { connectionId: string }).connectionId;
    await first.refreshConnection(id); // rotates the refresh token once before the restart
    await first.syncService.syncNow(id);
    assert.equal(first.syncService.ordersSummary(ALL).orderCount, 30);
    const oldIssuer = issuerOf(first, id);
    await first.close();

    const stateFile = join(dataDir, DEMO_STATE_FILE);
    assert.equal(statSync(stateFile).mode & 0o077, 0, 'the state file is private to the user');
    const saved = readFileSync(stateFile, 'utf8');
    assert.ok(rec.canaries.length >= 4);
    for (const token of rec.canaries) assert.ok(!saved.includes(token), 'no token in the demo state file');

    const blocker = portTaken ? await occupy(Number(new URL(oldIssuer).port)) : undefined;
    t.after(() => blocker?.close());
    // A new process in real life: a new HTTP client too (no keep-alive socket to the old server).
    const second = await openApp(dataDir, keychain, canaryRecordingHttp().http);
    t.after(() => second.close());
    const newIssuer = issuerOf(second, id);
    if (portTaken) assert.notEqual(newIssuer, oldIssuer, 'the store listens on another port');
    else assert.equal(newIssuer, oldIssuer, 'the saved port is reused when free');

    // Both runs share this test process: let the keep-alive sockets the first run's clients (axios,
    // the consent driver's fetch) hold to the closed store see their FIN, as a new process would have none.
    await new Promise((r) => setTimeout(r, 300));
    const refreshed = await second.refreshConnection(id);
    assert.equal(refreshed.status.kind, 'connected', JSON.stringify(refreshed.status));
    assert.equal(refreshed.health?.headline, 'Working normally');
    const res = await second.authorizedRequest(id, { method: 'GET', url: 'api/v1/store' });
    assert.equal(res.status, 200);
    const outcomes = await second.syncService.syncNow(id);
    assert.ok(outcomes.length >= 1);
    const status = second.syncService.listSyncStatus().find((s) => s.connectionId === id)!;
    assert.equal(status.state.kind === 'idle' && status.state.lastResult, 'ok', JSON.stringify(status));
    assert.equal(second.syncService.ordersSummary(ALL).orderCount, 30, 'the same seeded orders, none twice');
    // Connecting the demo store again is still the same store: one connection.
    const again = await second.startConnect({ providerId: 'demo', fields: {} });
    assert.equal(((await second.waitForFlow(again.flowId)) as { connectionId: string }).connectionId, id);
    assert.equal(second.listConnections().length, 1);
  });
}
