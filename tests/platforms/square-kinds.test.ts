/**
 * Every way Square can be connected, through the full app (core + order sync) against the Square
 * simulator (the https-forwarder default is in square-app.test.ts):
 *  - `square-token`: the Production access token from the Developer Console (a personal access
 *    token, developer.squareup.com/docs/build-basics/access-tokens): one test call, the keychain, a sync;
 *  - `square-loopback`: the PKCE app redirected straight to http://127.0.0.1:{port}/callback, an
 *    option because Square's docs do not confirm loopback redirects in production; the simulator
 *    refuses it unless told the app's settings allow it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode } from '../../shared/error-codes.ts';
import { squareLoopbackProfileAt, squareProfile, squareProfileAt, squareTokenProfileAt } from '../../main/core/providers/square.ts';
import { authorizationUrl, pkcePair } from '../simulators/square/harness.ts';
import { startSquareSimulator, type SquareSimulator } from '../simulators/square/index.ts';
import { assertStoreMatches, connectViaBrowser, makeApp, secretLeaks, totalStored, type ExpectedOrder } from './app-fixture.ts';

const PAT = 'EAAAlPersonalAccessTokenOfTheSeller0123456789abcdef';
const expected = (sim: SquareSimulator): ExpectedOrder[] =>
  sim.orderSnapshot().map((o) => ({ platformId: o.id, totalMinor: o.total_money.amount, currency: o.total_money.currency }));

test('the forwarder is the default Square kind; loopback and access token are offered beside it', async (t) => {
  const fx = await makeApp();
  t.after(() => fx.app.close());
  const square = fx.app.listProviders().filter((p) => p.id.startsWith('square'));
  assert.deepEqual(
    square.map((p) => [p.id, p.kind, p.redirect]),
    [
      ['square', 'oauth-pkce', 'https-forwarder'],
      ['square-loopback', 'oauth-pkce', 'loopback'],
      ['square-token', 'api-key', 'loopback'],
    ],
  );
  assert.equal(squareProfile.redirect, 'https-forwarder');
});

test('square-token: a personal access token is checked with one call, kept out of every file and log line, and syncs every order', async (t) => {
  const sim = await startSquareSimulator({ orderCount: 1300, locationCount: 2, currencies: ['USD', 'JPY'], personalAccessToken: PAT });
  t.after(() => sim.close());
  const fx = await makeApp({ profiles: [squareTokenProfileAt(sim.baseUrl)] });
  t.after(() => fx.app.close());

  // Refusal: a wrong token (e.g. the Sandbox one) is reported in plain words, nothing saved.
  await assert.rejects(
    fx.app.connectWithKey({ providerId: 'square-token', fields: { accessToken: 'EAAAwrongTokenFromTheSandbox000000' } }),
    (err: { code: string; message: string }) => {
      assert.equal(err.code, ErrorCode.Unauthorized);
      assert.match(err.message, /Production access token/);
      return true;
    },
  );
  assert.deepEqual(fx.app.listConnections(), []);

  const callsBefore = sim.stats().locationsCalls;
  const view = await fx.app.connectWithKey({ providerId: 'square-token', fields: { accessToken: PAT } });
  assert.equal(sim.stats().locationsCalls, callsBefore + 1, 'one test call (ListLocations)');
  assert.equal(view.kind, 'api-key');
  assert.equal(view.hasRefreshToken, false);
  assert.equal(sim.stats().authorizeRequests, 0, 'no browser, no OAuth');
  assert.equal(fx.openedUrls.length, 0);

  const [first] = await fx.app.syncService.syncNow(view.id);
  assert.equal(first?.result, 'ok', JSON.stringify(first));
  assertStoreMatches(fx.app, view.id, expected(sim));

  const result = await fx.app.disconnect(view.id);
  assert.equal(result.outcome, 'local-only');
  assert.match(result.reason ?? '', /Developer Console/);
  assert.equal(totalStored(fx.app), 0);
  await fx.app.close();
  assert.deepEqual(secretLeaks(fx, [PAT, PAT.slice(4, 30)]), [], 'the token is in no file and no log line');
});

test('square-loopback: the sign-in comes straight back to the loopback listener when the app allows it', async (t) => {
  const sim = await startSquareSimulator({ orderCount: 40, loopbackRedirects: true });
  t.after(() => sim.close());
  const fx = await makeApp({ profiles: [squareLoopbackProfileAt(sim.baseUrl)], browser: (url) => sim.approve(url) });
  t.after(() => fx.app.close());
  const id = await connectViaBrowser(fx, { providerId: 'square-loopback', fields: { clientId: sim.clientId } });
  const auth = new URL(fx.openedUrls[0]!);
  assert.match(auth.searchParams.get('redirect_uri') ?? '', /^http:\/\/127\.0\.0\.1:\d+\/callback$/);
  assert.doesNotMatch(auth.searchParams.get('state') ?? '', /^\d+\./, 'no port prefix in the state: no forwarder involved');
  assert.equal(auth.searchParams.get('session'), 'false');
  assert.equal(fx.app.getConnection(id).accountLabel, sim.merchantId);
  const [first] = await fx.app.syncService.syncNow(id);
  assert.equal(first?.result, 'ok', JSON.stringify(first));
  assertStoreMatches(fx.app, id, expected(sim));
});

test('simulator refusal: by default (one exact https redirect URL registered) a loopback redirect is refused', async (t) => {
  const sim = await startSquareSimulator({ orderCount: 1 });
  t.after(() => sim.close());
  const { challenge } = pkcePair();
  await assert.rejects(sim.approve(authorizationUrl(squareProfileAt(sim.baseUrl), sim.clientId, 'http://127.0.0.1:51234/callback', 's', challenge)), /refused/);
  // …and the registered forwarder URL still works.
  const loc = await sim.approve(authorizationUrl(squareProfileAt(sim.baseUrl), sim.clientId, sim.redirectUri, 's', challenge));
  assert.ok(loc.startsWith(`${sim.redirectUri}?`));
});

test('simulator refusal: a personal access token the seller never created is refused (401 UNAUTHORIZED)', async (t) => {
  const sim = await startSquareSimulator({ orderCount: 1 });
  t.after(() => sim.close());
  const res = await fetch(`${sim.baseUrl}/v2/locations`, { headers: { authorization: `Bearer ${PAT}` } });
  assert.equal(res.status, 401);
  assert.equal(((await res.json()) as { errors: Array<{ code: string }> }).errors[0]?.code, 'UNAUTHORIZED');
});
