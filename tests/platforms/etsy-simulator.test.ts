import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { etsyProfileAt } from '../../main/core/providers/etsy.ts';
import { startEtsySimulator, type EtsySimulator } from '../simulators/etsy/index.ts';
import { authorizationUrl, connect, pkcePair, tokenRequest } from '../simulators/square/harness.ts';

describe('Etsy simulator conformance', () => {
  let sim: EtsySimulator;
  let profile: ReturnType<typeof etsyProfileAt>;
  let apiKey: string;
  before(async () => {
    sim = await startEtsySimulator({ orderCount: 30 });
    profile = etsyProfileAt(sim.baseUrl);
    apiKey = `${sim.keystring}:${sim.sharedSecret}`;
  });
  after(() => sim.close());

  const get = (path: string, headers: Record<string, string>) => fetch(`${sim.baseUrl}${path}`, { headers });

  test('a non-https or unregistered redirect_uri is refused on the page, like Etsy', async () => {
    const { challenge } = pkcePair();
    await assert.rejects(
      sim.approve(authorizationUrl(profile, sim.keystring, 'http://127.0.0.1:8123/callback', 's', challenge)),
      /\(400\).*must be an https URL/,
    );
    await assert.rejects(sim.approve(authorizationUrl(profile, sim.keystring, 'https://other.test/cb', 's', challenge)), /\(400\).*not registered/);
    const plain = new URL(authorizationUrl(profile, sim.keystring, sim.redirectUri, 's', challenge));
    plain.searchParams.set('code_challenge_method', 'plain');
    await assert.rejects(sim.approve(plain.toString()), /S256/);
  });

  test('consent redirects to the https forwarder; forwarding code and state to a loopback listener completes the flow', async () => {
    const { verifier, challenge } = pkcePair();
    const location = new URL(await sim.approve(authorizationUrl(profile, sim.keystring, sim.redirectUri, 'st-e', challenge)));
    assert.equal(`${location.origin}${location.pathname}`, sim.redirectUri);
    assert.equal(sim.stats().lastAuthorizeParams?.scope, 'transactions_r shops_r');
    // The forwarder page's job, done by the test: pass code and state on to the app's loopback listener.
    let received: URLSearchParams | undefined;
    const listener = createServer((req, res) => {
      received = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams;
      res.end('ok');
    });
    await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
    try {
      const port = (listener.address() as AddressInfo).port;
      const forward = new URL(`http://127.0.0.1:${port}/callback`);
      for (const k of ['code', 'state']) forward.searchParams.set(k, location.searchParams.get(k)!);
      await (await fetch(forward)).text();
    } finally {
      await new Promise<void>((r) => listener.close(() => r()));
    }
    assert.equal(received?.get('state'), 'st-e');
    const { status, body } = await tokenRequest(profile, {
      grant_type: 'authorization_code',
      client_id: sim.keystring,
      redirect_uri: sim.redirectUri,
      code: received!.get('code')!,
      code_verifier: verifier,
    });
    assert.equal(status, 200);
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.expires_in, 3600);
    assert.match(String(body.access_token), new RegExp(`^${sim.userId}\\.`));
    assert.match(String(body.refresh_token), new RegExp(`^${sim.userId}\\.`));
  });

  test('the token endpoint takes only form bodies and the byte-identical redirect_uri (security.md #8)', async () => {
    const json = await fetch(`${sim.baseUrl}/v3/public/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(json.status, 400);
    const { verifier, challenge } = pkcePair();
    const loc = new URL(await sim.approve(authorizationUrl(profile, sim.keystring, sim.redirectUri, 's', challenge)));
    const r = await tokenRequest(profile, {
      grant_type: 'authorization_code',
      client_id: sim.keystring,
      redirect_uri: `${sim.redirectUri}/`,
      code: loc.searchParams.get('code')!,
      code_verifier: verifier,
    });
    assert.equal(r.status, 400);
    assert.equal(r.body.error, 'invalid_grant');
  });

  test('refresh tokens rotate: the old one is refused after use (security.md #12)', async () => {
    const t = await connect(profile, sim, sim.keystring, sim.redirectUri);
    const r1 = await tokenRequest(profile, { grant_type: 'refresh_token', client_id: sim.keystring, refresh_token: String(t.refresh_token) });
    assert.equal(r1.status, 200);
    assert.notEqual(r1.body.refresh_token, t.refresh_token);
    const reuse = await tokenRequest(profile, { grant_type: 'refresh_token', client_id: sim.keystring, refresh_token: String(t.refresh_token) });
    assert.equal(reuse.status, 400);
    assert.equal(reuse.body.error, 'invalid_grant');
  });

  test('every application call needs x-api-key keystring:shared_secret (403) and a Bearer token (401)', async () => {
    const t = String((await connect(profile, sim, sim.keystring, sim.redirectUri)).access_token);
    const auth = { authorization: `Bearer ${t}` };
    assert.equal((await get('/v3/application/users/me', auth)).status, 403);
    const keyOnly = await get('/v3/application/users/me', { ...auth, 'x-api-key': sim.keystring });
    assert.equal(keyOnly.status, 403);
    assert.equal(typeof (await keyOnly.json()).error, 'string');
    assert.equal((await get('/v3/application/users/me', { 'x-api-key': apiKey })).status, 401);
    const ok = await get('/v3/application/users/me', { ...auth, 'x-api-key': apiKey });
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { user_id: sim.userId, shop_id: sim.shopId });
    assert.ok(ok.headers.get('x-remaining-this-second'));
    assert.ok(ok.headers.get('x-remaining-today'));
  });

  test('receipts: limit <= 100, sort by updated, min_last_modified in unix seconds', async () => {
    const t = String((await connect(profile, sim, sim.keystring, sim.redirectUri)).access_token);
    const h = { authorization: `Bearer ${t}`, 'x-api-key': apiKey };
    const path = `/v3/application/shops/${sim.shopId}/receipts`;
    assert.equal((await get(`${path}?limit=101`, h)).status, 400);
    assert.equal((await get(`${path}?sort_on=price`, h)).status, 400);
    const all = await (await get(`${path}?limit=100&sort_on=updated&sort_order=asc`, h)).json();
    assert.equal(all.count, 30);
    const times = all.results.map((r: { updated_timestamp: number }) => r.updated_timestamp);
    assert.deepEqual(
      times,
      [...times].sort((a: number, b: number) => a - b),
    );
    const mid = times[15];
    const since = await (await get(`${path}?limit=100&sort_on=updated&sort_order=asc&min_last_modified=${mid}`, h)).json();
    assert.ok(since.results.every((r: { updated_timestamp: number }) => r.updated_timestamp >= mid));
    assert.ok(since.count < 30 && since.count >= 15);
  });

  test('a password change (revokeAll) kills access and refresh tokens', async () => {
    const t = await connect(profile, sim, sim.keystring, sim.redirectUri);
    sim.revokeAll();
    const res = await get('/v3/application/users/me', { authorization: `Bearer ${String(t.access_token)}`, 'x-api-key': apiKey });
    assert.equal(res.status, 401);
    const r = await tokenRequest(profile, { grant_type: 'refresh_token', client_id: sim.keystring, refresh_token: String(t.refresh_token) });
    assert.equal(r.body.error, 'invalid_grant');
  });
});

test('Etsy simulator: injected 429 carries retry-after and the budget headers', async () => {
  const sim = await startEtsySimulator({ orderCount: 3, rateLimitEvery: 1, retryAfterSec: 4 });
  try {
    const t = await connect(etsyProfileAt(sim.baseUrl), sim, sim.keystring, sim.redirectUri);
    const res = await fetch(`${sim.baseUrl}/v3/application/users/me`, {
      headers: { authorization: `Bearer ${String(t.access_token)}`, 'x-api-key': `${sim.keystring}:${sim.sharedSecret}` },
    });
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '4');
    assert.ok(res.headers.has('x-remaining-today'));
  } finally {
    await sim.close();
  }
});
