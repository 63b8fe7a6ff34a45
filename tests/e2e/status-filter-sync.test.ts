/**
 * Issue 10 (status2) in real Chromium against the REAL app (core + order sync) and the demo store:
 *  - the card's "Last sync" row says "Not synced yet" until the first run ends, then the result the
 *    Orders screen's sync row shows;
 *  - the Connections screen's status filter lists a card by the derived health, so a card whose
 *    access expired (raw record status still "connected") is under "Not working", never "Working normally";
 *  - Activity rows name the store address.
 * Screenshots (light and dark) with axe in test-artifacts/screenshots.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createStorelinkApp } from '../../main/storelink-app.ts';
import { launchHarness, type Harness } from './harness.ts';
import { RecordingKeychain, memorySettings } from './recording-keychain.ts';
import { checkScreen } from './screens.ts';

const WAIT = { timeout: 20_000 };
let h: Harness;
before(async () => {
  h = await launchHarness();
});
after(async () => {
  await h.close();
});

test('issue 10: "Not synced yet" then the last sync result on the card, the status filter by derived health, store address in Activity (Chromium, real app)', async (t) => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'storelink-e2e-status2-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  const app = await createStorelinkApp({
    dataDir,
    keychain: new RecordingKeychain(),
    settings: memorySettings(),
    opener: h.opener,
    demoStore: { orderCount: 20, accessTokenLifetimeSec: 8, rateLimit: { capacity: 10_000, refillPerSec: 10_000 } },
    syncIntervalMs: 0,
    syncAfterConnect: false, // this test starts the first sync itself, to see the card before it
  });
  t.after(() => app.close());
  const page = await h.openApp(app);

  // Connect without "Stay connected": the 8-s access cannot be renewed.
  await page.getByRole('button', { name: 'Try the demo store' }).click(WAIT);
  const consent = await h.nextConsentPage();
  await consent.locator('input[value="offline_access"]').uncheck();
  await consent.getByRole('button', { name: 'Authorize' }).click();
  const card = page.locator('article.connection');
  await card.waitFor(WAIT);
  await consent.close();
  const [conn] = app.listConnections();
  assert.ok(conn);

  // 1. No run has ended: the card says so.
  assert.equal(await page.getByTestId('card-last-sync').innerText(), 'Not synced yet');
  await app.syncService.syncNow(conn.id);
  await page
    .getByTestId('card-last-sync')
    .filter({ hasText: /^Succeeded/ })
    .waitFor(WAIT);
  assert.match(await page.getByTestId('card-last-sync').innerText(), /^Succeeded \(.+\)$/, 'the result and when');

  // 2. Access ends with nothing to renew it; the record's raw status is still "connected".
  await page.getByTestId('health-headline').filter({ hasText: 'Access expired' }).waitFor(WAIT);
  assert.equal(app.getConnection(conn.id).status.kind, 'connected', 'the raw status would have said Connected');
  const filter = page.getByLabel('Show');
  const options = await filter.locator('option').allInnerTexts();
  assert.deepEqual(options, ['All connections (1)', 'Working normally (0)', 'Needs attention (0)', 'Not working (1)']);
  await filter.selectOption('working');
  assert.equal(await card.count(), 0, 'an expired card is not listed as working');
  assert.match(await page.locator('main').innerText(), /No connection has this status/);
  await filter.selectOption('not-working');
  await card.waitFor(WAIT);
  assert.match(await card.innerText(), /Access expired/);
  // Still the last result the Orders screen shows.
  assert.match(await page.getByTestId('card-last-sync').innerText(), /^Succeeded/);
  assert.deepEqual(await checkScreen(page, 'status2-filter-not-working'), []);

  // 3. The Orders screen's sync row says the same result.
  const nav = page.getByRole('navigation');
  await nav.getByRole('button', { name: 'Orders' }).click();
  await page.getByTestId('sync-result').first().waitFor(WAIT);
  assert.equal(await page.getByTestId('sync-result').first().innerText(), 'Succeeded');

  // 4. Activity: each row of the connection names its store address.
  const address = app.getConnection(conn.id).storeAddress;
  assert.ok(address, 'the demo connection has a store address');
  await nav.getByRole('button', { name: 'Activity' }).click();
  const rows = page.locator('ol.activity li');
  await rows.first().waitFor(WAIT);
  const stores = await page.getByTestId('activity-store').allInnerTexts();
  assert.ok(stores.length >= 3, `connect and sync rows name the store (${stores.length})`);
  assert.equal(stores.length, await rows.count(), 'every row names the store address');
  for (const s of stores) assert.equal(s.trim(), `(${address})`);
  assert.deepEqual(await checkScreen(page, 'status2-activity-store-address'), []);
});
