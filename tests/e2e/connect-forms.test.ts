/**
 * Issue 10 items 6 and 7 against the REAL core (createStorelinkCore) in real Chromium: the connect
 * forms (exactly the scopes requested, optional ones opt-in; a pending sign-in visible from every
 * screen with "Open the page again" / "Copy link"; failures shown wherever the admin is; values kept
 * after cancel or failure; one plain headline per RFC 6749 error), platform marks, the words a shop
 * owner should not read, and keyboard-only runs of connect, refresh and disconnect. Browser side:
 * the embedded demo store (its own consent page) and a scripted authorization server on 127.0.0.1
 * (tests/helpers/scripted-as.ts) whose callbacks carry each error code. Every state is screenshot
 * in light and dark and checked with axe (any impact) by checkScreen.
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
import { EXPLANATIONS } from '../../renderer/src/errors/explain.ts';
import type { ErrorCode } from '../../shared/error-codes.ts';
import { startScriptedAs, type ScriptedAs } from '../helpers/scripted-as.ts';
import { launchHarness, type Harness } from './harness.ts';
import { RecordingKeychain, memorySettings } from './recording-keychain.ts';
import { SCREENSHOT_DIR, checkScreen } from './screens.ts';

const AXE_ON = new Set(['authorize-invalid_scope', 'authorize-server_error', 'token-invalid_client']);

const WAIT = { timeout: 20_000 };
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

/**
 * The opener for scripted-AS flows: records the authorization URL without loading it (the scripted
 * AS has no authorization page; the test plays the browser and follows the callback itself).
 */
const recordingOpener = {
  open: async (url: string) => {
    h.opener.opened.push(url);
  },
  copyLink: (url: string) => h.opener.copyLink!(url),
};

async function realCore(opener: 'browser' | 'record' = 'browser'): Promise<{ core: StorelinkCore; page: Page }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'storelink-e2e-forms-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const core = await createStorelinkCore({
    dataDir,
    keychain: new RecordingKeychain(),
    settings: memorySettings(),
    opener: opener === 'browser' ? h.opener : recordingOpener,
    localProviders: [demoStoreProvider({})],
  });
  cleanups.push(() => core.close());
  const page = await h.openApp(core);
  return { core, page };
}

async function scriptedAs(): Promise<ScriptedAs> {
  const as = await startScriptedAs();
  cleanups.push(() => as.close());
  return as;
}

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** The callback a browser would follow when the AS answers the authorization request with `error` (RFC 6749 §4.1.2.1). */
function errorCallback(authorizationUrl: string, issuer: string, error: string): string {
  const u = new URL(authorizationUrl);
  const cb = new URL(u.searchParams.get('redirect_uri')!);
  cb.search = new URLSearchParams({ error, error_description: 'scripted by the test', state: u.searchParams.get('state')!, iss: issuer }).toString();
  return cb.href;
}

/** Presses Tab until the focused element's text (or id) is `name`; fails after 60 presses. Keyboard only. */
async function tabTo(page: Page, name: string | RegExp): Promise<void> {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const here = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return { text: el?.textContent?.trim() ?? '', id: el?.id ?? '' };
    });
    if (typeof name === 'string' ? here.text === name || here.id === name : name.test(here.text)) return;
  }
  assert.fail(`Tab never reached ${String(name)}`);
}

const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return { tag: el?.tagName.toLowerCase() ?? '', id: el?.id ?? '', text: el?.textContent?.trim() ?? '' };
  });

async function openConnect(page: Page, providerId: string): Promise<void> {
  await page.getByRole('navigation').getByRole('button', { name: 'Connect a store' }).click();
  await page.locator(`[data-provider-id="${providerId}"]`).click();
}

async function startGeneric(page: Page, issuer: string, clientId: string): Promise<string> {
  const before = h.opener.opened.length;
  await page.fill('#field-issuer', issuer);
  await page.fill('#field-clientId', clientId);
  await page.getByRole('button', { name: 'Continue in browser' }).click();
  await page.getByTestId('flow-waiting').waitFor(WAIT);
  assert.equal(h.opener.opened.length, before + 1);
  return h.opener.opened.at(-1)!;
}

async function followInBrowser(url: string): Promise<void> {
  const p = await h.context.newPage();
  await p.goto(url).catch(() => {});
  await p.close();
}

describe('issue 10 item 6: connect forms against the real core', () => {
  test('the form lists exactly the scopes requested; an optional scope is an opt-in checkbox and is requested only when ticked', async () => {
    const { core, page } = await realCore();
    await openConnect(page, 'demo');
    const list = page.getByTestId('scope-request');
    await list.waitFor(WAIT);
    const listed = await list.locator('[data-requested-scope]').evaluateAll((els) => els.map((e) => e.getAttribute('data-requested-scope')));
    assert.deepEqual(listed, ['store:read', 'orders:read', 'offline_access'], 'the list shows only what is requested');
    const optional = page.locator('[id="scope-refunds:read"]');
    assert.equal(await optional.isChecked(), false, 'optional scope is opt-in');
    assert.deepEqual(await checkScreen(page, 'connect-scopes'), []);

    await page.getByRole('button', { name: 'Continue in browser' }).click();
    await page.getByTestId('flow-waiting').waitFor(WAIT);
    const first = new URL(h.opener.opened.at(-1)!);
    assert.deepEqual(first.searchParams.get('scope')!.split(' ').sort(), ['offline_access', 'orders:read', 'store:read']);
    (await h.nextConsentPage()).close();
    await page.getByTestId('flow-waiting').getByRole('button', { name: 'Edit details' }).click();
    await optional.check();
    await page.getByRole('button', { name: 'Continue in browser' }).click();
    await page.getByTestId('flow-waiting').waitFor(WAIT);
    const second = new URL(h.opener.opened.at(-1)!);
    assert.deepEqual(second.searchParams.get('scope')!.split(' ').sort(), ['offline_access', 'orders:read', 'refunds:read', 'store:read']);
    const consent = await h.nextConsentPage();
    await consent.getByRole('button', { name: 'Authorize' }).click();
    const card = page.locator('article.connection');
    await card.waitFor(WAIT);
    assert.equal(await card.locator('[data-scope="refunds:read"]').getAttribute('data-granted'), 'true');
    assert.equal(core.listConnections().length, 1);
  });

  test('a pending sign-in is visible from every screen with "Open the page again" and "Copy link"; a denial while on another screen is shown there', async () => {
    const { page } = await realCore();
    await page.getByRole('button', { name: 'Try the demo store' }).click();
    await page.getByTestId('flow-waiting').waitFor(WAIT);
    const consent = await h.nextConsentPage();
    const url = h.opener.opened.at(-1)!;
    const state = new URL(url).searchParams.get('state')!;
    const nav = page.getByRole('navigation');
    for (const screen of ['Connections', 'Orders', 'Activity']) {
      await nav.getByRole('button', { name: screen }).click();
      const banner = page.getByTestId('flow-banner');
      await banner.waitFor(WAIT);
      assert.equal(await banner.getAttribute('data-flow-state'), 'waiting', screen);
      assert.match(await banner.innerText(), /finish signing in/i);
    }
    assert.deepEqual(await checkScreen(page, 'flow-banner-waiting'), []);
    const banner = page.getByTestId('flow-banner');
    const openedBefore = h.opener.opened.length;
    await banner.getByRole('button', { name: 'Open the page again' }).click();
    await banner.getByText('The sign-in page was opened again').waitFor(WAIT);
    assert.equal(h.opener.opened.length, openedBefore + 1);
    assert.equal(h.opener.opened.at(-1), url, 'the same page, built by main');
    (await h.nextConsentPage()).close();
    await banner.getByRole('button', { name: 'Copy link' }).click();
    await banner.getByText(/Link copied/).waitFor(WAIT);
    assert.deepEqual(h.opener.copied.slice(-1), [url], 'main put its own URL on the clipboard');
    assert.ok(!(await page.content()).includes(state), 'the state parameter never reaches the page');

    await consent.getByRole('button', { name: 'Deny' }).click();
    await page.locator('[data-testid=flow-banner][data-flow-state=failed]').waitFor(WAIT);
    assert.equal(await banner.locator('[data-error-code]').getAttribute('data-error-code'), 'consent_denied');
    assert.match(await banner.innerText(), /You declined access in the browser/);
    assert.deepEqual(await checkScreen(page, 'flow-banner-failed'), []);
  });

  test('a wrong client id: the waiting panel says what to look for on the provider page; Edit details cancels and keeps every value', async () => {
    const as = await scriptedAs();
    const { page } = await realCore('record');
    await openConnect(page, 'generic-oidc');
    const url = await startGeneric(page, as.issuer, 'no-such-client');
    const waiting = page.getByTestId('flow-waiting');
    assert.match(await waiting.getByTestId('wrong-details-hint').innerText(), /invalid client/);
    assert.deepEqual(await focused(page), { tag: 'h2', id: 'flow-title', text: 'Finish signing in in your browser' }, 'focus moved to the panel');
    assert.deepEqual(await checkScreen(page, 'connect-wrong-details'), []);
    await waiting.getByRole('button', { name: 'Edit details' }).click();
    await page.locator('#field-clientId').waitFor(WAIT);
    assert.equal(await page.inputValue('#field-issuer'), as.issuer);
    assert.equal(await page.inputValue('#field-clientId'), 'no-such-client');
    assert.equal((await focused(page)).id, 'provider-form-title');
    // The pending sign-in was cancelled: its loopback listener is closed.
    await assert.rejects(fetch(new URL(url).searchParams.get('redirect_uri')!));
  });

  test('each RFC 6749 error gets its own plain headline and next step; the form keeps its values for Edit details', { timeout: 400_000 }, async () => {
    const as = await scriptedAs();
    const { page } = await realCore('record');
    await openConnect(page, 'generic-oidc');
    const headlines = new Map<string, string>();
    const check = async (label: string, want: ErrorCode) => {
      const failed = page.getByTestId('flow-failed');
      await failed.waitFor(WAIT);
      assert.equal(await failed.locator('[data-error-code]').getAttribute('data-error-code'), want, label);
      const title = await failed.locator('.notice-title').innerText();
      assert.equal(title, EXPLANATIONS[want].title, label);
      assert.match(await failed.innerText(), new RegExp(EXPLANATIONS[want].next.slice(0, 30).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      headlines.set(label, title);
      // Every error state is screenshot; axe (light and dark) runs on one per endpoint and kind of page (the panel is the same component).
      if (AXE_ON.has(label)) assert.deepEqual(await checkScreen(page, `connect-error-${label}`), []);
      else await page.screenshot({ path: path.join(SCREENSHOT_DIR, `connect-error-${label}-light.png`), fullPage: true });
      await failed.getByRole('button', { name: 'Edit details' }).click();
      await page.locator('#field-clientId').waitFor(WAIT);
      assert.equal(await page.inputValue('#field-clientId'), 'storelink-desktop', `${label}: value kept`);
    };
    // Authorization endpoint errors (RFC 6749 §4.1.2.1), as the browser brings them back.
    for (const [error, code] of [
      ['invalid_scope', 'scope_refused'],
      ['unauthorized_client', 'client_not_allowed'],
      ['invalid_client', 'invalid_client'],
      ['access_denied', 'consent_denied'],
      ['unsupported_response_type', 'response_type_unsupported'],
      ['invalid_request', 'authorization_request_invalid'],
      ['server_error', 'provider_server_error'],
      ['temporarily_unavailable', 'provider_busy'],
    ] as const) {
      const url = await startGeneric(page, as.issuer, 'storelink-desktop');
      await followInBrowser(errorCallback(url, as.issuer, error));
      await check(`authorize-${error}`, code);
    }
    // Token endpoint errors (RFC 6749 §5.2) after a good callback.
    for (const [error, code, status] of [
      ['invalid_grant', 'invalid_grant', 400],
      ['invalid_client', 'invalid_client', 401],
      ['unauthorized_client', 'client_not_allowed', 400],
      ['invalid_scope', 'scope_refused', 400],
      ['unsupported_grant_type', 'grant_type_unsupported', 400],
      ['invalid_request', 'token_request_invalid', 400],
    ] as const) {
      as.tokenMode = { kind: 'error', status, body: { error } };
      const url = await startGeneric(page, as.issuer, 'storelink-desktop');
      await followInBrowser(as.callbackFor(url));
      await check(`token-${error}`, code);
    }
    // One headline per error at each endpoint (the same error at both endpoints means the same thing and reads the same).
    for (const endpoint of ['authorize-', 'token-']) {
      const titles = [...headlines].filter(([k]) => k.startsWith(endpoint)).map(([, v]) => v);
      assert.equal(new Set(titles).size, titles.length, `distinct headlines: ${titles.join(' | ')}`);
    }
  });

  test('api keys: a failed check keeps every value, secrets included, across screens (in memory only)', async () => {
    const { page } = await realCore();
    const port = await closedPort();
    await openConnect(page, 'woocommerce');
    await page.fill('#field-storeUrl', `http://127.0.0.1:${port}`);
    await page.fill('#field-consumerKey', 'ck_abc123');
    await page.fill('#field-consumerSecret', 'cs_secret456');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    const error = page.locator('.notice.error[data-error-code]');
    await error.waitFor(WAIT);
    assert.equal(await error.evaluate((el) => el === document.activeElement || el.contains(document.activeElement)), true, 'the failure takes focus');
    assert.doesNotMatch(await error.innerText(), /(Could not reach[^\n]*){2}/, 'no doubled message');
    assert.doesNotMatch(await error.innerText(), /Details:/);
    await page.getByRole('navigation').getByRole('button', { name: 'Activity' }).click();
    await page.getByRole('navigation').getByRole('button', { name: 'Connect a store' }).click();
    await page.locator('#field-consumerSecret').waitFor(WAIT);
    assert.equal(await page.inputValue('#field-storeUrl'), `http://127.0.0.1:${port}`);
    assert.equal(await page.inputValue('#field-consumerKey'), 'ck_abc123');
    assert.equal(await page.inputValue('#field-consumerSecret'), 'cs_secret456');
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
    assert.doesNotMatch(stored, /cs_secret456/, 'the secret is not written to web storage');
  });

  test('validation messages say the expected format', async () => {
    const { page } = await realCore();
    await openConnect(page, 'shopify-app');
    await page.fill('#field-clientId', 'has space');
    assert.match(await page.locator('#field-clientId-error').innerText(), /cannot contain spaces; expected: 8 to 128 characters \(letters, digits, _ or -\)/);
    await page.fill('#field-clientId', '');
    await page.locator('#field-clientId').blur();
    assert.match(await page.locator('#field-clientId-error').innerText(), /Client ID is required: 8 to 128 characters/);
    await page.fill('#field-shop', 'evil.example.com');
    assert.match(await page.locator('#field-shop-error').innerText(), /for example my-shop\.myshopify\.com/);
    await page.locator('[data-provider-id="woocommerce"]').click();
    await page.fill('#field-consumerKey', 'nope');
    assert.match(await page.locator('#field-consumerKey-error').innerText(), /expected: ck_ followed by characters/);
    assert.deepEqual(await checkScreen(page, 'connect-validation'), []);
  });
});

describe('issue 10 item 7: marks, words and keyboard against the real core', () => {
  test('every platform has a distinct, legible mark of its own colour and name; none squashed', async () => {
    const { page } = await realCore();
    await page.getByRole('navigation').getByRole('button', { name: 'Connect a store' }).click();
    await page.locator('[data-provider-id]').first().waitFor(WAIT);
    await page.setViewportSize({ width: 900, height: 800 });
    const marks = await page.locator('[data-provider-id]').evaluateAll((buttons) =>
      buttons.map((b) => {
        const mark = b.querySelector('[aria-hidden="true"]') as HTMLElement;
        const r = mark.getBoundingClientRect();
        const css = getComputedStyle(mark);
        const white = 'rgb(255, 255, 255)';
        return {
          id: b.getAttribute('data-provider-id'),
          name: b.querySelector('strong')?.textContent ?? '',
          // The platform's colour: the fill of a filled mark, the ink (and ring) of an outlined one.
          colour: css.backgroundColor === white ? css.color : css.backgroundColor,
          text: mark.textContent ?? '',
          w: r.width,
          h: r.height,
          fits: mark.scrollWidth <= mark.clientWidth,
        };
      }),
    );
    assert.ok(marks.length >= 6, `${marks.length} platforms`);
    // A profile's platform is the first word of its name ("Shopify (legacy custom app token)" → Shopify).
    const byPlatform = new Map<string, typeof marks>();
    for (const m of marks) {
      const platform = m.name.split(/[\s(]/)[0] ?? '';
      byPlatform.set(platform, [...(byPlatform.get(platform) ?? []), m]);
    }
    assert.ok(byPlatform.size >= 6, `${byPlatform.size} platforms: ${[...byPlatform.keys()].join(', ')}`);
    const looks = new Map<string, string>();
    for (const [platform, kinds] of byPlatform) {
      const look = `${kinds[0]!.text}|${kinds[0]!.colour}`;
      for (const k of kinds) assert.equal(`${k.text}|${k.colour}`, look, `${k.id} carries ${platform}’s own colour and name`);
      assert.notEqual(kinds[0]!.colour, 'rgb(74, 83, 96)', `${platform} has its own colour, not the neutral fallback`);
      looks.set(platform, look);
    }
    assert.equal(new Set(looks.values()).size, looks.size, `no two platforms alike: ${[...looks].map(([p, l]) => `${p}=${l}`).join(', ')}`);
    for (const m of marks) {
      assert.ok(m.text.length >= 2, `${m.id}: more than a bare letter (${m.text})`);
      assert.ok(m.w >= m.h * 0.95 && m.h >= 40, `${m.id}: not squashed (${m.w}x${m.h})`);
      assert.ok(m.fits, `${m.id}: its name fits its mark`);
      assert.ok(m.name.length > 0);
    }
    assert.deepEqual(await checkScreen(page, 'connect-marks'), []);
  });

  test('no "127.0.0.1:port", "revocation endpoint" or "grant" where a shop owner reads', async () => {
    const { page } = await realCore();
    await page.getByRole('button', { name: 'Try the demo store' }).click();
    const waiting = page.getByTestId('flow-waiting');
    await waiting.waitFor(WAIT);
    (await h.nextConsentPage()).close();
    const text = await waiting.innerText();
    assert.doesNotMatch(text, /127\.0\.0\.1/);
    assert.match(text, /Storelink opened the demo store’s sign-in page/);
    await waiting.getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('flow-cancelled').waitFor(WAIT);
    await page.getByRole('navigation').getByRole('button', { name: 'Connect a store' }).click();
    for (const id of ['etsy', 'square', 'shopify-app', 'shopify-token', 'woocommerce', 'generic-oidc', 'demo']) {
      await page.locator(`[data-provider-id="${id}"]`).click();
      const form = await page.locator('form').innerText();
      assert.doesNotMatch(form, /revocation endpoint|\bgrant\b/i, id);
    }
  });

  test('keyboard only: connect the demo store, refresh it, disconnect it; focus always lands on a sensible element', async () => {
    const { core, page } = await realCore();
    await page.getByRole('heading', { name: 'Welcome to Storelink' }).waitFor(WAIT);
    await tabTo(page, 'Try the demo store');
    await page.keyboard.press('Enter');
    await page.getByTestId('flow-waiting').waitFor(WAIT);
    assert.equal((await focused(page)).id, 'flow-title', 'starting a flow moves focus to the flow heading, not <body>');
    const consent = await h.nextConsentPage();
    await consent.getByRole('button', { name: 'Authorize' }).click(); // the browser, not Storelink
    const card = page.locator('article.connection');
    await card.waitFor(WAIT);
    assert.equal(await card.evaluate((el) => el === document.activeElement), true, 'the new connection has focus');

    await tabTo(page, 'Refresh now');
    await page.keyboard.press('Enter');
    const result = page.getByTestId('refresh-result');
    await result.waitFor(WAIT);
    assert.match(await result.innerText(), /Access refreshed at/);
    assert.equal((await focused(page)).text, 'Refresh now', 'focus stays on the refresh button');
    assert.deepEqual(await checkScreen(page, 'refresh-result'), []);

    await tabTo(page, 'Disconnect');
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('disconnect-dialog');
    await dialog.waitFor(WAIT);
    await tabTo(page, 'Disconnect');
    assert.equal(await dialog.evaluate((d) => d.contains(document.activeElement)), true);
    await page.keyboard.press('Enter');
    const done = page.getByTestId('disconnect-result');
    await done.waitFor(WAIT);
    assert.deepEqual(await focused(page), { tag: 'button', id: '', text: 'Close' }, 'the result dialog’s Close button has focus');
    assert.deepEqual(await checkScreen(page, 'disconnect-result-focus'), []);
    await page.keyboard.press('Enter');
    await done.waitFor({ state: 'detached' });
    const after = await focused(page);
    assert.notEqual(after.tag, 'body', 'focus is not dropped to <body>');
    assert.equal(after.text, 'Connections');
    assert.equal(core.listConnections().length, 0);
  });
});
