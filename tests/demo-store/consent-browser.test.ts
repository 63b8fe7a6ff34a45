import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium } from 'playwright';
import { CHROMIUM_LAUNCH } from '../helpers/chromium.ts';
import { authorizeUrl, exchange, pkcePair, withStore } from './helpers.ts';

test('in a real browser the consent page passes axe (WCAG 2.1 AA), unticks a scope, and its CSP lets the 303 reach the loopback listener', async (t) => {
  const store = await withStore(t);
  // A tiny loopback listener standing in for the app's callback server.
  let callback: URL | undefined;
  const listener = createServer((req, res) => {
    const seen = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (seen.pathname === '/callback') callback = seen; // ignore the browser's /favicon.ico
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><html lang="en"><title>Done</title><h1>You can go back to the app</h1></html>');
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  t.after(
    () =>
      new Promise<void>((resolve) => {
        listener.close(() => resolve());
        listener.closeAllConnections();
      }),
  );
  const redirectUri = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/callback`;

  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  t.after(() => browser.close());
  const context = await browser.newContext();
  const page = await context.newPage();
  const cspErrors: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) cspErrors.push(msg.text());
  });
  const { verifier, challenge } = pkcePair();
  await page.goto(authorizeUrl(store, { code_challenge: challenge, redirect_uri: redirectUri, state: 'browser-state' }));

  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  assert.deepEqual(
    results.violations.map((v) => `${v.id}: ${v.help}`),
    [],
  );
  assert.equal(await page.getByRole('heading', { level: 1 }).count(), 1);
  const offline = page.getByLabel(/Stay connected/);
  assert.equal(await offline.isChecked(), true);
  await offline.uncheck();

  await Promise.all([page.waitForURL((u) => u.pathname === '/callback'), page.getByRole('button', { name: 'Authorize' }).click()]);
  assert.ok(callback, 'the listener received the redirect');
  assert.equal(callback.searchParams.get('state'), 'browser-state');
  assert.equal(callback.searchParams.get('iss'), store.issuer);
  assert.deepEqual(cspErrors, []);
  const code = callback.searchParams.get('code')!;
  const res = await exchange(store, { code, verifier, state: 'browser-state', location: callback }, { redirect_uri: redirectUri });
  assert.equal(res.status, 200);
  assert.equal(((await res.json()) as { scope: string }).scope, 'store:read orders:read');
});
