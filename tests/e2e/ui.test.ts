/**
 * The renderer in real Chromium under the app CSP, against the in-memory fake core (fake-core.ts)
 * and fake order service: screens, validation, dialogs, keyboard, 200% zoom, 100,000 orders, axe.
 * Behaviour of the real core is proven in scenarios.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright';
import { createFakeCore, type FakeCore } from './fake-core.ts';
import { createFakeOrders, type FakeOrders } from './fake-orders.ts';
import { launchHarness, type Harness } from './harness.ts';
import { checkScreen } from './screens.ts';

let h: Harness;
before(async () => {
  h = await launchHarness();
});
after(async () => {
  await h.close();
});

async function fresh(): Promise<{ core: FakeCore; orders: FakeOrders; page: Page }> {
  const core = createFakeCore();
  const orders = createFakeOrders();
  const page = await h.openApp(core, { sync: orders });
  return { core, orders, page };
}

describe('renderer against the fake core', () => {
  test('first run explains Storelink; the demo button starts a flow with a countdown; done lands on the connection', async () => {
    const { core, page } = await fresh();
    let flowId = '';
    core.on('connectFlow', (f) => {
      if (f.kind === 'waiting') flowId = f.flowId;
    });
    await page.getByRole('heading', { name: 'Welcome to Storelink' }).waitFor();
    assert.deepEqual(await checkScreen(page, 'first-run'), []);
    await page.getByRole('button', { name: 'Try the demo store' }).click();
    await page.getByRole('heading', { name: 'Finish signing in in your browser' }).waitFor();
    assert.match(await page.getByTestId('flow-countdown').innerText(), /\d/);
    assert.deepEqual(await checkScreen(page, 'connect-waiting'), []);
    core.finishFlow(flowId, 'done');
    const card = page.locator('article.connection');
    await card.waitFor();
    assert.equal(await card.evaluate((el) => el === document.activeElement), true, 'focus lands on the new connection');
    assert.match(await card.innerText(), /orders:read/);
    assert.match(await page.getByTestId('access-expiry').innerText(), /in \d/);
    assert.deepEqual(await checkScreen(page, 'connections'), []);
    await page.close();
  });

  test('consent denied: plain words and the next step, from explain.ts', async () => {
    const { core, page } = await fresh();
    let flowId = '';
    core.on('connectFlow', (f) => {
      if (f.kind === 'waiting') flowId = f.flowId;
    });
    await page.getByRole('button', { name: 'Try the demo store' }).click();
    await page.getByTestId('flow-waiting').waitFor();
    core.finishFlow(flowId, 'consent_denied');
    const failed = page.getByTestId('flow-failed');
    await failed.waitFor();
    assert.equal(await failed.locator('[data-error-code]').getAttribute('data-error-code'), 'consent_denied');
    assert.match(await failed.innerText(), /You declined access in the browser/);
    assert.deepEqual(await checkScreen(page, 'connect-failed'), []);
    await page.close();
  });

  test('connect form validates as you type: https only (except http://127.0.0.1), pattern, shop domain, https-forwarder notice', async () => {
    const { page } = await fresh();
    await page.getByRole('button', { name: 'Connect a store' }).first().click();
    await page.locator('[data-provider-id=generic-oidc]').click();
    await page.fill('#field-issuer', 'http://login.example.com');
    assert.match(await page.locator('#field-issuer-error').innerText(), /https/);
    assert.equal(await page.locator('#field-issuer').getAttribute('aria-invalid'), 'true');
    await page.fill('#field-issuer', 'http://127.0.0.1:9000');
    assert.equal(await page.locator('#field-issuer-error').count(), 0);
    await page.fill('#field-clientId', 'has space');
    assert.equal(await page.locator('#field-clientId-error').count(), 1);
    assert.equal(await page.locator('#scope-openid').isChecked(), true, 'scopes editable for generic providers');
    assert.deepEqual(await checkScreen(page, 'connect-form'), []);
    await page.locator('[data-provider-id=shopify]').click();
    await page.fill('#field-shop', 'evil.example.com');
    assert.match(await page.locator('#field-shop-error').innerText(), /myshopify\.com/);
    await page.fill('#field-shop', 'my-shop.myshopify.com');
    assert.equal(await page.locator('#field-shop-error').count(), 0);
    await page.locator('[data-provider-id=etsy]').click();
    assert.match(await page.getByTestId('forwarder-notice').innerText(), /https forwarding page/);
    await page.close();
  });

  test('api-key provider connects without a browser; disconnect dialog traps focus, closes on Escape, reports local-only honestly', async () => {
    const { page } = await fresh();
    const openedBefore = h.opener.opened.length;
    await page.getByRole('button', { name: 'Connect a store' }).first().click();
    await page.locator('[data-provider-id=woocommerce]').click();
    await page.fill('#field-siteUrl', 'https://shop.example');
    await page.fill('#field-consumerKey', `ck_${'a'.repeat(40)}`);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.locator('article.connection').waitFor();
    assert.equal(h.opener.opened.length, openedBefore, 'no browser opened for api keys');
    const disconnect = page.getByRole('button', { name: 'Disconnect' });
    await disconnect.click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /does not let Storelink revoke/);
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Tab');
      assert.equal(await dialog.evaluate((d) => d.contains(document.activeElement)), true, 'focus stays in the dialog');
    }
    assert.deepEqual(await checkScreen(page, 'disconnect-confirm'), []);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await disconnect.evaluate((b) => b === document.activeElement), true, 'focus returns to the opener');
    await disconnect.click();
    await page.getByRole('dialog').getByRole('button', { name: 'Disconnect' }).click();
    const result = page.getByTestId('disconnect-result');
    await result.waitFor();
    assert.match(await result.innerText(), /Removed from this computer only: Delete the key/);
    assert.deepEqual(await checkScreen(page, 'disconnect-result'), []);
    await page.close();
  });

  test('orders: 100,000 rows stay virtualised and paged; sort and filter go to the server; chart has a text alternative', async () => {
    const { core, orders, page } = await fresh();
    const c = core.addConnection({});
    orders.seed(c.id, 100_000, { days: 80, multiCurrency: true });
    await page.getByRole('button', { name: 'Orders' }).click();
    await page.getByRole('button', { name: '90 days' }).click();
    await page.waitForFunction(() => /100[^0-9]?000 orders/.test(document.querySelector('[data-testid=orders-total]')?.textContent ?? ''));
    const rendered = await page.locator('.vbody [role=row]').count();
    assert.ok(rendered > 5 && rendered < 100, `only visible rows are in the DOM (${rendered})`);
    await page.locator('.vbody').evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await page.waitForSelector('.vbody [aria-rowindex="100001"] [role=cell]:not(.muted)');
    await page.locator('[role=columnheader] button', { hasText: 'Total' }).click();
    await page.locator('[role=columnheader] button', { hasText: 'Total' }).click();
    await page.waitForFunction(() => document.querySelector('[role=columnheader][aria-sort=ascending]')?.textContent?.includes('Total'));
    await page.selectOption('#order-status', 'refunded');
    await page.waitForFunction(() => !/100[^0-9]?000 orders/.test(document.querySelector('[data-testid=orders-total]')?.textContent ?? ''));
    const statuses = await page.locator('.vbody [role=row] [role=cell]:nth-child(4)').allInnerTexts();
    assert.ok(statuses.length > 0 && statuses.every((s) => s === 'Refunded'), 'the raw status "refunded" is shown as its label');
    const chart = page.getByRole('img', { name: /Orders and .* total sales per day/ });
    assert.equal(await chart.count(), 1);
    assert.ok((await page.getByTestId('chart-table').locator('tbody tr').count()) >= 80);
    assert.deepEqual(await checkScreen(page, 'orders'), []);
    await page.close();
  });

  test('readable at 200% zoom: no horizontal scrolling on any main screen', async () => {
    const { core, orders, page } = await fresh();
    const c = core.addConnection({});
    orders.seed(c.id, 500);
    await page.setViewportSize({ width: 640, height: 720 }); // a 1280-px window at 200%
    for (const name of ['Connections', 'Connect a store', 'Orders', 'Activity']) {
      await page.getByRole('navigation').getByRole('button', { name }).click();
      await page.waitForTimeout(200);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${name} scrolls sideways by ${overflow}px`);
    }
    // A figure's definition, opened from the keyboard, is readable and still needs no sideways scrolling.
    await page.getByRole('navigation').getByRole('button', { name: 'Orders' }).click();
    const term = page.locator('.figure-term-button').first();
    await term.focus();
    const tip = page.getByRole('tooltip').first();
    assert.equal(await tip.isVisible(), true, 'the focused term shows its definition');
    const tipOverflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(tipOverflow <= 0, `an open definition scrolls sideways by ${tipOverflow}px`);
    assert.deepEqual(await checkScreen(page, 'activity'), []);
    await page.close();
  });

  test('served under the app CSP (security.md #27): no inline script or style attribute, no CSP violation', async () => {
    const html = await (await fetch(`${h.origin}/index.html`)).text();
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
    assert.doesNotMatch(html, /\sstyle=/, 'no style attribute');
    const res = await fetch(`${h.origin}/index.html`);
    assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    const { page } = await fresh();
    await page.getByRole('heading', { name: 'Welcome to Storelink' }).waitFor();
    assert.deepEqual(
      h.console.filter((l) => /Content Security Policy|pageerror/i.test(l)),
      [],
    );
    await page.close();
  });
});
