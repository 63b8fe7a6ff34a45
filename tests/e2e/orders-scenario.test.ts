/**
 * End-to-end orders scenario against the REAL app (main/storelink-app.ts: core + order sync) in
 * real Chromium: connect the embedded demo store from the first-run screen (consent clicked in a
 * real browser page), sync its orders from the Orders screen while watching live progress arrive
 * through syncProgress events, check every figure against the Demo store's own orders API, then
 * disconnect and see the orders gone. Keychain: in-memory (recording-keychain.ts).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright';
import { createStorelinkApp, type StorelinkApp } from '../../main/storelink-app.ts';
import { lastDays } from '../../renderer/src/orders/range.ts';
import { statusLabel } from '../../renderer/src/orders/status-label.ts';
import { leakedCanaries } from './canary.ts';
import { demoOrdersViaApi, figuresFor } from './demo-orders-api.ts';
import { createGatedHttp } from './gated-http.ts';
import { launchHarness, type Harness } from './harness.ts';
import { RecordingKeychain, memorySettings } from './recording-keychain.ts';
import { checkScreen } from './screens.ts';

const DEMO_ORDERS = 300;
const RANGE_DAYS = 90;
const WAIT = { timeout: 20_000 };

let h: Harness;
let dataDir: string;
before(async () => {
  h = await launchHarness();
  dataDir = await mkdtemp(path.join(tmpdir(), 'storelink-e2e-orders-'));
});
after(async () => {
  await h.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Formats like renderer/src/format/intl.ts, but with the page's own Intl and locale. */
function pageIntl(page: Page) {
  return {
    integer: (n: number) => page.evaluate((v) => new Intl.NumberFormat(navigator.language, { maximumFractionDigits: 0 }).format(v), n),
    money: (minor: number, currency: string, exponent: number) =>
      page.evaluate(
        ([m, c, e]) =>
          new Intl.NumberFormat(navigator.language, { style: 'currency', currency: c, minimumFractionDigits: e, maximumFractionDigits: e }).format(m / 10 ** e),
        [minor, currency, exponent] as const,
      ),
  };
}

/**
 * Sort keys of the order rows now in the DOM, top to bottom: [currency, total in minor units] via the
 * store's own data. Sorting by total groups by currency first: amounts in different currencies do not compare.
 */
async function visibleTotals(page: Page, totalOf: Map<string, { totalMinor: number; currency: string }>): Promise<Array<[string, number]>> {
  const rows = await page.locator('.vbody [role=row]').evaluateAll((els) =>
    els
      .map((el) => ({ top: el.getBoundingClientRect().top, n: el.querySelector('[role=cell]')?.textContent ?? '' }))
      .sort((a, b) => a.top - b.top)
      .map((r) => r.n),
  );
  return rows.map((n) => {
    const o = totalOf.get(n);
    assert.ok(o, `row ${n} is an order of the store in the range`);
    return [o.currency, o.totalMinor];
  });
}

/** One row of the Sales figures table: currency -> cell text. */
async function salesFiguresRow(page: Page, figure: string): Promise<Record<string, string>> {
  const table = page.getByTestId('sales-figures');
  const currencies = await table.locator('thead th').allInnerTexts();
  const cells = await table.locator(`tr[data-figure=${figure}] td`).allInnerTexts();
  return Object.fromEntries(cells.map((t, i) => [currencies[i + 1]!, t]));
}

const byKey = (dir: 1 | -1) => (a: [string, number], b: [string, number]) => a[0].localeCompare(b[0]) || dir * (a[1] - b[1]);

test('demo store orders end to end: connect, sync with live progress, summaries match the store, disconnect deletes them; no token reaches the page (security.md #10, #30)', async (t) => {
  const gate = createGatedHttp((req) => req.url.includes('/api/v1/orders'));
  const keychain = new RecordingKeychain();
  const app: StorelinkApp = await createStorelinkApp({
    dataDir,
    keychain,
    settings: memorySettings(),
    opener: h.opener,
    http: gate,
    demoStore: { orderCount: DEMO_ORDERS, rateLimit: { capacity: 10_000, refillPerSec: 10_000 } },
    syncIntervalMs: 0,
    syncAfterConnect: false, // these tests start every sync themselves (sync after connect: tests/core/sync-connect-activity.test.ts)
  });
  t.after(() => app.close());
  const page = await h.openApp(app);
  const intl = pageIntl(page);
  const nav = page.getByRole('navigation');

  // First run: connect the demo store, consent in a real browser page.
  await page.getByRole('heading', { name: 'Welcome to Storelink' }).waitFor(WAIT);
  await page.getByRole('button', { name: 'Try the demo store' }).click();
  const consent = await h.nextConsentPage();
  await consent.getByRole('button', { name: 'Authorize' }).click();
  await page.locator('article.connection').waitFor(WAIT);
  const [conn] = app.listConnections();
  assert.ok(conn, 'one connection');
  await consent.close();

  // Orders before any sync: nothing stored.
  await nav.getByRole('button', { name: 'Orders' }).click();
  await page.getByRole('button', { name: `${RANGE_DAYS} days` }).click();
  const count = page.getByTestId('order-count');
  await page.waitForFunction(() => document.querySelector('[data-testid=order-count]')?.textContent === '0', null, WAIT);
  const row = page.locator(`[data-sync-connection="${conn.id}"]`);
  await row.waitFor(WAIT);

  // Sync now, with the orders API held at the gate: the row shows live progress from syncProgress.
  gate.hold();
  let parked = gate.parked();
  await row.getByRole('button', { name: /^Sync now: Demo store/ }).click();
  await parked;
  await page.locator(`[data-sync-connection="${conn.id}"][data-sync-state=running]`).waitFor(WAIT);
  await row.getByRole('button', { name: 'Cancel sync' }).waitFor(WAIT);
  await row.getByRole('progressbar').waitFor(WAIT);
  parked = gate.parked();
  gate.step(); // one page of 100 orders goes through, the next request waits again
  await parked;
  const firstPage = await intl.integer(100);
  await row.getByText(new RegExp(`Syncing: 1 page, ${firstPage} orders so far`)).waitFor(WAIT);
  gate.open();
  await page.locator(`[data-sync-connection="${conn.id}"][data-sync-state=idle]`).waitFor(WAIT);
  assert.equal(await row.getByTestId('sync-result').innerText(), 'Succeeded');
  await row.getByText(`${await intl.integer(DEMO_ORDERS)} orders stored`).waitFor(WAIT);
  assert.doesNotMatch(await row.locator('dd').first().innerText(), /—/, 'last sync time shown');

  // Expected figures come from the store's own API, for the range the screen uses.
  const storeOrders = await demoOrdersViaApi(app, conn.id);
  assert.equal(storeOrders.length, DEMO_ORDERS);
  const range = lastDays(RANGE_DAYS, Date.now());
  const want = figuresFor(storeOrders, range.fromMs, range.toMs);
  assert.ok(want.orderCount > 200 && want.orderCount < DEMO_ORDERS, `range holds part of the orders (${want.orderCount})`);
  assert.equal(app.syncService.ordersSummary(range).orderCount, want.orderCount, 'the service agrees with the store');

  await page.waitForFunction((n) => document.querySelector('[data-testid=order-count]')?.textContent === n, await intl.integer(want.orderCount), WAIT);
  assert.ok(want.byCurrency.size >= 2, 'several currencies');
  // Total sales (order totals - refunds dated in the range): the top card says exactly what the Sales figures table says.
  const oneSpace = (t: string) => t.replace(/\s+/g, ' ').trim();
  const cardSales = Object.fromEntries(
    await page
      .locator('[data-testid=total-sales] [data-currency]')
      .evaluateAll((els) => els.map((el) => [el.getAttribute('data-currency'), el.querySelector('dd')?.textContent ?? ''])),
  ) as Record<string, string>;
  const tableSales = await salesFiguresRow(page, 'totalSales');
  assert.deepEqual(Object.keys(cardSales).sort(), [...want.byCurrency.keys()].sort(), 'one line per currency');
  for (const [currency, c] of want.byCurrency) {
    const text = await intl.money(c.totalSalesMinor, currency, c.exponent);
    assert.equal(oneSpace(cardSales[currency]!), oneSpace(text), `${currency} total sales on the card`);
    assert.equal(oneSpace(tableSales[currency]!), oneSpace(cardSales[currency]!), `${currency}: card = table`);
    if (c.totalSalesMinor !== c.revenueMinor) assert.notEqual(oneSpace(cardSales[currency]!), oneSpace(await intl.money(c.revenueMinor, currency, c.exponent)));
  }
  assert.ok(
    [...want.byCurrency.values()].some((c) => c.totalSalesMinor < c.revenueMinor),
    'some refunds in the range: total sales differ from order totals',
  );
  assert.equal(await page.getByText(/revenue/i).count(), 0, 'nothing on screen is called revenue');
  // five currencies at 1280 px: one line each, nothing wraps
  const wrapped = await page
    .locator('[data-testid=total-sales] [data-currency]')
    .evaluateAll((els) =>
      els
        .filter((el) => el.getBoundingClientRect().height > 1.6 * parseFloat(getComputedStyle(el.querySelector('dd')!).lineHeight))
        .map((el) => el.textContent),
    );
  assert.deepEqual(wrapped, [], 'no total-sales line wraps');
  const statusRows = await page
    .locator('section[aria-labelledby=sum-status] tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
  assert.equal(statusRows.length, want.byStatus.size);
  for (const [status, n] of want.byStatus)
    assert.ok(
      statusRows.some(([s, v]) => s === statusLabel(status) && v === String(n)),
      `${status}: ${n}`,
    );

  // The chart and its table alternative.
  const chart = page.getByRole('img', { name: /Orders and [A-Z]{3} total sales per day/ });
  assert.equal(await chart.count(), 1);
  const chartLabel = (await chart.getAttribute('aria-label')) ?? '';
  assert.match(chartLabel, new RegExp(`${await intl.integer(want.orderCount)} orders in total`));
  const chartCurrency = /Orders and ([A-Z]{3}) total sales/.exec(chartLabel)![1]!;
  const chartWant = want.byCurrency.get(chartCurrency)!;
  assert.ok(chartLabel.includes(`${chartCurrency} total sales ${await intl.money(chartWant.totalSalesMinor, chartCurrency, chartWant.exponent)}`), chartLabel);
  const clipped = await chart.evaluate((svg) => {
    const box = (svg as SVGSVGElement).viewBox.baseVal;
    return [...svg.querySelectorAll('text')]
      .filter((el) => {
        const b = el.getBBox();
        return b.x < box.x || b.y < box.y || b.x + b.width > box.x + box.width || b.y + b.height > box.y + box.height;
      })
      .map((el) => el.textContent);
  });
  assert.deepEqual(clipped, [], 'every chart label lies inside the chart');
  await page.getByText('Show the numbers as a table').click();
  const perDay = await page.getByTestId('chart-table').locator('tbody tr td:nth-child(2)').allInnerTexts();
  assert.ok(perDay.length >= 60, `one row per day (${perDay.length})`);
  assert.equal(
    perDay.reduce((s, t) => s + Number(t.replace(/\D/g, '')), 0),
    want.orderCount,
  );
  // the total-sales column adds up to the card's total sales, to the minor unit (days with more refunds than sales count negative)
  assert.match(await page.getByTestId('chart-table').locator('thead').innerText(), new RegExp(`Total sales \\(${chartCurrency}\\)`));
  const salesPerDay = await page.getByTestId('chart-table').locator('tbody tr td:nth-child(3)').allInnerTexts();
  assert.equal(
    salesPerDay.reduce((s, t) => s + (/[-−]/.test(t) ? -1 : 1) * Number(t.replace(/\D/g, '')), 0),
    chartWant.totalSalesMinor,
  );

  // Recent orders: virtualised, every order reachable, sortable by total.
  await page.waitForFunction(
    (t) => document.querySelector('[data-testid=orders-total]')?.textContent === t,
    `${await intl.integer(want.orderCount)} orders`,
    WAIT,
  );
  assert.equal(await page.locator('.vtable').getAttribute('aria-rowcount'), String(want.orderCount + 1));
  await page.locator('.vbody [role=row] [role=cell]:not(.muted)').first().waitFor(WAIT);
  const rendered = await page.locator('.vbody [role=row]').count();
  assert.ok(rendered > 3 && rendered < want.orderCount, `only rows near the viewport are in the DOM (${rendered})`);
  const totalButton = page.locator('[role=columnheader] button', { hasText: 'Total' });
  const orders = [...want.totalOf.values()];
  const firstRowIsOneOf = (numbers: string[]) =>
    page.waitForFunction((ns) => ns.includes(document.querySelector('.vbody [aria-rowindex="2"] [role=cell]')?.textContent ?? ''), numbers, WAIT);
  // Sorting by total groups by currency (A-Z), then by amount within the currency.
  const firstCurrency = [...new Set(orders.map((o) => o.currency))].sort()[0]!;
  const inFirst = orders.filter((o) => o.currency === firstCurrency);
  const numbersWithTotal = (minor: number) => inFirst.filter((o) => o.totalMinor === minor).map((o) => o.number);
  const max = Math.max(...inFirst.map((o) => o.totalMinor));
  const min = Math.min(...inFirst.map((o) => o.totalMinor));
  await totalButton.click();
  await page.locator('[role=columnheader][aria-sort=descending]', { hasText: 'Total' }).waitFor(WAIT);
  await firstRowIsOneOf(numbersWithTotal(max));
  const desc = await visibleTotals(page, want.totalOf);
  assert.ok(desc.length > 3, 'rows shown');
  assert.deepEqual(desc, [...desc].sort(byKey(-1)), 'by currency, then descending by total');
  const topOrder = want.totalOf.get(await page.locator('.vbody [aria-rowindex="2"] [role=cell]').first().innerText())!;
  assert.equal(
    await page.locator('.vbody [aria-rowindex="2"] [role=cell]').last().innerText(),
    await intl.money(topOrder.totalMinor, topOrder.currency, topOrder.exponent),
  );
  await totalButton.click();
  await page.locator('[role=columnheader][aria-sort=ascending]', { hasText: 'Total' }).waitFor(WAIT);
  await firstRowIsOneOf(numbersWithTotal(min));
  const asc = await visibleTotals(page, want.totalOf);
  assert.deepEqual(asc, [...asc].sort(byKey(1)), 'by currency, then ascending by total');
  await page.locator('.vbody').evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await page
    .locator(`.vbody [aria-rowindex="${want.orderCount + 1}"] [role=cell]:not(.muted)`)
    .first()
    .waitFor(WAIT);
  await page.locator('.vbody').evaluate((el) => el.scrollTo({ top: 0 }));

  assert.deepEqual(await checkScreen(page, 'real-orders'), []);

  // Disconnect from the Connections screen: the orders are deleted and the Orders screen is empty.
  await nav.getByRole('button', { name: 'Connections' }).click();
  await page.getByRole('button', { name: 'Disconnect' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Disconnect' }).click();
  const result = page.getByTestId('disconnect-result');
  await result.waitFor(WAIT);
  assert.match(await result.innerText(), new RegExp(`${await intl.integer(DEMO_ORDERS)} synced orders deleted`));
  await result.getByRole('button', { name: 'Close' }).click();
  await nav.getByRole('button', { name: 'Orders' }).click();
  await page.getByText('Connect a store to see its orders here.').waitFor(WAIT);
  await page.waitForFunction(() => document.querySelector('[data-testid=order-count]')?.textContent === '0', null, WAIT);
  await page.waitForFunction(() => document.querySelector('[data-testid=orders-total]')?.textContent === '0 orders', null, WAIT);
  assert.equal(await count.innerText(), '0');
  assert.equal(app.syncService.ordersSummary({ fromMs: 0, toMs: Date.now() + 86_400_000 }).orderCount, 0);
  assert.equal(app.listConnections().length, 0);

  // Canary scan: no access or refresh token value anywhere the page or its IPC could see.
  const canaries = keychain.demoTokens();
  assert.ok(canaries.length >= 2, `saw the access and refresh tokens (${canaries.length})`);
  assert.deepEqual(await leakedCanaries(page, canaries, h), []);
});
