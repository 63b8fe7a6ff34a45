/**
 * End-to-end scenarios against the REAL core (createStorelinkCore) in real Chromium: the built
 * renderer under the app CSP, the guarded IPC dispatch, the embedded demo store and a real
 * oidc-provider AS on 127.0.0.1, with consent done in a real browser page and the redirect caught
 * by the core's own loopback listener. Keychain: in-memory (recording-keychain.ts).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import type { Page } from 'playwright';
import type { StorelinkCore } from '../../main/core/api.ts';
import { createStorelinkCore } from '../../main/core/index.ts';
import { demoStoreProvider } from '../../main/demo-store/local-provider.ts';
import { startOidcServer } from '../helpers/oidc-server.ts';
import { leakedCanaries } from './canary.ts';
import { launchHarness, type Harness } from './harness.ts';
import { RecordingKeychain, memorySettings } from './recording-keychain.ts';
import { checkScreen } from './screens.ts';

let h: Harness;
const cleanups: (() => Promise<unknown>)[] = [];
before(async () => {
  h = await launchHarness();
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
  for (const p of h.context.pages()) await p.close().catch(() => {});
});
after(async () => {
  await h.close();
});

async function realCore(demoLifetimeSec?: number): Promise<{ core: StorelinkCore; keychain: RecordingKeychain; page: Page }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'storelink-e2e-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const keychain = new RecordingKeychain();
  const core = await createStorelinkCore({
    dataDir,
    keychain,
    settings: memorySettings(),
    opener: h.opener,
    localProviders: [demoStoreProvider(demoLifetimeSec ? { accessTokenLifetimeSec: demoLifetimeSec } : {})],
  });
  cleanups.push(() => core.close());
  const page = await h.openApp(core);
  return { core, keychain, page };
}

/** A port that was free a moment ago and has nothing listening now. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe('real core, real browser', () => {
  test('demo store: connect, see scopes and expiry, watch an automatic refresh, disconnect; no token reaches the page (security.md #10, #16, #30)', async () => {
    const { core, keychain, page } = await realCore(15);
    await page.getByRole('heading', { name: 'Welcome to Storelink' }).waitFor();
    await page.getByRole('button', { name: 'Try the demo store' }).click();
    await page.getByTestId('flow-waiting').waitFor();
    assert.deepEqual(await checkScreen(page, 'real-connect-waiting'), []);
    const consent = await h.nextConsentPage();
    await consent.getByRole('button', { name: 'Authorize' }).click();

    const card = page.locator('article.connection');
    await card.waitFor();
    const text = await card.innerText();
    assert.match(text, /Demo store/);
    for (const scope of ['store:read', 'orders:read', 'offline_access']) {
      assert.equal(await card.locator(`[data-scope="${scope}"]`).getAttribute('data-granted'), 'true', scope);
    }
    assert.match(text, /Read your orders/);
    assert.match(await page.getByTestId('access-expiry').innerText(), /in \d/);
    assert.deepEqual(await checkScreen(page, 'real-connections'), []);

    // The scheduler refreshes ~10 s before a 15-s token expires: the UI shows it live.
    const before = await page.getByTestId('last-refresh').innerText();
    await page.getByRole('navigation').getByRole('button', { name: 'Activity' }).click();
    await page.locator('[data-kind="refreshed"]').first().waitFor({ timeout: 30_000 });
    assert.deepEqual(await checkScreen(page, 'real-activity'), []);
    await page.getByRole('navigation').getByRole('button', { name: 'Connections' }).click();
    await page.waitForFunction((old) => document.querySelector('[data-testid=last-refresh]')?.textContent !== old, before);

    await page.getByRole('button', { name: 'Disconnect' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Disconnect' }).click();
    const result = page.getByTestId('disconnect-result');
    await result.waitFor();
    assert.match(await result.innerText(), /Revoked at Demo store/);
    assert.equal(core.listConnections().length, 0);

    const canaries = keychain.demoTokens();
    assert.ok(canaries.length >= 3, `saw access, refresh and rotated tokens (${canaries.length})`);
    assert.deepEqual(await leakedCanaries(page, canaries, h), []);
    // The scan itself can fail: a token planted on window is found.
    await page.evaluate((t) => Object.assign(window, { planted: t }), canaries[0]!);
    assert.equal((await leakedCanaries(page, canaries, h)).length, 1);
  });

  test('consent denied in the browser: plain-words explanation and next step', async () => {
    const { core, page } = await realCore();
    await page.getByRole('button', { name: 'Try the demo store' }).click();
    const consent = await h.nextConsentPage();
    await consent.getByRole('button', { name: 'Deny' }).click();
    const failed = page.getByTestId('flow-failed');
    await failed.waitFor();
    assert.equal(await failed.locator('[data-error-code]').getAttribute('data-error-code'), 'consent_denied');
    assert.match(await failed.innerText(), /You declined access/);
    assert.equal(core.listConnections().length, 0);
  });

  test('cancel while waiting for the browser: nothing connected, the app says so', async () => {
    const { core, page } = await realCore();
    await page.getByRole('button', { name: 'Try the demo store' }).click();
    await h.nextConsentPage();
    await page.getByTestId('flow-waiting').getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('flow-cancelled').waitFor();
    assert.equal(core.listConnections().length, 0);
  });

  test('provider unreachable: the generic profile pointed at a closed port explains the failure', async () => {
    const { page } = await realCore();
    const port = await closedPort();
    await page.getByRole('navigation').getByRole('button', { name: 'Connect a store' }).click();
    await page.locator('[data-provider-id=generic-oidc]').click();
    await page.fill('#field-issuer', `http://127.0.0.1:${port}`);
    await page.fill('#field-clientId', 'storelink-desktop');
    await page.getByRole('button', { name: 'Continue in browser' }).click();
    const failed = page.getByTestId('flow-failed');
    await failed.waitFor();
    const code = await failed.locator('[data-error-code]').getAttribute('data-error-code');
    assert.ok(['as_unreachable', 'http_network', 'discovery_failed'].includes(code ?? ''), `code ${code}`);
    assert.deepEqual(await checkScreen(page, 'real-unreachable'), []);
  });

  test('generic OpenID profile against oidc-provider: editable scopes, real login and consent pages', async () => {
    const as = await startOidcServer();
    cleanups.push(() => as.close());
    const { page } = await realCore();
    await page.getByRole('navigation').getByRole('button', { name: 'Connect a store' }).click();
    await page.locator('[data-provider-id=generic-oidc]').click();
    await page.fill('#field-issuer', as.issuer);
    await page.fill('#field-clientId', as.clientId);
    if (await page.locator('#scope-profile').isChecked()) await page.locator('#scope-profile').uncheck();
    await page.getByRole('button', { name: 'Continue in browser' }).click();
    const consent = await h.nextConsentPage();
    await consent.getByRole('button', { name: 'Sign in' }).click();
    await consent.getByRole('button', { name: 'Allow' }).click();
    const card = page.locator('article.connection');
    await card.waitFor();
    assert.equal(await card.locator('[data-scope="openid"]').getAttribute('data-granted'), 'true');
    assert.deepEqual(await leakedCanaries(page, as.canaries(), h), []);
  });
});
