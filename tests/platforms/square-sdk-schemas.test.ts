/**
 * The Square simulator and the Square adapter held to Square's own Node SDK (`square` 46.0.0): every
 * body the simulator serves (ObtainToken, ListLocations, SearchOrders, RevokeToken, each error) and
 * every body Storelink sends (the core's token requests, the adapter's SearchOrders requests) must
 * parse under the SDK's serialization schemas, strictly (unknown keys and enum values fail). Then an
 * official example order (Square's API definition, BatchRetrieveOrders example) goes through the
 * real adapter. Spec: developer.squareup.com/reference/square/orders-api/search-orders,
 * developer.squareup.com/reference/square/oauth-api/obtain-token, .../revoke-token,
 * developer.squareup.com/reference/square/locations-api/list-locations.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { squareProfileAt } from '../../main/core/providers/square.ts';
import { normalizeSquareOrder, squareOrderAdapter } from '../../main/sync/adapters/square-orders.ts';
import type { AdapterContext } from '../../main/sync/order-adapter.ts';
import { SQUARE_SDK_VERSION, assertSquareValid, squareProblems } from '../helpers/square-sdk.ts';
import { adapterContext, connect, syncAll, tokenRequest } from '../simulators/square/harness.ts';
import { startSquareSimulator } from '../simulators/square/index.ts';
import { connectViaBrowser, forwardToLoopback, makeApp } from './app-fixture.ts';

test(`the validator itself: the Square SDK ${SQUARE_SDK_VERSION} schemas refuse what Square refuses`, () => {
  assert.equal(SQUARE_SDK_VERSION, '46.0.0');
  assert.deepEqual(squareProblems('Money', { amount: 7599, currency: 'USD' }), []);
  assert.notDeepEqual(squareProblems('Money', { amount: 7599, currency: 'DOLLARS' }), [], 'a currency outside the Currency enum');
  assert.notDeepEqual(squareProblems('Money', { amount: '75.99', currency: 'USD' }), [], 'a decimal string amount');
  assert.notDeepEqual(squareProblems('Money', { amount: 7599, currency: 'USD', divisor: 100 }), [], 'an unknown key');
  assert.notDeepEqual(squareProblems('Error_', { category: 'API_ERROR', code: 'NOT_A_SQUARE_CODE' }), [], 'an error code outside ErrorCode');
  assert.deepEqual(squareProblems('Money', { amount: 100, currency: 'UNKNOWN_CURRENCY' }), [], 'UNKNOWN_CURRENCY is a Currency value');
});

test('OAuth: the core’s token requests and every token / revoke response of the simulator are valid per the SDK', async (t) => {
  const sim = await startSquareSimulator({ orderCount: 5, sendRefreshTokenExpiresAt: true });
  t.after(() => sim.close());
  const fx = await makeApp({
    profiles: [squareProfileAt(sim.baseUrl)],
    browser: async (url) => forwardToLoopback(await sim.approve(url)).callbackUrl,
  });
  t.after(() => fx.app.close());
  const id = await connectViaBrowser(fx, { providerId: 'square', fields: { clientId: sim.clientId, forwarderUrl: sim.redirectUri } });
  await fx.app.refreshConnection(id); // the core's refresh request too
  const bodies = fx.tokenCalls.map((c) => JSON.parse(c.body) as Record<string, unknown>);
  assert.deepEqual(
    bodies.map((b) => b.grant_type),
    ['authorization_code', 'refresh_token'],
  );
  for (const b of bodies) assertSquareValid('ObtainTokenRequest', b, `the core's ${String(b.grant_type)} request`);

  const profile = squareProfileAt(sim.baseUrl);
  const tokens = await connect(profile, sim, sim.clientId, sim.redirectUri);
  assertSquareValid('ObtainTokenResponse', tokens, 'the code exchange response');
  const refreshed = await tokenRequest(profile, { grant_type: 'refresh_token', client_id: sim.clientId, refresh_token: String(tokens.refresh_token) });
  assert.equal(refreshed.status, 200);
  assertSquareValid('ObtainTokenResponse', refreshed.body, 'the refresh response');
  // Refusals of the token endpoint (reused refresh token, unknown grant type) carry valid Square errors.
  const reused = await tokenRequest(profile, { grant_type: 'refresh_token', client_id: sim.clientId, refresh_token: String(tokens.refresh_token) });
  assert.equal(reused.status, 401);
  assertSquareValid('ObtainTokenResponse', reused.body, 'the reused-refresh-token refusal');
  const badGrant = await tokenRequest(profile, { grant_type: 'password', client_id: sim.clientId });
  assert.equal(badGrant.status, 400);
  assertSquareValid('ObtainTokenResponse', badGrant.body, 'the unknown-grant refusal');

  const revokeBody = { client_id: sim.clientId, access_token: String(refreshed.body.access_token) };
  assertSquareValid('RevokeTokenRequest', revokeBody);
  const revoke = (auth: string) =>
    fetch(`${sim.baseUrl}/oauth2/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: auth },
      body: JSON.stringify(revokeBody),
    });
  const refused = await revoke('Client not-the-secret');
  assert.equal(refused.status, 401);
  assertSquareValid('RevokeTokenResponse', await refused.json(), 'the revoke refusal');
  const ok = await revoke('Client sq0csp-simulator-secret-not-in-the-app');
  assert.equal(ok.status, 200);
  assertSquareValid('RevokeTokenResponse', await ok.json(), 'the revoke response');
});

test('orders: the adapter’s SearchOrders requests and the simulator’s ListLocations / SearchOrders answers are valid per the SDK', async (t) => {
  const sim = await startSquareSimulator({ orderCount: 2300, locationCount: 12, currencies: ['USD', 'JPY', 'EUR', 'KWD'] });
  t.after(() => sim.close());
  const profile = squareProfileAt(sim.baseUrl);
  const tokens = await connect(profile, sim, sim.clientId, sim.redirectUri);
  const inner = adapterContext(profile, String(tokens.access_token));
  const exchanges: Array<{ path: string; request: unknown; status: number; response: unknown }> = [];
  const ctx: AdapterContext = {
    ...inner,
    async request(req) {
      const res = await inner.request(req);
      exchanges.push({ path: req.url, request: req.body === undefined ? undefined : JSON.parse(req.body), status: res.status, response: JSON.parse(res.body) });
      return res;
    },
  };
  const full = await syncAll(squareOrderAdapter, ctx);
  assert.equal(full.orders.length, 2300);
  const since = new Date().toISOString();
  const touched = sim.touchOrders(7);
  const incremental = await syncAll(squareOrderAdapter, ctx, { updatedSince: since });
  for (const id of touched)
    assert.ok(
      incremental.orders.some((o) => o.platformId === id),
      `incremental sync found ${id}`,
    );

  const searches = exchanges.filter((e) => e.path.endsWith('/v2/orders/search'));
  const lists = exchanges.filter((e) => e.path.endsWith('/v2/locations'));
  assert.ok(searches.length >= 4, 'several pages and two location batches (12 locations > 10 per search)');
  assert.equal(lists.length, 2);
  for (const e of searches) {
    assertSquareValid('SearchOrdersRequest', e.request, 'the adapter’s SearchOrders request');
    assert.equal(e.status, 200);
    assertSquareValid('SearchOrdersResponse', e.response, 'a SearchOrders page of the simulator');
  }
  for (const e of lists) assertSquareValid('ListLocationsResponse', e.response, 'the simulator’s ListLocations');
});

test('each refusal of the simulator’s v2 API is a valid Square error (category and code from the SDK enums)', async (t) => {
  const sim = await startSquareSimulator({ orderCount: 3, rateLimitEvery: 0 });
  t.after(() => sim.close());
  const profile = squareProfileAt(sim.baseUrl);
  const tokens = await connect(profile, sim, sim.clientId, sim.redirectUri);
  const good = String(tokens.access_token);
  const loc = sim.locations()[0]!.id;
  const search = (body: unknown, token = good, headers: Record<string, string> = {}) =>
    fetch(`${sim.baseUrl}/v2/orders/search`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const cases: Array<[string, Promise<Response>, number, string]> = [
    ['no location', search({ location_ids: [] }), 400, 'ARRAY_EMPTY'],
    ['11 locations', search({ location_ids: Array.from({ length: 11 }, () => loc) }), 400, 'ARRAY_LENGTH_TOO_LONG'],
    ['limit 0', search({ location_ids: [loc], limit: 0 }), 400, 'VALUE_TOO_LOW'],
    ['unknown location', search({ location_ids: ['NOPE'] }), 400, 'NOT_FOUND'],
    ['limit over 1000', search({ location_ids: [loc], limit: 1001 }), 400, 'VALUE_TOO_HIGH'],
    ['limit not an integer', search({ location_ids: [loc], limit: 2.5 }), 400, 'INVALID_VALUE'],
    ['bad sort field', search({ location_ids: [loc], query: { sort: { sort_field: 'TOTAL' } } }), 400, 'INVALID_ENUM_VALUE'],
    ['bad cursor', search({ location_ids: [loc], cursor: 'nope' }), 400, 'INVALID_CURSOR'],
    ['bad start_at', search({ location_ids: [loc], query: { filter: { date_time_filter: { created_at: { start_at: 'yesterday' } } } } }), 400, 'INVALID_TIME'],
    ['not JSON', search('{'), 400, 'INVALID_CONTENT_TYPE'],
    ['bad Square-Version', search({ location_ids: [loc] }, good, { 'square-version': 'latest' }), 400, 'INVALID_SQUARE_VERSION_FORMAT'],
    ['unknown token', search({ location_ids: [loc] }, 'EAAAnot-a-token'), 401, 'UNAUTHORIZED'],
  ];
  for (const [what, res, status, code] of cases) {
    const r = await res;
    const body = (await r.json()) as { errors: Array<{ code: string }> };
    assert.equal(r.status, status, what);
    assert.equal(body.errors[0]?.code, code, what);
    assertSquareValid('SearchOrdersResponse', body, `the "${what}" refusal`);
  }
  sim.expireAccessTokens();
  const expired = await search({ location_ids: [loc] });
  assert.equal(expired.status, 401);
  assertSquareValid('SearchOrdersResponse', await expired.json(), 'the expired-token refusal');
});

/**
 * An official example order: the field values of the Order in the BatchRetrieveOrders response
 * example of Square's API definition (square/connect-api-specification; the same example is in the
 * SDKs' generated docs). Its `state`, `version` and timestamps are not in that example; they are
 * added here (state and version as in the SDK's generated mock for the same example, timestamps in
 * the documented RFC 3339 form) because an order without them is refused by the adapter.
 */
const OFFICIAL_EXAMPLE_ORDER = {
  id: 'CAISEM82RcpmcFBM0TfOyiHV3es',
  location_id: '057P5VYJ4A5X1',
  reference_id: 'my-order-001',
  line_items: [
    {
      uid: '945986d1-9586-11e6-ad5a-28cfe92138cf',
      name: 'Awesome product',
      quantity: '1',
      base_price_money: { amount: 1599, currency: 'USD' },
      total_money: { amount: 1599, currency: 'USD' },
    },
    {
      uid: 'a8f4168c-9586-11e6-bdf0-28cfe92138cf',
      name: 'Another awesome product',
      quantity: '3',
      base_price_money: { amount: 2000, currency: 'USD' },
      total_money: { amount: 6000, currency: 'USD' },
    },
  ],
  total_money: { amount: 7599, currency: 'USD' },
  state: 'OPEN',
  version: 1,
  created_at: '2019-03-04T21:54:45Z',
  updated_at: '2019-03-04T21:54:45Z',
};

test('an official example order goes through the real adapter: 7599 USD minor units, 4 items', async () => {
  const page = { orders: [OFFICIAL_EXAMPLE_ORDER] };
  assertSquareValid('SearchOrdersResponse', page, 'the example as a SearchOrders page');
  const direct = normalizeSquareOrder(OFFICIAL_EXAMPLE_ORDER);
  assert.equal(direct.platformId, 'CAISEM82RcpmcFBM0TfOyiHV3es');
  assert.equal(direct.totalMinor, 7599);
  assert.equal(direct.currency, 'USD');
  assert.equal(direct.itemCount, 4);
  assert.equal(direct.status, 'open');
  assert.equal(direct.updatedAt, Date.parse('2019-03-04T21:54:45Z'));

  // The same order as Square would serve it, through the adapter's own HTTP path.
  const sent: string[] = [];
  const ctx: AdapterContext = {
    fields: {},
    signal: new AbortController().signal,
    async request(req) {
      sent.push(req.url);
      const body = req.url.endsWith('/v2/locations') ? { locations: [{ id: '057P5VYJ4A5X1', name: 'Main', status: 'ACTIVE' }] } : page;
      assertSquareValid(req.url.endsWith('/v2/locations') ? 'ListLocationsResponse' : 'SearchOrdersResponse', body);
      return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
    },
  };
  const result = await squareOrderAdapter.fetchPage(ctx, {});
  assert.deepEqual(sent, ['/v2/locations', '/v2/orders/search']);
  assert.deepEqual(result.orders, [direct]);
});
