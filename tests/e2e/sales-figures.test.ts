/**
 * The sales figures card (renderer/src/orders/SalesFigures.tsx) in real Chromium against the fake core:
 * each figure per currency, "Not available from <Platform>" instead of 0, and each figure's definition on
 * hover AND on keyboard focus (aria-describedby on a focusable term); axe-clean in light and dark. The
 * Total sales card (SummaryCards.tsx) shows the table's total sales per currency, and the chart
 * (OrdersChart.tsx) plots total sales per day, negative days below a zero line.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { OrderSummaryView } from '../../shared/view-models.ts';
import { createFakeCore } from './fake-core.ts';
import { createFakeOrders } from './fake-orders.ts';
import { launchHarness, type Harness } from './harness.ts';
import { checkScreen } from './screens.ts';

let h: Harness;
before(async () => {
  h = await launchHarness();
});
after(async () => {
  await h.close();
});

const SUMMARY: OrderSummaryView = {
  orderCount: 4,
  byCurrency: [
    {
      currency: 'USD',
      revenueMinor: 33_000,
      orderCount: 2,
      averageMinor: 16_500,
      exponent: 2,
      grossSalesMinor: 30_000,
      returnsMinor: -2500,
      totalSalesMinor: 30_500,
      unavailable: [
        { figure: 'discounts', message: 'Not available from Etsy' },
        { figure: 'netSales', message: 'Not available from Etsy' },
        { figure: 'averageOrderValue', message: 'Not available from Etsy' },
      ],
    },
    {
      currency: 'JPY',
      revenueMinor: 1200,
      orderCount: 1,
      averageMinor: 1200,
      exponent: 0,
      grossSalesMinor: 1100,
      discountsMinor: -100,
      returnsMinor: 0,
      netSalesMinor: 1000,
      totalSalesMinor: 1200,
      averageOrderValueMinor: 1000,
    },
    {
      // a store that cannot say what was refunded: total sales not available (never 0, never the order totals)
      currency: 'EUR',
      revenueMinor: 5000,
      orderCount: 1,
      averageMinor: 5000,
      exponent: 2,
      grossSalesMinor: 4500,
      discountsMinor: -250,
      averageOrderValueMinor: 4250,
      unavailable: [
        { figure: 'returns', message: 'Not available from WooCommerce' },
        { figure: 'netSales', message: 'Not available from WooCommerce' },
        { figure: 'totalSales', message: 'Not available from WooCommerce' },
      ],
    },
  ],
  byStatus: [{ status: 'fulfilled', count: 4 }],
  // USD: 330.00 of orders on the 1st; a 25.00 refund on the 2nd, a day without sales: -25.00
  perDay: [
    { day: '2026-03-01', orders: 2, revenueByCurrency: { USD: 33_000, JPY: 1200 }, totalSalesByCurrency: { USD: 33_000, JPY: 1200 } },
    { day: '2026-03-02', orders: 0, revenueByCurrency: {}, totalSalesByCurrency: { USD: -2500 } },
    { day: '2026-03-03', orders: 1, revenueByCurrency: { EUR: 5000 }, totalSalesByCurrency: {} },
  ],
};

test('sales figures: per currency, "Not available from Etsy" rather than 0, definitions on hover and focus; the Total sales card equals the table; the chart plots total sales per day (negative days below zero, "not available" said), axe-clean', async () => {
  const core = createFakeCore();
  const orders = createFakeOrders();
  const sync = { ...orders, ordersSummary: async () => SUMMARY };
  const page = await h.openApp(core, { sync });
  core.addConnection({});
  await page.getByRole('button', { name: 'Orders' }).click();
  const card = page.getByTestId('sales-figures');
  await card.waitFor();
  const row = async (figure: string) => card.locator(`tr[data-figure=${figure}] td`).allInnerTexts();
  const money = (minor: number, currency: string, exponent: number) =>
    page.evaluate(([m, c, e]) => new Intl.NumberFormat(undefined, { style: 'currency', currency: c, minimumFractionDigits: e }).format(m / 10 ** e), [
      minor,
      currency,
      exponent,
    ] as const);
  assert.deepEqual(await card.locator('thead th').allInnerTexts(), ['Figure', 'USD', 'EUR', 'JPY']);
  assert.deepEqual(await row('discounts'), ['Not available from Etsy', await money(-250, 'EUR', 2), await money(-100, 'JPY', 0)]);
  assert.ok(!(await row('discounts'))[0]!.includes('0.00'));
  assert.deepEqual((await row('orders')).length, 3);

  // The Total sales card above says exactly what the table's Total sales row says, currency by currency.
  const totalCard = page.getByTestId('total-sales');
  const cardLines = await totalCard
    .locator('[data-currency]')
    .evaluateAll((els) => els.map((el) => [el.querySelector('dt')?.textContent, el.querySelector('dd')?.textContent]));
  const tableSales = await row('totalSales');
  assert.deepEqual(
    cardLines,
    ['USD', 'EUR', 'JPY'].map((c, i) => [c, tableSales[i]]),
  );
  assert.deepEqual(tableSales, [await money(30_500, 'USD', 2), 'Not available from WooCommerce', await money(1200, 'JPY', 0)]);
  assert.equal(await page.getByText(/revenue/i).count(), 0, 'nothing on screen is called revenue');
  const cardTerm = totalCard.getByRole('button', { name: 'Total sales' });
  await cardTerm.hover();
  const cardTip = page.locator(`[id="${await cardTerm.getAttribute('aria-describedby')}"]`);
  assert.equal(await cardTip.isVisible(), true, 'the card shows the definition on hover');
  assert.equal(await cardTip.innerText(), await card.locator('tr[data-figure=totalSales] [role=tooltip]').innerText(), 'same definition as the table');
  await page.mouse.move(0, 0);

  // The chart plots total sales per day: a refund-only day below a zero line; a currency without total sales says so.
  const chart = page.getByRole('img', { name: /^Orders and USD total sales per day/ });
  const chartLabel = (await chart.getAttribute('aria-label')) ?? '';
  assert.ok(chartLabel.endsWith(`USD total sales ${await money(30_500, 'USD', 2)}; 1 day below zero (more refunded than sold).`), chartLabel);
  assert.equal(await page.locator('[data-testid=orders-chart] line.zero').count(), 1, 'a zero line when a day is negative');
  const zeroY = Number(await page.locator('[data-testid=orders-chart] line.zero').getAttribute('y1'));
  const pathYs = ((await page.locator('[data-testid=orders-chart] path.line').getAttribute('d')) ?? '').match(/,[\d.]+/g)!.map((t) => Number(t.slice(1)));
  assert.ok(pathYs[0]! < zeroY && pathYs[1]! > zeroY && Math.abs(pathYs[2]! - zeroY) < 0.1, `line above, below, on zero: ${pathYs.join(' ')} vs ${zeroY}`);
  assert.match(await page.locator('.chart .legend').innerText(), /Total sales in USD \(right scale\)/);
  await page.getByText('Show the numbers as a table').click();
  assert.deepEqual(await page.getByTestId('chart-table').locator('thead th').allInnerTexts(), ['Day', 'Orders', 'Total sales (USD)']);
  assert.deepEqual(await page.getByTestId('chart-table').locator('tbody td:nth-child(3)').allInnerTexts(), [
    await money(33_000, 'USD', 2),
    await money(-2500, 'USD', 2),
    await money(0, 'USD', 2),
  ]);
  await page.selectOption('#chart-currency', 'EUR');
  await page.getByRole('img', { name: /^Orders and EUR total sales per day.*EUR total sales: Not available from WooCommerce\./ }).waitFor();
  assert.equal(
    await page.getByTestId('chart-sales-unavailable').innerText(),
    'Total sales in EUR: Not available from WooCommerce. The chart shows orders only.',
  );
  assert.equal(await page.locator('[data-testid=orders-chart] path.line').count(), 0, 'no line: order totals are not plotted as total sales');
  assert.deepEqual(await page.getByTestId('chart-table').locator('thead th').allInnerTexts(), ['Day', 'Orders']);
  assert.deepEqual(await checkScreen(page, 'sales-figures-chart-unavailable'), []);
  await page.selectOption('#chart-currency', 'USD');

  // keyboard: Tab reaches the term; its tooltip shows and is its accessible description
  const term = card.getByRole('button', { name: 'Net sales' });
  const tipId = await term.getAttribute('aria-describedby');
  assert.ok(tipId);
  const tip = page.locator(`[id="${tipId}"]`);
  assert.equal(await tip.isVisible(), false, 'hidden until hover or focus');
  await term.focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Net sales');
  assert.equal(await tip.isVisible(), true, 'shown on keyboard focus');
  assert.match(await tip.innerText(), /Gross sales − discounts − returns/);
  assert.equal(await term.evaluate((el) => (el as HTMLElement).getAttribute('aria-describedby') === el.nextElementSibling?.id), true);
  await term.blur();
  const gross = card.getByRole('button', { name: 'Gross sales' });
  await gross.hover();
  const grossTip = page.locator(`[id="${await gross.getAttribute('aria-describedby')}"]`);
  assert.equal(await grossTip.isVisible(), true, 'shown on hover');
  assert.deepEqual(await checkScreen(page, 'sales-figures'), []);
  await page.close();
});
