// The test AS login/consent pages in a real Chromium: labelled controls, no axe violations,
// and the click-through ends at the loopback redirect URI with a code (RFC 8252 §7.3).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright';
import { AxeBuilder } from '@axe-core/playwright';
import { startOidcServer, type OidcServer } from '../helpers/oidc-server.ts';
import { buildAuthorizationRequest } from '../helpers/oidc-consent.ts';
import { CHROMIUM_LAUNCH } from '../helpers/chromium.ts';

/** A loopback listener standing in for the app's redirect receiver; resolves with the callback URL. */
async function callbackListener(): Promise<{ server: Server; port: number; received: Promise<URL> }> {
  let resolve: (url: URL) => void = () => {};
  const received = new Promise<URL>((r) => {
    resolve = r;
  });
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!DOCTYPE html><title>Done</title><p>Done</p>');
    resolve(new URL(req.url ?? '/', `http://${req.headers.host}`));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as AddressInfo).port, received };
}

async function assertNoAxeViolations(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  assert.deepEqual(
    violations.map((v) => v.id),
    [],
  );
}

describe('test AS pages in Chromium', () => {
  let as: OidcServer;
  let browser: Browser;
  before(async () => {
    as = await startOidcServer();
    browser = await chromium.launch(CHROMIUM_LAUNCH);
  });
  after(async () => {
    await browser?.close();
    await as?.close();
  });

  it('signs in and allows by clicking labelled controls; the browser lands on the loopback callback', async () => {
    const cb = await callbackListener();
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      const req = buildAuthorizationRequest(as.issuer, { redirect_uri: `http://127.0.0.1:${cb.port}/callback` });
      await page.goto(req.url);
      await assertNoAxeViolations(page);
      await page.getByLabel('Username').fill('alice');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('button', { name: 'Allow' }).waitFor();
      await assertNoAxeViolations(page);
      const scopes = await page.getByRole('list', { name: 'Requested scopes' }).innerText();
      assert.match(scopes, /offline_access/);
      await page.getByRole('button', { name: 'Allow' }).click();
      const url = await cb.received;
      assert.equal(url.pathname, '/callback');
      assert.equal(url.searchParams.get('state'), req.state);
      assert.equal(url.searchParams.get('iss'), as.issuer);
      assert.ok(url.searchParams.get('code'));
    } finally {
      await context.close();
      cb.server.closeAllConnections();
      await new Promise((r) => cb.server.close(r));
    }
  });

  it('Deny on the consent page sends error=access_denied to the callback', async () => {
    const cb = await callbackListener();
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      const req = buildAuthorizationRequest(as.issuer, { redirect_uri: `http://127.0.0.1:${cb.port}/callback` });
      await page.goto(req.url);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('button', { name: 'Deny' }).click();
      const url = await cb.received;
      assert.equal(url.searchParams.get('error'), 'access_denied');
      assert.equal(url.searchParams.get('code'), null);
    } finally {
      await context.close();
      cb.server.closeAllConnections();
      await new Promise((r) => cb.server.close(r));
    }
  });
});
