/**
 * The setup guide in real Chromium (issue 8 item 7), the built renderer under the app CSP, a REAL
 * core and the real setup service through the guarded IPC dispatch:
 *  - each copy button puts the exact value on the clipboard;
 *  - each docs link goes to main's openSetupDoc, i.e. the opener port (the system browser in the
 *    app); nothing is opened for an address outside the guides;
 *  - "Save the forwarding page" writes Storelink's page through the file-saver port;
 *  - that very file, served on 127.0.0.1, passes "Test my forwarding page" against the loopback
 *    listener (a real Chromium page runs its script and follows it); a page that does not forward fails;
 *  - axe finds no serious or critical problem.
 * No request leaves this computer: the test opener navigates only to 127.0.0.1 addresses.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { StorelinkCore } from '../../main/core/api.ts';
import { createStorelinkCore } from '../../main/core/index.ts';
import { createSetupService } from '../../main/core/setup/setup-service.ts';
import type { ProviderView } from '../../shared/view-models.ts';
import { launchHarness, type Harness } from './harness.ts';
import { RecordingKeychain, memorySettings } from './recording-keychain.ts';
import { checkScreen } from './screens.ts';

let h: Harness;
let core: StorelinkCore;
let dataDir: string;
let saveDir: string;
let site: Server;
let siteOrigin = '';
const opened: string[] = [];
const saved: string[] = [];

before(async () => {
  h = await launchHarness();
  dataDir = await mkdtemp(path.join(tmpdir(), 'storelink-guide-'));
  saveDir = await mkdtemp(path.join(tmpdir(), 'storelink-guide-save-'));
  core = await createStorelinkCore({ dataDir, keychain: new RecordingKeychain(), settings: memorySettings(), opener: h.opener });
  // The admin's "web host": serves whatever file was saved last at /storelink.html, and a page that does not forward.
  site = createServer((req, res) => {
    void (async () => {
      if (req.url?.startsWith('/storelink.html') && saved.length > 0) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(await readFile(saved.at(-1)!, 'utf8'));
      } else {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<!doctype html><title>Hello</title><p>Just a page.</p>');
      }
    })();
  });
  await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
  siteOrigin = `http://127.0.0.1:${(site.address() as { port: number }).port}`;
  await h.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: h.origin });
});
after(async () => {
  await core.close();
  await h.close();
  await new Promise((r) => site.close(r));
  await rm(dataDir, { recursive: true, force: true });
  await rm(saveDir, { recursive: true, force: true });
});

async function openGuide(providerId: string) {
  const setup = createSetupService({
    providers: () => core.listProviders(),
    // The system browser: records every address; only loopback pages are really visited here.
    opener: {
      async open(url) {
        opened.push(url);
        if (!url.startsWith('http://127.0.0.1:')) return;
        const tab = await h.context.newPage();
        tab.on('console', (m) => h.console.push(`tab: ${m.text()}`));
        tab.on('pageerror', (e) => h.console.push(`tab error: ${e.message}`));
        tab.on('requestfailed', (r) => h.console.push(`tab failed: ${r.url()} ${r.failure()?.errorText}`));
        void tab.goto(url).catch(() => {}); // like shell.openExternal: hands the page over, does not wait for it
      },
    },
    files: {
      async save(name, contents) {
        const file = path.join(saveDir, name);
        await writeFile(file, contents);
        saved.push(file);
        return true;
      },
    },
    testTimeoutMs: 4_000,
  });
  const page = await h.openApp(core, { setup });
  await page.getByRole('button', { name: 'Connect a store' }).first().click();
  await page.locator(`[data-provider-id="${providerId}"]`).click();
  await page.getByTestId('setup-guide').waitFor();
  const view = core.listProviders().find((p) => p.id === providerId) as ProviderView;
  return { page, guide: view.guide! };
}

test('Square: copy buttons copy the exact values, docs links go through openSetupDoc to the opener, axe clean', async () => {
  const { page, guide } = await openGuide('square');
  assert.ok(guide.values.length >= 2 && guide.forwardingPage);
  const steps = page.locator('.setup-steps > li');
  assert.equal(await steps.count(), guide.steps.length, 'one numbered step per guide step');
  for (const v of guide.values) {
    await page.getByRole('button', { name: `Copy ${v.label}` }).click();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), v.value, `clipboard holds ${v.label}`);
    await page.getByTestId('copy-status').getByText(`Copied: ${v.label}`).waitFor();
  }
  const links = guide.steps.filter((s) => s.link).map((s) => s.link!);
  assert.ok(links.length >= 2);
  for (const l of links) {
    const before = opened.length;
    await page.getByRole('link', { name: l.label }).first().click();
    await waitFor(() => opened.length > before);
    assert.equal(opened.at(-1), l.url, `${l.label} opened in the system browser`);
  }
  assert.equal(h.context.pages().filter((p) => /squareup/.test(p.url())).length, 0, 'no docs page inside the app or the test browser');
  // An address that is not in a guide is refused by main, whatever the renderer asks.
  const refused = await page.evaluate(() => window.storelink.openSetupDoc({ url: 'https://evil.example/' }));
  assert.equal(refused.ok, false);
  assert.ok(!opened.includes('https://evil.example/'));
  assert.deepEqual(await checkScreen(page, 'setup-guide-square'), []);
  await page.close();
});

test('Square: the saved forwarding page, hosted, passes "Test my forwarding page" through the loopback listener; a plain page fails', async () => {
  const { page } = await openGuide('square');
  await page.getByRole('button', { name: 'Save the forwarding page…' }).click();
  await page
    .getByTestId('forwarding-saved')
    .getByText(/^Saved\./)
    .waitFor();
  assert.equal(saved.length, 1);
  assert.equal(path.basename(saved[0]!), 'storelink-square-forwarding.html');
  assert.match(await readFile(saved[0]!, 'utf8'), /location\.replace\('http:\/\/127\.0\.0\.1:'/);

  await page.getByTestId('forwarding-test-url').fill(`${siteOrigin}/storelink.html`);
  await page.getByRole('button', { name: 'Test my forwarding page' }).click();
  const result = page.getByTestId('forwarding-test-result');
  await result.getByText('Your forwarding page works').waitFor({ timeout: 15_000 });
  const testUrl = new URL(opened.at(-1)!);
  assert.equal(`${testUrl.origin}${testUrl.pathname}`, `${siteOrigin}/storelink.html`);
  assert.equal(testUrl.searchParams.get('code'), 'storelink-forwarding-test');
  assert.match(testUrl.searchParams.get('state') ?? '', /^\d{2,5}\./, 'state carries the loopback port, like a sign-in');
  assert.deepEqual(await checkScreen(page, 'setup-guide-forwarding-ok'), []);

  // A page at the address that does not forward: nothing reaches the listener, the admin is told.
  await page.getByTestId('forwarding-test-url').fill(`${siteOrigin}/not-the-page.html`);
  await page.getByRole('button', { name: 'Test my forwarding page' }).click();
  await result.getByText(/Nothing arrived within 4 seconds/).waitFor({ timeout: 15_000 });
  // Not an https address: refused with plain words before anything opens.
  const before = opened.length;
  await page.getByTestId('forwarding-test-url').fill('http://shop.example/storelink.html');
  await page.getByRole('button', { name: 'Test my forwarding page' }).click();
  await page
    .getByRole('alert')
    .getByText(/https:\/\//)
    .first()
    .waitFor();
  assert.equal(opened.length, before);
  await page.close();
});

test('WooCommerce (application password): a guide with steps, docs links and values, and no forwarding page', async () => {
  const { page, guide } = await openGuide('woocommerce-app-password');
  assert.equal(guide.forwardingPage, false);
  assert.equal(await page.getByRole('button', { name: 'Save the forwarding page…' }).count(), 0);
  const v = guide.values[0]!;
  await page.getByRole('button', { name: `Copy ${v.label}` }).click();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), v.value);
  assert.deepEqual(await checkScreen(page, 'setup-guide-woocommerce'), []);
  await page.close();
});

async function waitFor(cond: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}
