/**
 * The full app (core + order sync) against the Square simulator: PKCE OAuth through the admin's
 * https forwarder page (state = `{loopbackPort}.{random}`, the forwarder requests the core's loopback
 * callback), a full sync equal to the seller's orders through 429 RATE_LIMITED and 503, an incremental
 * sync, and the honest local-only disconnect (revoking needs the app secret).
 * Specs: developer.squareup.com/docs/oauth-api/overview, RFC 7636, RFC 8252 §7.3,
 * developer.squareup.com/reference/square/orders-api/search-orders.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { squareProfile, squareProfileAt } from '../../main/core/providers/square.ts';
import { eventually } from '../helpers/core-fixture.ts';
import { startSquareSimulator, type SquareSimulator } from '../simulators/square/index.ts';
import {
  assertForwarderPath,
  assertStoreMatches,
  connectViaBrowser,
  forwardToLoopback,
  makeApp,
  secretLeaks,
  statusOf,
  totalStored,
  type ExpectedOrder,
} from './app-fixture.ts';

const expected = (sim: SquareSimulator): ExpectedOrder[] =>
  sim
    .orderSnapshot()
    .map((o) => ({ platformId: o.id, totalMinor: o.total_money.amount, currency: o.total_money.currency, updatedAt: Date.parse(o.updated_at) }));

test('security.md #16, #36: Square OAuth via the https forwarder -> sync through 429/503 equals the seller -> incremental sync -> local-only disconnect', async (t) => {
  // Every 4th /v2 call answers 429 (Retry-After: 1), every 7th a 503.
  const sim = await startSquareSimulator({
    orderCount: 3600, // several 1000-order pages, so the 4th and 7th calls happen
    locationCount: 3,
    currencies: ['USD', 'JPY', 'EUR'],
    rateLimitEvery: 4,
    failEvery: 7,
    retryAfterSec: 1,
  });
  t.after(() => sim.close());
  const forwarded: Array<{ location: string; port: number }> = [];
  const fx = await makeApp({
    profiles: [squareProfileAt(sim.baseUrl)],
    browser: async (url) => {
      const location = await sim.approve(url); // the https Location Square redirects the browser to
      const { port, callbackUrl } = forwardToLoopback(location); // what the forwarder page does
      forwarded.push({ location, port });
      return callbackUrl;
    },
  });
  t.after(() => fx.app.close());

  const id = await connectViaBrowser(fx, { providerId: 'square', fields: { clientId: sim.clientId, forwarderUrl: sim.redirectUri } });
  const page = await eventually(() => fx.callbacks[0]);
  assert.equal(page.status, 303);
  assert.match(page.page, /Connected to Square/);

  // The https-forwarder path: Square only ever saw the forwarder URL; state carries the loopback port.
  const { auth, code, exchangeBody } = assertForwarderPath(fx, forwarded, sim.redirectUri, 'Square');
  assert.equal(auth.searchParams.get('session'), 'false');
  const body = JSON.parse(exchangeBody) as Record<string, unknown>;
  assert.equal(body.redirect_uri, sim.redirectUri, 'redirect_uri in the token request = the forwarder URL');
  assert.equal(body.code, code);
  assert.equal(typeof body.code_verifier, 'string');
  assert.equal(body.client_secret, undefined, 'public client: no secret');
  assert.equal(fx.app.getConnection(id).accountLabel, sim.merchantId);

  // Full sync: 3600 orders in pages of up to 1000, through the injected 429 and 503.
  const progressBefore = fx.progress.length;
  const [first] = await fx.app.syncService.syncNow(id);
  assert.equal(first?.result, 'ok', JSON.stringify(first));
  assert.ok(sim.stats().rateLimited >= 1, 'the sync met 429 RATE_LIMITED');
  assert.ok(
    fx.progress.slice(progressBefore).some((v) => v.connectionId === id && v.state.kind === 'running' && v.state.waitingUntil !== undefined),
    'the 429 became a reported rate-limit wait',
  );
  assertStoreMatches(fx.app, id, expected(sim));
  assert.equal(statusOf(fx.app, id).orderCount, 3600);

  const touched = sim.touchOrders(11);
  const added = sim.addOrders(6);
  const faultsBefore = sim.stats().rateLimited + sim.stats().failed;
  const [second] = await fx.app.syncService.syncNow(id);
  assert.equal(second?.result, 'ok', JSON.stringify(second));
  assert.ok(sim.stats().rateLimited + sim.stats().failed > faultsBefore, 'the incremental sync met 429/503 too');
  assert.ok(second.orders >= 17 && second.orders < 40, `incremental: only changed orders (+ overlap), got ${second.orders}`);
  const rows = assertStoreMatches(fx.app, id, expected(sim));
  assert.equal(rows.length, 3606);
  for (const pid of [...touched, ...added]) assert.ok(rows.some((r) => r.platformId === pid));

  const result = await fx.app.disconnect(id);
  assert.equal(result.outcome, 'local-only');
  assert.equal(result.reason, squareProfile.revocation.kind === 'unsupported' ? squareProfile.revocation.reason : 'not unsupported');
  assert.equal(result.ordersDeleted, 3606);
  assert.equal(totalStored(fx.app), 0);
  assert.equal(sim.stats().revokeRequests, 0, 'no revoke attempt without the app secret');

  await fx.app.close();
  assert.ok(fx.canaries.length >= 2, 'access and refresh token recorded');
  assert.deepEqual(secretLeaks(fx, [...fx.canaries, code]), [], 'security.md #38: no token or code in the data folder or logs');
});
