/**
 * Issue 9 in real Chromium against the REAL app (main/storelink-app.ts): the orders Export button (the
 * save dialog is the shell's; here the app's SaveDialogPort answers with a temp file, which is the
 * harness's stand-in for dialog.showSaveDialog), the activity Export button, and the order details
 * panel (mouse and keyboard, focus in and back, Open in admin refused for the demo store), with axe.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { createStorelinkApp, type StorelinkApp } from '../../main/storelink-app.ts';
import { lastDays } from '../../renderer/src/orders/range.ts';
import { launchHarness, type Harness } from './harness.ts';
import { RecordingKeychain, memorySettings } from './recording-keychain.ts';
import { checkScreen } from './screens.ts';

const WAIT = { timeout: 20_000 };
let h: Harness;
let dataDir: string;
before(async () => {
  h = await launchHarness();
  dataDir = await mkdtemp(path.join(tmpdir(), 'storelink-e2e-export-'));
});
after(async () => {
  await h.close();
  await rm(dataDir, { recursive: true, force: true });
});

test('issue 9: export orders and activity from the screens, and the order details panel, in Chromium with axe', async (t) => {
  const saveTo: string[] = [];
  const asked: string[] = [];
  const app: StorelinkApp = await createStorelinkApp({
    dataDir,
    keychain: new RecordingKeychain(),
    settings: memorySettings(),
    opener: h.opener,
    demoStore: { orderCount: 120, rateLimit: { capacity: 10_000, refillPerSec: 10_000 } },
    syncIntervalMs: 0,
    saveDialog: {
      async chooseSavePath({ defaultName }) {
        asked.push(defaultName);
        return saveTo.shift();
      },
    },
  });
  t.after(() => app.close());
  const page = await h.openApp(app);
  const nav = page.getByRole('navigation');
  await page.getByRole('button', { name: 'Try the demo store' }).click(WAIT);
  const consent = await h.nextConsentPage();
  await consent.getByRole('button', { name: 'Authorize' }).click();
  await page.locator('article.connection').waitFor(WAIT);
  await consent.close();
  const [conn] = app.listConnections();
  assert.ok(conn);
  await app.syncService.syncNow(conn.id);

  await nav.getByRole('button', { name: 'Orders' }).click();
  await page.getByRole('button', { name: '90 days' }).click();
  const range = lastDays(90, Date.now());
  const inRange = app.syncService.ordersSummary(range).orderCount;
  assert.ok(inRange > 50, `orders in range: ${inRange}`);
  await page.locator('.vbody [role=row] [role=cell]:not(.muted)').first().waitFor(WAIT);

  // Export: the main process asks where to save; the page learns only the row count.
  const file1 = path.join(dataDir, 'orders.csv');
  saveTo.push(file1);
  const exportOrders = page.getByTestId('export-orders');
  await exportOrders.getByRole('button', { name: 'Export CSV…' }).click();
  await exportOrders
    .getByRole('status')
    .getByText(/^Saved [\d,]+ orders to the file you chose\.$/)
    .waitFor(WAIT);
  const rows1 = parse(fs.readFileSync(file1, 'utf8'), { bom: true }) as string[][];
  assert.equal(rows1.length - 1, inRange, 'every order of the screen range, not just the rows on screen');
  assert.match(await exportOrders.getByRole('status').innerText(), new RegExp(`Saved ${inRange.toLocaleString('en')} orders`));
  assert.match(asked[0]!, /^storelink-orders-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);

  // With the status filter the table uses: the same filter reaches the export.
  const status = await page.locator('#order-status option').nth(1).getAttribute('value');
  assert.ok(status);
  await page.locator('#order-status').selectOption(status);
  const filtered = rows1.slice(1).filter((r) => r[5] === status).length;
  await page.waitForFunction((n) => document.querySelector('[data-testid=orders-total]')?.textContent === `${n} orders`, filtered.toLocaleString('en'), WAIT);
  const file2 = path.join(dataDir, 'filtered.csv');
  saveTo.push(file2);
  await exportOrders.getByRole('button', { name: 'Export CSV…' }).click();
  await exportOrders
    .getByRole('status')
    .getByText(`Saved ${filtered.toLocaleString('en')} orders to the file you chose.`)
    .waitFor(WAIT);
  const rows2 = parse(fs.readFileSync(file2, 'utf8'), { bom: true }) as string[][];
  assert.ok(rows2.slice(1).every((r) => r[5] === status));
  // cancelled in the dialog: said so, nothing written
  await exportOrders.getByRole('button', { name: 'Export CSV…' }).click();
  await exportOrders.getByRole('status').getByText('Export cancelled. Nothing was saved.').waitFor(WAIT);
  // a folder that is gone: plain words
  saveTo.push(path.join(dataDir, 'gone', 'x.csv'));
  await exportOrders.getByRole('button', { name: 'Export CSV…' }).click();
  await exportOrders
    .locator('[data-error-code=export_failed]')
    .getByText(/That folder does not exist any more/)
    .waitFor(WAIT);
  assert.deepEqual(await checkScreen(page, 'orders-export'), []);
  await page.locator('#order-status').selectOption('');

  // Order details, by mouse: the panel opens with focus inside and shows the order's facts.
  const firstOrder = page.locator('.vbody [aria-rowindex="2"] [role=cell] button').first();
  await firstOrder.waitFor(WAIT);
  const number = (await firstOrder.innerText()).trim();
  await firstOrder.click();
  const panel = page.getByRole('dialog', { name: `Order ${number}` });
  await panel.waitFor(WAIT);
  assert.equal(await panel.evaluate((d) => d.contains(document.activeElement)), true, 'focus moved into the panel');
  const order = (await app.sync.ordersPage({ ...range, sort: 'createdAt', direction: 'desc', offset: 0, limit: 1 })).rows[0]!;
  assert.equal(order.orderNumber, number);
  const facts = Object.fromEntries(
    await panel.locator('dl > div').evaluateAll((divs) => divs.map((d) => [d.querySelector('dt')?.textContent, d.querySelector('dd')?.textContent])),
  );
  assert.equal(facts['Status'], order.status);
  assert.equal(facts['Payment status'], order.financialStatus);
  assert.equal(facts['Currency'], order.currency);
  assert.equal(facts['Order ID on the platform'], order.platformId);
  assert.equal(
    facts['Total'],
    await page.evaluate(
      ([m, c, e]) =>
        new Intl.NumberFormat(navigator.language, { style: 'currency', currency: c, minimumFractionDigits: e, maximumFractionDigits: e }).format(m / 10 ** e),
      [order.totalMinor, order.currency, order.exponent ?? 2] as const,
    ),
  );
  // Open in admin: the demo store has no admin page, so no button; and the main process refuses it anyway
  await panel.getByText('Demo store has no admin page for single orders.').waitFor(WAIT);
  assert.equal(await panel.getByRole('button', { name: /^Open in / }).count(), 0);
  const opened = h.opener.opened.length;
  const direct = await page.evaluate(
    ([c, o]) =>
      (window as unknown as { storelink: { openOrderInAdmin(r: unknown): Promise<unknown> } }).storelink.openOrderInAdmin({ connectionId: c, orderId: o }),
    [order.connectionId, order.platformId] as const,
  );
  assert.equal((direct as { ok: boolean; error?: { code: string } }).error?.code, 'admin_link_unavailable');
  assert.equal(h.opener.opened.length, opened, 'nothing was opened');
  assert.deepEqual(await checkScreen(page, 'order-details'), []);
  await page.keyboard.press('Escape');
  await panel.waitFor({ state: 'detached', ...WAIT });
  assert.equal(await firstOrder.evaluate((b) => b === document.activeElement), true, 'focus back on the order');

  // By keyboard: Enter on the focused order opens it, Close returns focus.
  await page.keyboard.press('Enter');
  await panel.waitFor(WAIT);
  await panel.getByRole('button', { name: 'Close' }).focus();
  await page.keyboard.press('Enter');
  await panel.waitFor({ state: 'detached', ...WAIT });
  assert.equal(await firstOrder.evaluate((b) => b === document.activeElement), true, 'focus back on the order after Close');

  // Activity export.
  await nav.getByRole('button', { name: 'Activity' }).click();
  const file3 = path.join(dataDir, 'activity.csv');
  saveTo.push(file3);
  const exportActivity = page.getByTestId('export-activity');
  await exportActivity.getByRole('button', { name: 'Export CSV…' }).click();
  await exportActivity
    .getByRole('status')
    .getByText(/^Saved \d+ entries to the file you chose\.$/)
    .waitFor(WAIT);
  const rows3 = parse(fs.readFileSync(file3, 'utf8'), { bom: true }) as string[][];
  assert.deepEqual(rows3[0], ['Date', 'Event', 'Platform', 'Account', 'Details', 'Connection ID']);
  assert.ok(rows3.slice(1).some((r) => r[1] === 'connected' && r[5] === conn.id));
  assert.deepEqual(await checkScreen(page, 'activity-export'), []);
  assert.ok(!h.ipcLog.some((l) => l.includes(dataDir)), 'no path in any reply or event the page saw');
});
