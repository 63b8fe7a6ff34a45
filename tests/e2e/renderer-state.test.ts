/**
 * The renderer's live state (renderer/src/state/*) in real Chromium against the REAL app
 * (main/storelink-app.ts: core, embedded demo store, order sync), with React in DEVELOPMENT mode:
 * only a development build makes StrictMode do what it does for developers (run state updaters
 * twice, mount every effect twice), which is where a setState inside an updater double-counts.
 * The build goes to a temp folder and is handed to the harness through STORELINK_RENDERER_DIR
 * (tests/e2e/build-renderer.ts), so the production build the other tests use is untouched.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright';
import { StorageError } from '../../main/core/errors.ts';
import { createStorelinkApp, type StorelinkApp } from '../../main/storelink-app.ts';
import type { SyncApi } from '../../main/ipc/sync-api.ts';
import { lastDays } from '../../renderer/src/orders/range.ts';
import { createGatedHttp, type GatedHttp } from './gated-http.ts';
import { launchHarness, type Harness } from './harness.ts';
import { RecordingKeychain, memorySettings } from './recording-keychain.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const DEMO_ORDERS = 120;
const WAIT = { timeout: 20_000 };

let h: Harness;
let app: StorelinkApp;
let gate: GatedHttp;
let connectionId: string;
const temp: string[] = [];

/** The renderer built with React's development bundles (StrictMode double-invocation on). */
async function developmentBuild(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'storelink-renderer-dev-'));
  temp.push(dir);
  const { build } = await import('vite');
  await build({
    configFile: path.join(REPO, 'renderer/vite.config.ts'),
    mode: 'development',
    define: { 'process.env.NODE_ENV': JSON.stringify('development') },
    logLevel: 'error',
    build: { outDir: dir, emptyOutDir: true, minify: false },
  });
  return dir;
}

before(async () => {
  process.env.STORELINK_RENDERER_DIR = await developmentBuild();
  h = await launchHarness();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'storelink-e2e-state-'));
  temp.push(dataDir);
  gate = createGatedHttp((req) => req.url.includes('/api/v1/orders'));
  app = await createStorelinkApp({
    dataDir,
    keychain: new RecordingKeychain(),
    settings: memorySettings(),
    opener: h.opener,
    http: gate,
    demoStore: { orderCount: DEMO_ORDERS, rateLimit: { capacity: 10_000, refillPerSec: 10_000 } },
    syncIntervalMs: 0,
    syncAfterConnect: false, // these tests start every sync themselves (sync after connect: tests/core/sync-connect-activity.test.ts)
  });
  // Connect the demo store once, consent clicked in a real browser page.
  const page = await h.openApp(app);
  await page.getByRole('button', { name: 'Try the demo store' }).click(WAIT);
  const consent = await h.nextConsentPage();
  await consent.getByRole('button', { name: 'Authorize' }).click();
  await page.locator('article.connection').waitFor(WAIT);
  await consent.close();
  await page.close();
  const [conn] = app.listConnections();
  assert.ok(conn, 'one connection');
  connectionId = conn.id;
});

after(async () => {
  await app?.close();
  await h?.close();
  for (const dir of temp) await rm(dir, { recursive: true, force: true });
});

function syncRow(page: Page) {
  return page.locator(`[data-sync-connection="${connectionId}"]`);
}

/** Runs one sync from the Orders screen, seen running (orders API held at the gate), then idle. */
async function syncOnce(page: Page): Promise<void> {
  gate.hold();
  const parked = gate.parked();
  await syncRow(page)
    .getByRole('button', { name: /^Sync now: Demo store/ })
    .click();
  await parked;
  await page.locator(`[data-sync-connection="${connectionId}"][data-sync-state=running]`).waitFor(WAIT);
  gate.open();
  await page.locator(`[data-sync-connection="${connectionId}"][data-sync-state=idle]`).waitFor(WAIT);
}

const finishedCount = async (page: Page) => Number(await page.locator('[data-syncs-finished]').getAttribute('data-syncs-finished'));

test('the page runs development React under StrictMode and the app CSP', async () => {
  const page = await h.openApp(app);
  await page.getByRole('heading', { name: 'Connections' }).waitFor(WAIT);
  assert.ok(
    h.console.some((l) => /React DevTools/.test(l)),
    'development build of React (StrictMode checks active)',
  );
  assert.deepEqual(
    h.console.filter((l) => /Content Security Policy|pageerror/i.test(l)),
    [],
  );
  await page.close();
});

test('sync events that arrive while the first status list is on its way are applied over that stale list', async () => {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let asked!: () => void;
  const requested = new Promise<void>((r) => (asked = r));
  const sync: SyncApi = {
    ...app.sync,
    async listSyncStatus() {
      const stale = await app.sync.listSyncStatus(); // read before the sync below
      asked();
      await held;
      return stale;
    },
  };
  const page = await h.openApp(app, { sync });
  await page.getByRole('navigation').getByRole('button', { name: 'Orders' }).click(WAIT);
  await requested;
  await syncRow(page).waitFor(WAIT);
  assert.equal(await syncRow(page).getAttribute('data-sync-state'), 'unknown', 'no status before the list answers');
  gate.open();
  const outcomes = await app.syncService.syncNow(connectionId); // running ... idle events go to the page
  assert.equal(outcomes.length, 1);
  await page.evaluate(() => 0); // every event sent before this round trip has been delivered
  release();
  await page.locator(`[data-sync-connection="${connectionId}"]:not([data-sync-state=unknown])`).waitFor(WAIT);
  assert.equal(await syncRow(page).getByTestId('sync-result').innerText(), 'Succeeded', 'the stale "never synced" list did not win');
  assert.match(await syncRow(page).innerText(), new RegExp(`${DEMO_ORDERS} orders stored`));
  await page.close();
});

test('StrictMode mounts every effect twice; the sync status store still subscribes and asks for the list once', async () => {
  let statusLists = 0;
  const sync: SyncApi = {
    ...app.sync,
    listSyncStatus() {
      statusLists += 1;
      return app.sync.listSyncStatus();
    },
  };
  const page = await h.openApp(app, { sync });
  await page.getByRole('navigation').getByRole('button', { name: 'Orders' }).click(WAIT);
  await page.locator(`[data-sync-connection="${connectionId}"][data-sync-state=idle]`).waitFor(WAIT);
  assert.equal(statusLists, 1);
  await page.close();
});

test('StrictMode: each finished sync counts once (running -> idle), and the figures reload for it', async () => {
  const page = await h.openApp(app);
  await page.getByRole('navigation').getByRole('button', { name: 'Orders' }).click(WAIT);
  await page.getByRole('button', { name: '90 days' }).click();
  await page.locator(`[data-sync-connection="${connectionId}"][data-sync-state=idle]`).waitFor(WAIT);
  const start = await finishedCount(page);
  assert.equal(start, 0, 'nothing finished since the screen opened');

  await syncOnce(page);
  assert.equal(await finishedCount(page), 1, 'one sync finished: counted once, not twice');
  const inRange = app.syncService.ordersSummary(lastDays(90, Date.now())).orderCount;
  await page.waitForFunction((n) => document.querySelector('[data-testid=orders-total]')?.textContent === `${n} orders`, inRange, WAIT);

  await syncOnce(page);
  assert.equal(await finishedCount(page), 2, 'a second sync: two in all');
  await page.close();
});

test('a failed first list is shown as the ErrorView main sent, in plain words', async () => {
  const failing = Object.assign(Object.create(app) as StorelinkApp, {
    listActivity() {
      throw new StorageError('settings_corrupt', 'The settings file could not be read.');
    },
  });
  const page = await h.openApp(failing);
  await page.getByRole('navigation').getByRole('button', { name: 'Activity' }).click(WAIT);
  const notice = page.locator('[data-error-code]');
  await notice.waitFor(WAIT);
  assert.equal(await notice.getAttribute('data-error-code'), 'settings_corrupt');
  assert.match(await notice.innerText(), /Could not load activity/);
  assert.equal(await page.getByText('Loading…').count(), 0, 'not left loading');
  await page.close();
});
