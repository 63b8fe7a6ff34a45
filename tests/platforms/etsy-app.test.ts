/**
 * The full app (core + order sync) against the Etsy simulator: PKCE OAuth through the admin's https
 * forwarder page (state = `{loopbackPort}.{random}`), receipts synced equal to the shop's through
 * 429 + Retry-After and 503, an incremental sync, and the honest local-only disconnect (Etsy has no
 * revocation endpoint). Specs: developers.etsy.com/documentation/essentials/authentication,
 * developers.etsy.com/documentation/reference#operation/getShopReceipts, RFC 7636, RFC 8252 §7.3.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { etsyProfile, etsyProfileAt } from '../../main/core/providers/etsy.ts';
import { eventually } from '../helpers/core-fixture.ts';
import { startEtsySimulator, type EtsySimulator } from '../simulators/etsy/index.ts';
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

/** Minor-unit exponent as the simulator writes money (amount / divisor of a whole currency unit). */
const EXPONENT: Record<string, number> = { JPY: 0 };

const expected = (sim: EtsySimulator): ExpectedOrder[] =>
  sim.orderSnapshot().map((r) => {
    const minor = (r.grandtotal.amount * 10 ** (EXPONENT[r.grandtotal.currency_code] ?? 2)) / r.grandtotal.divisor;
    assert.ok(Number.isSafeInteger(minor), 'the simulator wrote an exact amount');
    return { platformId: String(r.receipt_id), totalMinor: minor, currency: r.grandtotal.currency_code, updatedAt: r.updated_timestamp * 1000 };
  });

test('security.md #16, #36: Etsy OAuth via the https forwarder -> sync through 429/503 equals the shop -> incremental sync -> local-only disconnect', async (t) => {
  // Every 4th /v3/application call answers 429 (Retry-After: 1), every 7th a 503.
  const sim = await startEtsySimulator({ orderCount: 450, rateLimitEvery: 4, failEvery: 7, retryAfterSec: 1 });
  t.after(() => sim.close());
  const forwarded: Array<{ location: string; port: number }> = [];
  const fx = await makeApp({
    profiles: [etsyProfileAt(sim.baseUrl)],
    browser: async (url) => {
      const location = await sim.approve(url); // the https Location Etsy redirects the browser to
      const { port, callbackUrl } = forwardToLoopback(location); // what the forwarder page does
      forwarded.push({ location, port });
      return callbackUrl;
    },
  });
  t.after(() => fx.app.close());

  const id = await connectViaBrowser(fx, {
    providerId: 'etsy',
    fields: { keystring: sim.keystring, sharedSecret: sim.sharedSecret, forwarderUrl: sim.redirectUri },
  });
  const page = await eventually(() => fx.callbacks[0]);
  assert.equal(page.status, 303);
  assert.match(page.page, /Connected to Etsy/);

  // The https-forwarder path: Etsy only ever saw the forwarder URL; state carries the loopback port.
  const { auth, code, exchangeBody } = assertForwarderPath(fx, forwarded, sim.redirectUri, 'Etsy');
  assert.equal(auth.searchParams.get('code_challenge_method'), 'S256');
  const form = new URLSearchParams(exchangeBody);
  assert.equal(form.get('redirect_uri'), sim.redirectUri, 'redirect_uri in the token request = the forwarder URL');
  assert.equal(form.get('code'), code);
  assert.equal(form.get('client_id'), sim.keystring);
  assert.ok(!exchangeBody.includes(sim.sharedSecret), 'the shared secret never goes to the token endpoint');
  assert.equal(fx.app.getConnection(id).accountLabel, `Etsy user ${sim.userId}`, 'tenant from the {user_id}. token prefix');

  // Full sync: 450 receipts in pages of 100, through the injected 429s and 503.
  const progressBefore = fx.progress.length;
  const [first] = await fx.app.syncService.syncNow(id);
  assert.equal(first?.result, 'ok', JSON.stringify(first));
  assert.ok(sim.stats().rateLimited >= 1 && sim.stats().failed >= 1, 'the sync met 429 and 503');
  assert.ok(
    fx.progress.slice(progressBefore).some((v) => v.connectionId === id && v.state.kind === 'running' && v.state.waitingUntil !== undefined),
    'the 429 became a reported rate-limit wait',
  );
  assert.equal(sim.stats().apiKeyRejected, 0, 'x-api-key sent on every call');
  assertStoreMatches(fx.app, id, expected(sim));
  assert.equal(statusOf(fx.app, id).orderCount, 450);

  const touched = sim.touchOrders(13);
  const added = sim.addOrders(8);
  // Another client of the same app spends calls so that the sync's first call is a 4th one (429).
  while (sim.stats().apiCalls % 4 !== 3) {
    await fetch(`${sim.baseUrl}/v3/application/users/me`, { headers: { 'x-api-key': `${sim.keystring}:${sim.sharedSecret}` } }).then((r) => r.arrayBuffer());
  }
  const faultsBefore = sim.stats().rateLimited + sim.stats().failed;
  const [second] = await fx.app.syncService.syncNow(id);
  assert.equal(second?.result, 'ok', JSON.stringify(second));
  assert.ok(sim.stats().rateLimited + sim.stats().failed > faultsBefore, 'the incremental sync met 429/503 too');
  assert.ok(second.orders >= 21 && second.orders < 40, `incremental: only changed receipts (+ overlap), got ${second.orders}`);
  const rows = assertStoreMatches(fx.app, id, expected(sim));
  assert.equal(rows.length, 458);
  for (const rid of [...touched, ...added]) assert.ok(rows.some((r) => r.platformId === String(rid)));

  const result = await fx.app.disconnect(id);
  assert.equal(result.outcome, 'local-only');
  assert.equal(result.reason, etsyProfile.revocation.kind === 'unsupported' ? etsyProfile.revocation.reason : 'not unsupported');
  assert.equal(result.ordersDeleted, 458);
  assert.equal(totalStored(fx.app), 0);

  await fx.app.close();
  assert.ok(fx.canaries.length >= 2, 'access and refresh token recorded');
  assert.deepEqual(
    secretLeaks(fx, [...fx.canaries, code, sim.sharedSecret]),
    [],
    'security.md #38: no token, code or shared secret in the data folder or logs',
  );
});
