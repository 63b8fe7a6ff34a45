/**
 * Issue 9 item 1, "done when": with the window closed, connections are refreshed and stores synced.
 * The close decision (main/desktop/window-lifecycle.ts) on the real composed app (core + sync,
 * main/storelink-app.ts) with the demo store: when it says keep running, the refresh and sync
 * schedulers keep firing; when it says quit, the app is closed (as the shell's before-quit does)
 * and nothing fires any more.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStorelinkApp } from '../../main/storelink-app.ts';
import { MemoryKeychain } from '../../main/core/vault/memory-keychain.ts';
import { openConfSettings } from '../../main/adapters/conf-settings.ts';
import { approveConsent } from '../../main/demo-store/consent-driver.ts';
import { whenAllWindowsClosed } from '../../main/desktop/window-lifecycle.ts';
import { FakeClock } from '../helpers/fake-clock.ts';
import { visitCallback } from '../helpers/core-fixture.ts';

const INTERVAL = 60_000;

async function connectedApp(t: { after(fn: () => unknown): void }) {
  const dataDir = mkdtempSync(join(tmpdir(), 'storelink-background-'));
  const clock = new FakeClock();
  const settings = openConfSettings(dataDir).settings;
  const app = await createStorelinkApp({
    dataDir,
    keychain: new MemoryKeychain(),
    settings,
    clock,
    opener: { open: async (url) => void setImmediate(() => void approveConsent(url).then(visitCallback)) },
    demoStore: { orderCount: 30, rateLimit: { capacity: 1000, refillPerSec: 1000 }, now: () => clock.now() },
    syncIntervalMs: INTERVAL,
  });
  let closed = false;
  t.after(async () => {
    if (!closed) await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const flow = await app.startConnect({ providerId: 'demo', fields: {} });
  const done = await app.waitForFlow(flow.flowId);
  assert.equal(done.kind, 'done');
  const id = (done as { connectionId: string }).connectionId;
  return { app, clock, id, appSettings: app.appSettings, close: async () => ((closed = true), await app.close()) };
}

/** Waits (real time) until the connection's last sync is newer than `after`. */
async function syncedAfter(app: Awaited<ReturnType<typeof createStorelinkApp>>, id: string, after: number): Promise<number> {
  for (let i = 0; i < 400; i++) {
    const s = app.syncService.listSyncStatus().find((x) => x.connectionId === id);
    if (s?.state.kind === 'idle' && (s.state.lastSyncAt ?? -1) > after) return s.state.lastSyncAt!;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('no sync run');
}

test('window closed with keepRunningInTray on: refresh and the sync schedule keep running', async (t) => {
  const { app, clock, id, appSettings } = await connectedApp(t);
  const action = whenAllWindowsClosed('linux', appSettings.get());
  assert.equal(action.kind, 'keep-running');
  const firstRefresh = app.getConnection(id).lastRefreshAt ?? 0;

  await clock.advance(5_000); // the launch run
  const first = await syncedAfter(app, id, -1);
  await clock.advance(INTERVAL);
  const second = await syncedAfter(app, id, first);
  await clock.advance(INTERVAL);
  const third = await syncedAfter(app, id, second);
  assert.ok(first < second && second < third, 'the scheduler kept firing with no window');
  assert.equal(app.syncService.listSyncStatus().find((s) => s.connectionId === id)!.orderCount, 30);

  await clock.advance(120_000); // the demo store's access token lifetime
  for (let i = 0; i < 200 && (app.getConnection(id).lastRefreshAt ?? 0) <= firstRefresh; i++) await new Promise((r) => setTimeout(r, 25));
  assert.ok((app.getConnection(id).lastRefreshAt ?? 0) > firstRefresh, 'the token was refreshed with no window');
  assert.equal(app.getConnection(id).status.kind, 'connected');
});

test('window closed with keepRunningInTray off: the app quits, the core is closed and no schedule fires any more', async (t) => {
  const { app, clock, id, appSettings, close } = await connectedApp(t);
  appSettings.update({ keepRunningInTray: false });
  await clock.advance(5_000);
  const last = await syncedAfter(app, id, -1);
  const action = whenAllWindowsClosed('linux', appSettings.get());
  assert.equal(action.kind, 'quit');
  await close(); // what before-quit does
  assert.equal(clock.pending(), 0, 'closing the core cancelled every timer: no refresh or sync can fire');
  await clock.advance(INTERVAL * 3);
  assert.ok(last > 0);
});
