/** Conformance of the Shopify simulator with shopify.dev: OAuth callback hmac, token shapes, uninstall, throttling. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shopifyApiPath } from '../../main/core/providers/shopify.ts';
import { verifyShopifyHmac } from '../../main/core/providers/shopify-hmac.ts';
import { SHOPIFY_ORDERS_QUERY } from '../../main/sync/adapters/shopify-orders.ts';
import { startShopifySimulator, type ShopifySimulator } from '../simulators/shopify/server.ts';

const SHOP = 'conformance-shop.myshopify.com';
const REDIRECT = 'http://127.0.0.1:49152/callback';

async function authorize(sim: ShopifySimulator, scope = 'read_orders,read_all_orders', state = 'st4te') {
  const u = new URL(`${sim.shopBase(SHOP)}/admin/oauth/authorize`);
  u.search = new URLSearchParams({ client_id: sim.app.clientId, scope, redirect_uri: REDIRECT, state }).toString();
  const res = await fetch(u, { redirect: 'manual' });
  return { res, location: res.headers.get('location') };
}

function tokenRequest(sim: ShopifySimulator, body: Record<string, unknown>) {
  return fetch(`${sim.shopBase(SHOP)}/admin/oauth/access_token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

function ordersQuery(sim: ShopifySimulator, token: string, variables: Record<string, unknown>, query = SHOPIFY_ORDERS_QUERY) {
  return fetch(sim.graphqlUrl(SHOP), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-shopify-access-token': token },
    body: JSON.stringify({ query, variables }),
  });
}

test('authorize redirects with code, hmac, host, shop, state, timestamp; hmac verifies with the client secret only', async () => {
  const sim = await startShopifySimulator({ count: 5 });
  try {
    const { res, location } = await authorize(sim);
    assert.equal(res.status, 302);
    const cb = new URL(location!);
    assert.equal(`${cb.origin}${cb.pathname}`, REDIRECT);
    assert.deepEqual([...cb.searchParams.keys()].sort(), ['code', 'hmac', 'host', 'shop', 'state', 'timestamp']);
    assert.equal(cb.searchParams.get('shop'), SHOP);
    assert.equal(cb.searchParams.get('state'), 'st4te');
    assert.equal(verifyShopifyHmac(cb.searchParams, sim.app.clientSecret), true);
    assert.equal(verifyShopifyHmac(cb.searchParams, 'another-secret'), false);
    cb.searchParams.set('state', 'forged');
    assert.equal(verifyShopifyHmac(cb.searchParams, sim.app.clientSecret), false);
  } finally {
    await sim.close();
  }
});

test('authorize rejects an unknown client_id and a redirect_uri that is not an allowed redirection URL', async () => {
  const sim = await startShopifySimulator({ count: 1 });
  try {
    const u = new URL(`${sim.shopBase(SHOP)}/admin/oauth/authorize`);
    u.search = new URLSearchParams({ client_id: 'nope', scope: 'read_orders', redirect_uri: REDIRECT, state: 's' }).toString();
    assert.equal((await fetch(u, { redirect: 'manual' })).status, 400);
    u.search = new URLSearchParams({ client_id: sim.app.clientId, scope: 'read_orders', redirect_uri: 'https://evil.example/cb', state: 's' }).toString();
    assert.equal((await fetch(u, { redirect: 'manual' })).status, 400);
    const bad = await startShopifySimulator({ count: 1, badHmac: true });
    const { location } = await authorize(bad);
    assert.equal(verifyShopifyHmac(new URL(location!).searchParams, bad.app.clientSecret), false);
    await bad.close();
  } finally {
    await sim.close();
  }
});

test('consent page mode: an Install button posts back and then redirects with a code', async () => {
  const sim = await startShopifySimulator({ count: 1, consent: 'page' });
  try {
    const { res } = await authorize(sim);
    assert.equal(res.status, 200);
    const html = await res.text();
    const id = /name="request" value="([0-9a-f]+)"/.exec(html)![1]!;
    const approve = await fetch(`${sim.shopBase(SHOP)}/admin/oauth/authorize/approve`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `request=${id}`,
      redirect: 'manual',
    });
    assert.equal(approve.status, 302);
    assert.ok(new URL(approve.headers.get('location')!).searchParams.get('code'));
  } finally {
    await sim.close();
  }
});

test('token exchange: non-expiring shape is exactly {access_token, scope}; the code works once; wrong secret is invalid_client', async () => {
  const sim = await startShopifySimulator({ count: 1, withheldScopes: ['read_all_orders'] });
  try {
    const code = new URL((await authorize(sim)).location!).searchParams.get('code')!;
    const wrong = await tokenRequest(sim, { client_id: sim.app.clientId, client_secret: 'wrong', code });
    assert.equal(wrong.status, 400);
    assert.equal(((await wrong.json()) as { error: string }).error, 'invalid_client');
    const ok = await tokenRequest(sim, { client_id: sim.app.clientId, client_secret: sim.app.clientSecret, code });
    assert.equal(ok.status, 200);
    const body = (await ok.json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(body).sort(), ['access_token', 'scope']);
    assert.equal(body.scope, 'read_orders', 'narrower than requested: read_all_orders withheld');
    const again = await tokenRequest(sim, { client_id: sim.app.clientId, client_secret: sim.app.clientSecret, code });
    assert.equal(again.status, 400);
    assert.equal(((await again.json()) as { error: string }).error, 'invalid_request');
  } finally {
    await sim.close();
  }
});

test('expiring tokens only with expiring=1: expires_in 3600 + refresh token; without it {access_token, scope} only', async () => {
  const sim = await startShopifySimulator({ count: 3 });
  try {
    const exchange = async (extra: Record<string, unknown>) => {
      const code = new URL((await authorize(sim)).location!).searchParams.get('code')!;
      return (await (await tokenRequest(sim, { client_id: sim.app.clientId, client_secret: sim.app.clientSecret, code, ...extra })).json()) as Record<
        string,
        unknown
      >;
    };
    assert.deepEqual(Object.keys(await exchange({})).sort(), ['access_token', 'scope']);
    assert.deepEqual(Object.keys(await exchange({ expiring: '0' })).sort(), ['access_token', 'scope']);
    const first = await exchange({ expiring: '1' });
    assert.deepEqual(Object.keys(first).sort(), ['access_token', 'expires_in', 'refresh_token', 'refresh_token_expires_in', 'scope']);
    assert.equal(first.expires_in, 3600);
    assert.deepEqual(
      sim.stats().codeExchanges.map((c) => c.expiring),
      [null, '0', '1'],
    );
    // the refresh grant needs the client secret too
    const noSecret = await tokenRequest(sim, { client_id: sim.app.clientId, grant_type: 'refresh_token', refresh_token: first.refresh_token });
    assert.equal(((await noSecret.json()) as { error: string }).error, 'invalid_client');
  } finally {
    await sim.close();
  }
});

test('refresh rotates; the previous refresh token keeps working until the replacement is first used (changelog 2026-08-28)', async () => {
  const sim = await startShopifySimulator({ count: 3 });
  try {
    const code = new URL((await authorize(sim)).location!).searchParams.get('code')!;
    const first = (await (await tokenRequest(sim, { client_id: sim.app.clientId, client_secret: sim.app.clientSecret, code, expiring: '1' })).json()) as Record<
      string,
      unknown
    >;
    const refresh = (rt: unknown) =>
      tokenRequest(sim, { client_id: sim.app.clientId, client_secret: sim.app.clientSecret, grant_type: 'refresh_token', refresh_token: rt });
    const second = (await (await refresh(first.refresh_token)).json()) as Record<string, unknown>;
    assert.notEqual(second.refresh_token, first.refresh_token);
    assert.equal(second.expires_in, 3600);
    assert.equal((await ordersQuery(sim, second.access_token as string, { first: 1 })).status, 200);
    // the response was "lost": the old refresh token is retried and still accepted
    const retried = await refresh(first.refresh_token);
    assert.equal(retried.status, 200);
    // the app begins using the replacement: that retires the old one
    const third = await refresh(second.refresh_token);
    assert.equal(third.status, 200);
    const replay = await refresh(first.refresh_token);
    assert.equal(replay.status, 400);
    assert.equal(((await replay.json()) as { error: string }).error, 'invalid_grant');
    sim.expireAccessTokens();
    assert.equal((await ordersQuery(sim, second.access_token as string, { first: 1 })).status, 401);
    assert.equal(sim.stats().refreshes, 4);
  } finally {
    await sim.close();
  }
});

test('the retry window of a used refresh token ends 30 days after its first use, even if the replacement is never used', async () => {
  let now = Date.UTC(2026, 11, 1);
  const sim = await startShopifySimulator({ count: 3, clock: () => now });
  try {
    const tokens = sim.issueTokens(SHOP, ['read_orders'], true);
    const refresh = (rt: unknown) =>
      tokenRequest(sim, { client_id: sim.app.clientId, client_secret: sim.app.clientSecret, grant_type: 'refresh_token', refresh_token: rt });
    const next = (await (await refresh(tokens.refresh_token)).json()) as Record<string, unknown>;
    now += 29 * 86_400_000;
    assert.equal((await refresh(tokens.refresh_token)).status, 200, 'day 29: still in the recovery period');
    now += 2 * 86_400_000;
    assert.equal((await refresh(tokens.refresh_token)).status, 400, 'day 31: retired');
    assert.equal((await refresh(next.refresh_token)).status, 200, 'the replacement is unaffected');
  } finally {
    await sim.close();
  }
});

test('uninstall: DELETE /admin/api_permissions/current.json with the token, after which the token is dead', async () => {
  const sim = await startShopifySimulator({ count: 1 });
  try {
    const token = sim.issueTokens(SHOP, ['read_orders'], false).access_token;
    const url = `${sim.shopBase(SHOP)}/admin/api_permissions/current.json`;
    assert.equal((await fetch(url, { method: 'DELETE' })).status, 401);
    assert.equal((await fetch(url, { method: 'DELETE', headers: { 'x-shopify-access-token': token } })).status, 200);
    assert.equal(sim.isTokenValid(SHOP, token), false);
    assert.equal((await ordersQuery(sim, token, { first: 1 })).status, 401);
  } finally {
    await sim.close();
  }
});

test('GraphQL cost: extensions.cost on success; HTTP 200 + THROTTLED when the bucket is short', async () => {
  const sim = await startShopifySimulator({ count: 600, maxAvailable: 300, restoreRate: 1 });
  try {
    const token = sim.issueToken(SHOP);
    const ok = (await (await ordersQuery(sim, token, { first: 250 })).json()) as any;
    assert.equal(ok.data.orders.edges.length, 250);
    assert.equal(ok.extensions.cost.requestedQueryCost, 252);
    assert.equal(ok.extensions.cost.throttleStatus.maximumAvailable, 300);
    assert.ok(ok.extensions.cost.throttleStatus.currentlyAvailable < 252);
    const res = await ordersQuery(sim, token, { first: 250, after: ok.data.orders.pageInfo.endCursor });
    assert.equal(res.status, 200);
    const throttled = (await res.json()) as any;
    assert.equal(throttled.errors[0].extensions.code, 'THROTTLED');
    assert.equal(throttled.extensions.cost.throttleStatus.restoreRate, 1);
    assert.equal(sim.stats().throttled, 1);
  } finally {
    await sim.close();
  }
});

test('GraphQL validation: first must be 1..250, unknown fields and other documents are GraphQL errors', async () => {
  const sim = await startShopifySimulator({ count: 5 });
  try {
    const token = sim.issueToken(SHOP);
    const tooMany = (await (await ordersQuery(sim, token, { first: 251 })).json()) as any;
    assert.match(tooMany.errors[0].message, /between 1 and 250/);
    const unknown = (await (await ordersQuery(sim, token, { first: 1 }, SHOPIFY_ORDERS_QUERY.replace('cancelledAt', 'email'))).json()) as any;
    assert.match(unknown.errors[0].message, /email/);
    const other = (await (await ordersQuery(sim, token, {}, '{ shop { name } }')).json()) as any;
    assert.equal(other.errors[0].extensions.code, 'BAD_REQUEST');
    const denied = (await (await ordersQuery(sim, sim.issueToken(SHOP, []), { first: 1 })).json()) as any;
    assert.equal(denied.errors[0].extensions.code, 'ACCESS_DENIED');
  } finally {
    await sim.close();
  }
});

test('read_orders alone reaches the last 60 days only; read_all_orders reaches everything', async () => {
  const sim = await startShopifySimulator({ count: 120, spanDays: 120 });
  try {
    const all = (await (await ordersQuery(sim, sim.issueToken(SHOP, ['read_orders', 'read_all_orders']), { first: 250 })).json()) as any;
    const recent = (await (await ordersQuery(sim, sim.issueToken(SHOP, ['read_orders']), { first: 250 })).json()) as any;
    assert.equal(all.data.orders.edges.length, 120);
    const cutoff = Date.now() - 60 * 86_400_000;
    assert.ok(recent.data.orders.edges.length > 40 && recent.data.orders.edges.length < 70);
    for (const e of recent.data.orders.edges) assert.ok(Date.parse(e.node.createdAt) >= cutoff - 60_000);
  } finally {
    await sim.close();
  }
});

test('REST bucket: X-Shopify-Shop-Api-Call-Limit, then 429 with Retry-After when it is full', async () => {
  const sim = await startShopifySimulator({ count: 1, restBucketSize: 2, restLeakRate: 0.01 });
  try {
    const get = () => fetch(`${sim.shopBase(SHOP)}/${shopifyApiPath('shop.json')}`, { headers: { 'x-shopify-access-token': sim.issueToken(SHOP) } });
    const a = await get();
    assert.equal(a.status, 200);
    assert.match(a.headers.get('x-shopify-shop-api-call-limit')!, /^\d+\/2$/);
    await get();
    const c = await get();
    assert.equal(c.status, 429);
    assert.ok(Number(c.headers.get('retry-after')) > 0);
  } finally {
    await sim.close();
  }
});
