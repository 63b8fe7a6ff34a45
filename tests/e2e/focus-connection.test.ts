/**
 * Issue 9 item 2: clicking a system notification about a connection sends `focusConnection`; the
 * renderer (real Chromium, built renderer, the harness's preload-like API) goes to the Connections
 * screen and puts the focus on that connection's card, from whichever screen it was on.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createFakeCore } from './fake-core.ts';
import { createFakeOrders } from './fake-orders.ts';
import { launchHarness, type Harness } from './harness.ts';

let h: Harness;
before(async () => {
  h = await launchHarness();
});
after(async () => {
  await h.close();
});

test('focusConnection opens the Connections screen on that card', async () => {
  const core = createFakeCore();
  core.addConnection({ providerId: 'shopify', accountLabel: 'First shop' });
  const second = core.addConnection({ providerId: 'shopify', accountLabel: 'Second shop' });
  const page = await h.openApp(core, { sync: createFakeOrders() });
  await page.locator('article.connection').first().waitFor();
  await page.getByRole('button', { name: 'Activity' }).click();
  await page.getByRole('heading', { name: 'Activity' }).first().waitFor();
  assert.equal(await page.locator('article.connection').count(), 0, 'not on the Connections screen');

  await page.evaluate(
    (id) => (window as unknown as { __storelinkEmit(e: string, p: unknown): void }).__storelinkEmit('focusConnection', { connectionId: id }),
    second.id,
  );
  const card = page.locator(`article.connection[data-connection-id="${second.id}"]`);
  await card.waitFor();
  await page.waitForFunction((id) => document.activeElement?.getAttribute('data-connection-id') === id, second.id);
  assert.equal(await page.getByRole('button', { name: 'Connections' }).getAttribute('aria-current'), 'page');
  assert.equal(await card.getAttribute('data-highlighted'), 'true');
  await page.close();
});
