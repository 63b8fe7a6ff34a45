/**
 * Regenerates the README screenshots (docs/screenshots/*.png, the file names the README uses) from
 * the real app: createStorelinkApp with the embedded demo store, connected through its consent page
 * in real Chromium, orders synced, then Connections (light and dark, 1280x720) and Orders (light,
 * full page at 1280 wide). Not a test; run by hand after a UI change:
 *   bash scripts/with-keyring.sh node_modules/.bin/node tests/e2e/readme-screenshots.ts
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStorelinkApp } from '../../main/storelink-app.ts';
import { launchHarness } from './harness.ts';
import { RecordingKeychain, memorySettings } from './recording-keychain.ts';

const OUT = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const WAIT = { timeout: 30_000 };

const h = await launchHarness();
const dataDir = await mkdtemp(path.join(tmpdir(), 'storelink-readme-'));
const app = await createStorelinkApp({
  dataDir,
  keychain: new RecordingKeychain(),
  settings: memorySettings(),
  opener: h.opener,
  demoStore: { orderCount: 300, rateLimit: { capacity: 10_000, refillPerSec: 10_000 } },
  // a normal schedule, so the screenshot shows when the next sync runs (not "Not scheduled")
  syncIntervalMs: 15 * 60_000,
});
try {
  const page = await h.openApp(app);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByRole('button', { name: 'Try the demo store' }).click(WAIT);
  const consent = await h.nextConsentPage();
  await consent.getByRole('button', { name: 'Authorize' }).click();
  await consent.close();
  await page.locator('article.connection').waitFor(WAIT);

  const nav = page.getByRole('navigation');
  await nav.getByRole('button', { name: 'Orders' }).click();
  // The launch run goes a few seconds after start; once it has, the next run is a whole interval away.
  for (let waited = 0; ; waited += 250) {
    const statuses = await app.syncService.listSyncStatus();
    const next = statuses[0]?.state.kind === 'idle' ? statuses[0].state.nextRunAt : undefined;
    if (next !== undefined && next - Date.now() > 10 * 60_000) break;
    if (waited > 30_000) throw new Error('the launch sync did not run');
    await new Promise((r) => setTimeout(r, 250));
  }
  await page.getByRole('button', { name: 'Sync all stores now' }).click();
  await page.locator('[data-sync-state=idle] [data-testid=sync-result]').filter({ hasText: 'Succeeded' }).waitFor(WAIT);
  await page.getByRole('button', { name: '90 days' }).click();
  await page.locator('.vbody [role=row] [role=cell]:not(.muted)').first().waitFor(WAIT);
  await page.waitForTimeout(300);
  await page.mouse.move(0, 0);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.screenshot({ path: path.join(OUT, 'orders-light.png'), fullPage: true });

  await nav.getByRole('button', { name: 'Connections' }).click();
  await page.locator('article.connection').waitFor(WAIT);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(OUT, 'connections-light.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForTimeout(200);
  await page.screenshot({ path: path.join(OUT, 'connections-dark.png') });
  console.log(`wrote ${OUT}{connections-light,connections-dark,orders-light}.png`);
} finally {
  await app.close();
  await h.close();
  await rm(dataDir, { recursive: true, force: true });
}
