/**
 * Issue 10 item 7, the rough edges, in real Chromium under the app CSP against the in-memory core
 * and order service (fake-core.ts, fake-orders.ts: they let a test choose notices, statuses, dates
 * and counts exactly): notices styled by kind with one sentence each, plurals, platform status
 * labels, dates that fit the table at 1280 px, years on long chart ranges, no bare table header,
 * focus after every action that removes the focused control, a visible refresh result, failures
 * shown on whichever screen the admin is, form values kept after cancel, and a keyboard-only run of
 * the orders screen. Every state: screenshot in light and dark, axe with no finding of any impact.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright';
import { EXPLANATIONS } from '../../renderer/src/errors/explain.ts';
import { createFakeCore, type FakeCore } from './fake-core.ts';
import { createFakeOrders, type FakeOrders } from './fake-orders.ts';
import { launchHarness, type Harness } from './harness.ts';
import { checkScreen } from './screens.ts';

const WAIT = { timeout: 15_000 };
let h: Harness;
before(async () => {
  h = await launchHarness();
});
after(async () => {
  await h.close();
});

async function fresh(): Promise<{ core: FakeCore; orders: FakeOrders; page: Page; flowId: () => string }> {
  const core = createFakeCore();
  const orders = createFakeOrders();
  let flowId = '';
  core.on('connectFlow', (f) => {
    if (f.kind === 'waiting') flowId = f.flowId;
  });
  const page = await h.openApp(core, { sync: orders });
  return { core, orders, page, flowId: () => flowId };
}

const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return { tag: el?.tagName.toLowerCase() ?? '', id: el?.id ?? '', text: el?.textContent?.trim() ?? '' };
  });

async function tabTo(page: Page, name: string, key: 'Tab' | 'Shift+Tab' = 'Tab'): Promise<void> {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press(key);
    const here = await focused(page);
    if (here.text === name || here.id === name) return;
  }
  assert.fail(`Tab never reached ${name}`);
}

const nav = (page: Page, name: string) => page.getByRole('navigation').getByRole('button', { name }).click();

describe('issue 10 item 7: rough edges', () => {
  test('explain.ts: every error code has its own headline', () => {
    const titles = Object.values(EXPLANATIONS).map((e) => e.title);
    const dupes = titles.filter((t, i) => titles.indexOf(t) !== i);
    assert.deepEqual(dupes, []);
  });

  test('notices: styled by kind (info, warning, error), one sentence each, never repeated, text in one column', async () => {
    const core = createFakeCore();
    core.notices = [
      { id: 'n1', kind: 'orders-db-recovered', message: 'The order database was damaged and has been set aside; orders will sync again.', at: 1 },
      { id: 'n2', kind: 'settings-recovered', message: 'The settings file was damaged and has been set aside.', at: 2 },
      { id: 'n3', kind: 'settings-recovered', message: 'The settings file was damaged and has been set aside.', at: 3 },
      { id: 'n4', kind: 'orders-db-unavailable', message: 'The order database cannot be opened, so orders are not shown.', at: 4 },
    ];
    const page = await h.openApp(core, { sync: createFakeOrders() });
    const notices = page.locator('.notices .notice');
    await notices.first().waitFor(WAIT);
    const seen = await notices.evaluateAll((els) =>
      els.map((el) => {
        const css = getComputedStyle(el);
        return { tone: el.getAttribute('data-tone'), border: css.borderLeftColor, bg: css.backgroundColor, text: el.querySelector('p')?.textContent ?? '' };
      }),
    );
    assert.deepEqual(
      seen.map((s) => s.tone),
      ['info', 'warning', 'error'],
      'one notice per distinct sentence, each with its kind',
    );
    assert.equal(new Set(seen.map((s) => s.border)).size, 3, `a border colour per kind: ${seen.map((s) => s.border).join(', ')}`);
    assert.equal(new Set(seen.map((s) => s.bg)).size, 3);
    for (const s of seen) assert.equal(s.text.split(/(?<=[.!?])\s+(?=[A-Z])/).length, 1, `one sentence: ${s.text}`);
    assert.deepEqual(await checkScreen(page, 'notices'), []);

    // An error notice (ErrorNotice) reads top to bottom: headline, what to do, detail; no columns.
    await nav(page, 'Connect a store');
    await page.locator('[data-provider-id=woocommerce]').click();
    await page.fill('#field-siteUrl', 'https://shop.unreachable');
    await page.fill('#field-consumerKey', `ck_${'a'.repeat(40)}`);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    const err = page.locator('form .notice.error');
    await err.waitFor(WAIT);
    const layout = await err.evaluate((el) => ({
      display: getComputedStyle(el).display,
      lefts: [...el.children].map((c) => Math.round(c.getBoundingClientRect().left)),
      border: getComputedStyle(el).borderLeftColor,
    }));
    assert.notEqual(layout.display, 'flex');
    assert.equal(new Set(layout.lefts).size, 1, `children in one column (${layout.lefts.join(', ')})`);
    const text = await err.innerText();
    assert.equal(text.match(/Could not reach shop\.unreachable/g)?.length ?? 0, 0, 'the detail is folded away and never doubled');
    await err.locator('summary').click();
    assert.equal((await err.innerText()).match(/Could not reach shop\.unreachable/g)?.length, 1, 'the detail once');
    assert.doesNotMatch(await err.innerText(), /Details:/);
    await page.close();
  });

  test('plurals: "1 order", never "1 orders"', async () => {
    const { core, orders, page } = await fresh();
    const c = core.addConnection({});
    orders.seed(c.id, 1, { days: 3 });
    await nav(page, 'Orders');
    await page.waitForFunction(() => document.querySelector('[data-testid=orders-total]')?.textContent === '1 order');
    const body = await page.locator('main').innerText();
    assert.doesNotMatch(body, /\b1 orders\b/);
    assert.match(body, /1 order stored/);
    const chartLabel = (await page.getByTestId('orders-chart').getAttribute('aria-label')) ?? '';
    assert.match(chartLabel, /1 order in total, busiest day .* with 1 order;/);
    assert.doesNotMatch(chartLabel, /\b1 orders\b/);
    assert.deepEqual(await checkScreen(page, 'orders-one'), []);
    await page.close();
  });

  test('every platform status has a human label (no raw partially_refunded); orders table dates fit at 1280 px', async () => {
    const { core, orders, page } = await fresh();
    const c = core.addConnection({});
    const raw = ['partially_refunded', 'on-hold', 'checkout-draft', 'OPEN', 'canceled', 'partially_paid', 'fully refunded', 'PAYMENT_PENDING'];
    orders.seed(c.id, 64, { days: 20, statuses: raw, financialStatuses: ['partially_refunded', 'voided', 'authorized', 'unpaid'] });
    await page.setViewportSize({ width: 1280, height: 900 });
    await nav(page, 'Orders');
    await page.locator('.vbody [role=row] [role=cell]:not(.muted)').first().waitFor(WAIT);
    const cells = await page.locator('.vbody [role=row] [role=cell]:nth-child(4), .vbody [role=row] [role=cell]:nth-child(5)').allInnerTexts();
    const options = await page.locator('#order-status option').allInnerTexts();
    const byStatus = await page.locator('[aria-labelledby=sum-status] tbody td:first-child').allInnerTexts();
    for (const t of [...cells, ...options, ...byStatus]) {
      assert.doesNotMatch(t, /_|^[a-z]|[A-Z]{3,}|\w-\w/, `a label, not a raw value: ${t}`);
    }
    assert.ok(cells.includes('Partly refunded'));
    const clipped = await page
      .locator('.vbody [role=row] [role=cell]:nth-child(2)')
      .evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent));
    assert.deepEqual(clipped, [], 'no date cut off at 1280 px');
    assert.deepEqual(await checkScreen(page, 'orders-1280'), []);
    await page.close();
  });

  test('the chart axis shows years on a long range; an empty range shows no bare table header', async () => {
    const { core, orders, page } = await fresh();
    const c = core.addConnection({});
    orders.seed(c.id, 400, { days: 500 });
    const empty = core.addConnection({ accountLabel: 'Empty shop' });
    await nav(page, 'Orders');
    await page.getByRole('button', { name: 'Custom' }).click();
    const from = new Date(Date.now() - 520 * 86_400_000);
    const p = (n: number) => String(n).padStart(2, '0');
    await page.fill('#range-from', `${from.getFullYear()}-${p(from.getMonth() + 1)}-${p(from.getDate())}`);
    const ticks = async () =>
      (await page.locator('[data-testid=orders-chart] text').allTextContents()).filter((t) => !/total sales/i.test(t) && !/^[\d,.\s]+$/.test(t));
    await page.waitForFunction(() => (document.querySelectorAll('[data-testid=chart-table] tbody tr').length ?? 0) > 400);
    const labels = await ticks();
    assert.ok(labels.length >= 2, labels.join(' | '));
    for (const l of labels) assert.match(l, /\b\d{4}\b/, `year on a long range: ${l}`);
    assert.deepEqual(await checkScreen(page, 'orders-long-range'), []);

    await page.selectOption('#orders-store', empty.id);
    const status = page.locator('[aria-labelledby=sum-status]');
    await page.waitForFunction(() => document.querySelector('[data-testid=order-count]')?.textContent === '0');
    assert.equal(await status.locator('th, thead').count(), 0, 'no header row without rows');
    assert.match(await status.innerText(), /No orders in this range/);
    assert.deepEqual(await checkScreen(page, 'orders-empty'), []);
    await page.close();
  });

  test('focus: starting and cancelling a flow focus its heading; a failure elsewhere shows in a banner; Edit details brings back the values', async () => {
    const { core, page, flowId } = await fresh();
    await page.getByRole('button', { name: 'Try the demo store' }).click();
    await page.getByTestId('flow-waiting').waitFor(WAIT);
    assert.equal((await focused(page)).id, 'flow-title', 'after start');
    await page.getByTestId('flow-waiting').getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('flow-cancelled').waitFor(WAIT);
    assert.deepEqual(await focused(page), { tag: 'h2', id: 'flow-title', text: 'Connecting was cancelled' }, 'after cancel');
    assert.deepEqual(await checkScreen(page, 'connect-cancelled'), []);

    await nav(page, 'Connect a store');
    await page.locator('[data-provider-id=generic-oidc]').click();
    await page.fill('#field-issuer', 'https://login.example.com');
    await page.fill('#field-clientId', 'my-client');
    await page.locator('#scope-email').check();
    await page.getByRole('button', { name: 'Continue in browser' }).click();
    await page.getByTestId('flow-waiting').waitFor(WAIT);
    assert.deepEqual(core.requestedScopes.at(-1), ['openid', 'email'], 'exactly the required scopes and the ticked optional one');
    await nav(page, 'Activity');
    core.finishFlow(flowId(), 'scope_refused', 'The provider refused the sign-in (invalid_scope).');
    const banner = page.locator('[data-testid=flow-banner][data-flow-state=failed]');
    await banner.waitFor(WAIT);
    assert.match(await banner.innerText(), new RegExp(EXPLANATIONS.scope_refused.title.replace(/[.]/g, '\\.')));
    await banner.getByRole('button', { name: 'Edit details' }).click();
    await page.locator('#field-clientId').waitFor(WAIT);
    assert.equal(await page.inputValue('#field-issuer'), 'https://login.example.com');
    assert.equal(await page.inputValue('#field-clientId'), 'my-client');
    assert.equal(await page.locator('#scope-email').isChecked(), true);

    // Dismissing the banner of a failure moves focus to the screen heading, not <body>.
    await page.getByRole('button', { name: 'Continue in browser' }).click();
    await page.getByTestId('flow-waiting').waitFor(WAIT);
    await nav(page, 'Orders');
    core.finishFlow(flowId(), 'provider_busy');
    await banner.waitFor(WAIT);
    await banner.getByRole('button', { name: 'Dismiss' }).click();
    await banner.waitFor({ state: 'detached' });
    assert.deepEqual(await focused(page), { tag: 'h1', id: 'orders-title', text: 'Orders' });
    await page.close();
  });

  test('a manual refresh is announced visibly beside the button', async () => {
    const { core, page } = await fresh();
    core.addConnection({});
    await page.getByRole('button', { name: 'Refresh now' }).click();
    const result = page.getByTestId('refresh-result');
    await result.waitFor(WAIT);
    assert.match(await result.innerText(), /Access refreshed at .*\d/);
    assert.equal(await result.isVisible(), true);
    await page.close();
  });

  test('keyboard only: orders screen (range, sort, status filter, scrolling the table)', async () => {
    const { core, orders, page } = await fresh();
    const c = core.addConnection({});
    orders.seed(c.id, 2_000, { days: 80 });
    await page.locator('article.connection').waitFor(WAIT);
    await tabTo(page, 'Orders');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Orders', level: 1 }).waitFor(WAIT);
    await tabTo(page, '90 days');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /2,000 orders|2000 orders|2 000 orders/.test(document.querySelector('[data-testid=orders-total]')?.textContent ?? ''));
    await tabTo(page, 'Total');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('[role=columnheader][aria-sort]')?.textContent?.includes('Total'));
    // The status filter sits just before the table's column headers: back up with Shift+Tab, as a keyboard
    // user would (going forward passes every order row's "show details" button and wraps round the page).
    await tabTo(page, 'order-status', 'Shift+Tab');
    const before = await page.getByTestId('orders-total').innerText();
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction((b) => document.querySelector('[data-testid=orders-total]')?.textContent !== b, before);
    assert.notEqual(await page.inputValue('#order-status'), '');
    await page.keyboard.press('ArrowUp');
    await page.waitForFunction((b) => document.querySelector('[data-testid=orders-total]')?.textContent === b, before);
    // The table body takes focus and scrolls with the keyboard.
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => document.activeElement?.classList.contains('vbody'))) break;
    }
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('vbody')), true, 'the table body is reachable by Tab');
    await page.keyboard.press('PageDown');
    await page.waitForFunction(() => (document.querySelector('.vbody')?.scrollTop ?? 0) > 0);
    assert.deepEqual(await checkScreen(page, 'orders-keyboard'), []);
    await page.close();
  });
});
