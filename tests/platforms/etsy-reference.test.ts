/**
 * The Etsy simulator refuses what Etsy refuses, per Etsy's OpenAPI spec (OAS 3.0.0 behind
 * developers.etsy.com/documentation/reference) and providers.md "Changes since..." (x-api-key since
 * 2026-02-09). One test per refusal; each asserts the documented status and the ErrorSchema body `{error}`.
 * getMe / getShopReceipts scope refusals are in etsy-scopes.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { etsyProfileAt } from '../../main/core/providers/etsy.ts';
import { etsyOrderAdapter } from '../../main/sync/adapters/etsy-orders.ts';
import { startEtsySimulator, type EtsySimulator } from '../simulators/etsy/index.ts';
import { adapterContext, connect } from '../simulators/square/harness.ts';

describe('Etsy simulator refusals per the OpenAPI spec', () => {
  let sim: EtsySimulator;
  let token: string;
  let apiKey: string;
  let receipts: string;
  before(async () => {
    sim = await startEtsySimulator({ orderCount: 12 });
    token = String((await connect(etsyProfileAt(sim.baseUrl), sim, sim.keystring, sim.redirectUri)).access_token);
    apiKey = `${sim.keystring}:${sim.sharedSecret}`;
    receipts = `/v3/application/shops/${sim.shopId}/receipts`;
  });
  after(() => sim.close());

  const get = async (path: string, headers: Record<string, string | undefined> = {}) => {
    const h: Record<string, string> = {};
    for (const [k, v] of Object.entries({ authorization: `Bearer ${token}`, 'x-api-key': apiKey, ...headers })) if (v !== undefined) h[k] = v;
    const res = await fetch(`${sim.baseUrl}${path}`, { headers: h });
    const body = (await res.json()) as { error?: unknown };
    return { status: res.status, error: body.error };
  };

  test('x-api-key with the keystring alone: 403 "Shared secret is required in x-api-key header."', async () => {
    assert.deepEqual(await get('/v3/application/users/me', { 'x-api-key': sim.keystring }), {
      status: 403,
      error: 'Shared secret is required in x-api-key header.',
    });
  });

  test('a malformed or wrong x-api-key: 403 "Invalid API key: should be in the format \'keystring:shared_secret\'."', async () => {
    for (const bad of [`${sim.keystring}:`, `:${sim.sharedSecret}`, `${apiKey}:extra`, `${sim.keystring}:wrong-secret`]) {
      assert.deepEqual(
        await get(receipts, { 'x-api-key': bad }),
        { status: 403, error: "Invalid API key: should be in the format 'keystring:shared_secret'." },
        bad,
      );
    }
  });

  test('no x-api-key at all: 403, before the token is even looked at', async () => {
    const r = await get(receipts, { 'x-api-key': undefined, authorization: undefined });
    assert.equal(r.status, 403);
    assert.equal(typeof r.error, 'string');
  });

  test('no or an unknown Bearer token: 401 with an ErrorSchema body', async () => {
    assert.equal((await get(receipts, { authorization: undefined })).status, 401);
    assert.equal((await get(receipts, { authorization: 'Bearer 1.nope' })).status, 401);
  });

  test('limit outside 1..100 (the spec: minimum 1, maximum 100, default 25): 400; 1 and 100 are fine', async () => {
    for (const limit of ['0', '101', '-1', '2.5', 'ten']) assert.equal((await get(`${receipts}?limit=${limit}`)).status, 400, limit);
    assert.equal((await get(`${receipts}?limit=1`)).status, 200);
    assert.equal((await get(`${receipts}?limit=100`)).status, 200);
  });

  test('offset below 0 (minimum 0): 400', async () => {
    assert.equal((await get(`${receipts}?offset=-1`)).status, 400);
    assert.equal((await get(`${receipts}?offset=0`)).status, 200);
  });

  test('min_last_modified / max_last_modified below 946684800 (their minimum): 400', async () => {
    assert.equal((await get(`${receipts}?min_last_modified=946684799`)).status, 400);
    assert.equal((await get(`${receipts}?max_last_modified=946684799`)).status, 400);
    assert.equal((await get(`${receipts}?max_last_modified=946684800`)).status, 200);
  });

  test('sort_on outside created|updated|receipt_id and sort_order outside asc|ascending|desc|descending|up|down: 400', async () => {
    assert.equal((await get(`${receipts}?sort_on=price`)).status, 400);
    assert.equal((await get(`${receipts}?sort_order=sideways`)).status, 400);
    for (const order of ['asc', 'ascending', 'desc', 'descending', 'up', 'down']) assert.equal((await get(`${receipts}?sort_order=${order}`)).status, 200);
  });

  test('shop_id that is not a positive integer (integer, minimum 1): 400; another user’s shop: 403', async () => {
    assert.equal((await get('/v3/application/shops/__SELF__/receipts')).status, 400);
    assert.equal((await get('/v3/application/shops/0/receipts')).status, 400);
    assert.equal((await get(`/v3/application/shops/${sim.shopId + 1}/receipts`)).status, 403);
  });

  test('the adapter calls within every documented bound, and a keystring-only key is a configuration error, not a crash', async () => {
    const run = await etsyOrderAdapter.fetchPage(
      adapterContext(etsyProfileAt(sim.baseUrl), token, { fields: { keystring: sim.keystring }, secrets: { sharedSecret: sim.sharedSecret } }),
      { updatedSince: '1990-01-01T00:00:00.000Z' },
    );
    assert.equal(run.orders.length, 12);
    const q = sim.stats().lastReceiptsQuery!;
    assert.equal(q.sort_on, 'updated');
    assert.ok(Number(q.limit) >= 1 && Number(q.limit) <= 100);
    assert.ok(Number(q.min_last_modified) >= 946_684_800);
    const keyOnly = adapterContext(etsyProfileAt(sim.baseUrl), token, { fields: { keystring: sim.keystring }, secrets: { sharedSecret: 'unused' } });
    keyOnly.request = async (req) => {
      const res = await fetch(new URL(req.url, sim.baseUrl), { headers: { authorization: `Bearer ${token}`, 'x-api-key': sim.keystring } });
      return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
    };
    await assert.rejects(etsyOrderAdapter.fetchPage(keyOnly, {}), (e: Error & { code?: string }) => e.code === 'invalid_client');
  });
});
