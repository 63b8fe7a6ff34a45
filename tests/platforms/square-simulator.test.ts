import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { squareProfileAt } from '../../main/core/providers/square.ts';
import { startSquareSimulator, type SquareSimulator } from '../simulators/square/index.ts';
import { authorizationUrl, connect, pkcePair, tokenRequest } from '../simulators/square/harness.ts';

describe('Square simulator conformance', () => {
  let sim: SquareSimulator;
  let profile: ReturnType<typeof squareProfileAt>;
  before(async () => {
    sim = await startSquareSimulator({ orderCount: 40 });
    profile = squareProfileAt(sim.baseUrl);
  });
  after(() => sim.close());

  const api = (path: string, token: string, init: RequestInit = {}) =>
    fetch(`${sim.baseUrl}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers } });

  test('authorization redirects with code and state, no iss, and the profile sends session=false', async () => {
    const { challenge } = pkcePair();
    const loc = new URL(await sim.approve(authorizationUrl(profile, sim.clientId, sim.redirectUri, 'st-1', challenge)));
    assert.equal(`${loc.origin}${loc.pathname}`, sim.redirectUri);
    assert.ok(loc.searchParams.get('code'));
    assert.equal(loc.searchParams.get('state'), 'st-1');
    assert.equal(loc.searchParams.has('iss'), false);
    assert.equal(sim.stats().lastAuthorizeParams?.session, 'false');
    assert.equal(sim.stats().lastAuthorizeParams?.scope, 'ORDERS_READ MERCHANT_PROFILE_READ');
  });

  test('a denied consent redirects with error=access_denied and the state', async () => {
    const { challenge } = pkcePair();
    const loc = new URL(await sim.approve(authorizationUrl(profile, sim.clientId, sim.redirectUri, 'st-2', challenge), { deny: true }));
    assert.equal(loc.searchParams.get('error'), 'access_denied');
    assert.equal(loc.searchParams.get('state'), 'st-2');
    assert.equal(loc.searchParams.has('code'), false);
  });

  test('an unregistered redirect_uri or a plain PKCE method is refused on the page (security.md #4)', async () => {
    const { challenge } = pkcePair();
    await assert.rejects(sim.approve(authorizationUrl(profile, sim.clientId, 'https://evil.test/cb', 's', challenge)), /refused/);
    const plain = new URL(authorizationUrl(profile, sim.clientId, sim.redirectUri, 's', challenge));
    plain.searchParams.set('code_challenge_method', 'plain');
    await assert.rejects(sim.approve(plain.toString()), /refused/);
  });

  test('PKCE exchange (JSON, no secret) returns expires_at ISO, merchant_id, no expires_in', async () => {
    const t = await connect(profile, sim, sim.clientId, sim.redirectUri);
    assert.equal(t.token_type, 'bearer');
    assert.equal(typeof t.access_token, 'string');
    assert.equal(typeof t.refresh_token, 'string');
    assert.equal(t.merchant_id, sim.merchantId);
    assert.equal(t.short_lived, false);
    assert.equal('expires_in' in t, false);
    assert.equal('refresh_token_expires_at' in t, false);
    assert.match(String(t.expires_at), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const days = (Date.parse(String(t.expires_at)) - Date.now()) / 86_400_000;
    assert.ok(days > 29 && days <= 30, `expires in ${days} days`);
  });

  test('a code is single-use and needs the right verifier; errors use the {errors:[...]} shape (security.md #8)', async () => {
    const { verifier, challenge } = pkcePair();
    const loc = new URL(await sim.approve(authorizationUrl(profile, sim.clientId, sim.redirectUri, 's', challenge)));
    const code = loc.searchParams.get('code')!;
    const wrong = await tokenRequest(profile, { grant_type: 'authorization_code', client_id: sim.clientId, code, code_verifier: pkcePair().verifier });
    assert.equal(wrong.status, 401);
    const err = (wrong.body.errors as { category: string; code: string }[])[0]!;
    assert.equal(err.category, 'AUTHENTICATION_ERROR');
    const reuse = await tokenRequest(profile, { grant_type: 'authorization_code', client_id: sim.clientId, code, code_verifier: verifier });
    assert.equal(reuse.status, 401, 'the failed attempt consumed the code');
  });

  test('a form-encoded token request is refused: Square takes JSON', async () => {
    const res = await fetch(`${sim.baseUrl}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', client_id: sim.clientId, refresh_token: 'x' }).toString(),
    });
    assert.equal(res.status, 400);
  });

  test('refresh tokens rotate: the old one dies, reuse is a 401 (security.md #12)', async () => {
    const first = await connect(profile, sim, sim.clientId, sim.redirectUri);
    const r1 = await tokenRequest(profile, { grant_type: 'refresh_token', client_id: sim.clientId, refresh_token: String(first.refresh_token) });
    assert.equal(r1.status, 200);
    assert.notEqual(r1.body.refresh_token, first.refresh_token);
    const again = await tokenRequest(profile, { grant_type: 'refresh_token', client_id: sim.clientId, refresh_token: String(first.refresh_token) });
    assert.equal(again.status, 401);
    assert.ok(Array.isArray(again.body.errors));
    const r2 = await tokenRequest(profile, { grant_type: 'refresh_token', client_id: sim.clientId, refresh_token: String(r1.body.refresh_token) });
    assert.equal(r2.status, 200);
  });

  test('revoke needs "Authorization: Client {secret}": a public client gets 401 (security.md #16)', async () => {
    const t = await connect(profile, sim, sim.clientId, sim.redirectUri);
    const res = await fetch(`${sim.baseUrl}/oauth2/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${String(t.access_token)}` },
      body: JSON.stringify({ client_id: sim.clientId, access_token: t.access_token }),
    });
    assert.equal(res.status, 401);
    assert.equal((await api('/v2/locations', String(t.access_token))).status, 200, 'token still valid');
  });

  test('a search cursor only works with the query it was issued for', async () => {
    const t = await connect(profile, sim, sim.clientId, sim.redirectUri);
    const ids = sim.locations().map((l) => l.id);
    const query = { filter: { date_time_filter: { updated_at: { start_at: '2024-01-01T00:00:00Z' } } }, sort: { sort_field: 'UPDATED_AT', sort_order: 'ASC' } };
    const first = await (
      await api('/v2/orders/search', String(t.access_token), { method: 'POST', body: JSON.stringify({ location_ids: ids, query, limit: 5 }) })
    ).json();
    assert.equal(first.orders.length, 5);
    assert.equal(typeof first.cursor, 'string');
    const other = { ...query, filter: { date_time_filter: { updated_at: { start_at: '2024-06-01T00:00:00Z' } } } };
    const bad = await api('/v2/orders/search', String(t.access_token), {
      method: 'POST',
      body: JSON.stringify({ location_ids: ids, query: other, limit: 5, cursor: first.cursor }),
    });
    assert.equal(bad.status, 400);
    assert.equal((await bad.json()).errors[0].code, 'INVALID_CURSOR');
    const reordered = { sort: query.sort, filter: query.filter };
    const ok = await (
      await api('/v2/orders/search', String(t.access_token), {
        method: 'POST',
        body: JSON.stringify({ cursor: first.cursor, limit: 5, query: reordered, location_ids: ids }),
      })
    ).json();
    assert.equal(ok.orders.length, 5);
    assert.ok(Date.parse(ok.orders[0].updated_at) >= Date.parse(first.orders[4].updated_at));
  });

  test('search rules: 1..10 locations, limit <= 1000, sort field must match the date filter, empty result is {}', async () => {
    const t = String((await connect(profile, sim, sim.clientId, sim.redirectUri)).access_token);
    const loc = sim.locations()[0]!.id;
    const post = (body: unknown) => api('/v2/orders/search', t, { method: 'POST', body: JSON.stringify(body) });
    assert.equal((await post({ location_ids: Array(11).fill(loc) })).status, 400);
    assert.equal((await post({ location_ids: [] })).status, 400);
    assert.equal((await post({ location_ids: [loc], limit: 1001 })).status, 400);
    assert.equal((await post({ location_ids: [loc], limit: 1000 })).status, 200);
    const mismatch = { filter: { date_time_filter: { updated_at: { start_at: '2024-01-01T00:00:00Z' } } }, sort: { sort_field: 'CREATED_AT' } };
    assert.equal((await post({ location_ids: [loc], query: mismatch })).status, 400);
    const future = { filter: { date_time_filter: { updated_at: { start_at: '2999-01-01T00:00:00Z' } } }, sort: { sort_field: 'UPDATED_AT' } };
    const empty = await post({ location_ids: [loc], query: future });
    assert.equal(empty.status, 200);
    assert.deepEqual(await empty.json(), {});
  });

  test('money is integer minor units; JPY has no minor unit; quantities are strings', () => {
    const orders = sim.orderSnapshot();
    assert.ok(orders.every((o) => Number.isSafeInteger(o.total_money.amount)));
    assert.ok(orders.some((o) => o.total_money.currency === 'JPY'));
    assert.ok(orders.flatMap((o) => o.line_items ?? []).every((li) => typeof li.quantity === 'string'));
  });
});

describe('Square simulator faults and scopes', () => {
  test('429 carries Retry-After when configured and none when not; 403 without MERCHANT_PROFILE_READ', async () => {
    for (const retryAfterSec of [3, null]) {
      const sim = await startSquareSimulator({ orderCount: 5, rateLimitEvery: 1, retryAfterSec });
      try {
        const t = await connect(squareProfileAt(sim.baseUrl), sim, sim.clientId, sim.redirectUri);
        const res = await fetch(`${sim.baseUrl}/v2/locations`, { headers: { authorization: `Bearer ${String(t.access_token)}` } });
        assert.equal(res.status, 429);
        assert.equal(res.headers.get('retry-after'), retryAfterSec === null ? null : '3');
        assert.equal((await res.json()).errors[0].category, 'RATE_LIMIT_ERROR');
      } finally {
        await sim.close();
      }
    }
    const sim = await startSquareSimulator({ orderCount: 5 });
    try {
      const narrow = { ...squareProfileAt(sim.baseUrl) };
      narrow.scopes = narrow.scopes.filter((s) => s.name === 'ORDERS_READ');
      const t = await connect(narrow, sim, sim.clientId, sim.redirectUri);
      const res = await fetch(`${sim.baseUrl}/v2/locations`, { headers: { authorization: `Bearer ${String(t.access_token)}` } });
      assert.equal(res.status, 403);
      assert.equal((await res.json()).errors[0].code, 'INSUFFICIENT_SCOPES');
    } finally {
      await sim.close();
    }
  });
});
