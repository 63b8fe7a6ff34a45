/**
 * The sales figures card (renderer/src/orders/SalesFigures.tsx) in real Chromium against the fake core:
 * each figure per currency, "Not available from <Platform>" instead of 0, and each figure's definition on
 * hover AND on keyboard focus (aria-describedby on a focusable term); axe-clean in light and dark.
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
  orderCount: 3,
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
  ],
  byStatus: [{ status: 'fulfilled', count: 3 }],
  perDay: [],
};

test('sales figures: per currency, "Not available from Etsy" rather than 0, definitions on hover and focus, axe-clean', async () => {
  const core = createFakeCore();
  const orders = createFakeOrders();
  const sync = { ...orders, ordersSummary: async () => SUMMARY };
  const page = await h.openApp(core, { sync });
  core.addConnection({});
  await page.getByRole('button', { name: 'Orders' }).click();
  const card = page.getByTestId('sales-figures');
  await card.waitFor();
  const row = async (figure: string) => card.locator(`tr[data-figure=${figure}] td`).allInnerTexts();
  assert.deepEqual(await row('discounts'), [
    'Not available from Etsy',
    await page.evaluate(() => new Intl.NumberFormat(undefined, { style: 'currency', currency: 'JPY' }).format(-100)),
  ]);
  assert.ok(!(await row('discounts'))[0]!.includes('0.00'));
  assert.deepEqual((await row('orders')).length, 2);
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
