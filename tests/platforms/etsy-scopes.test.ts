/**
 * Etsy, held to its Open API v3 spec (developers.etsy.com/documentation/reference; providers.md
 * "Facts from the official references"): each operation's `security` entry names the OAuth scopes it
 * needs, and the simulator refuses a token without them, as Etsy does. Storelink requests exactly
 * the scopes its calls need: getMe (GET /v3/application/users/me) -> shops_r, getShopReceipts ->
 * transactions_r. Before this, only transactions_r was requested and the first sync call failed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { etsyProfileAt } from '../../main/core/providers/etsy.ts';
import { ETSY_MIN_LAST_MODIFIED, etsyOrderAdapter } from '../../main/sync/adapters/etsy-orders.ts';
import { startEtsySimulator, type EtsySimulator } from '../simulators/etsy/index.ts';
import { adapterContext, connect, syncAll } from '../simulators/square/harness.ts';

describe('Etsy scopes and parameters per the Open API v3 spec', () => {
  let sim: EtsySimulator;
  let profile: ReturnType<typeof etsyProfileAt>;
  before(async () => {
    sim = await startEtsySimulator({ orderCount: 12 });
    profile = etsyProfileAt(sim.baseUrl);
  });
  after(() => sim.close());

  /** A token granted exactly `scopes` (what the core would request: the profile's required scopes). */
  async function tokenFor(scopes: string[]): Promise<string> {
    const narrowed = { ...profile, scopes: profile.scopes.filter((s) => scopes.includes(s.name)) };
    return String((await connect(narrowed, sim, sim.keystring, sim.redirectUri)).access_token);
  }
  const secrets = () => ({ fields: { keystring: sim.keystring }, secrets: { sharedSecret: sim.sharedSecret } });
  const get = (path: string, token: string) =>
    fetch(`${sim.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}`, 'x-api-key': `${sim.keystring}:${sim.sharedSecret}` } });

  test('the profile requests exactly the scopes its calls need, both required', () => {
    assert.deepEqual(
      profile.scopes.filter((s) => s.required).map((s) => s.name),
      ['transactions_r', 'shops_r'],
    );
    assert.deepEqual(
      profile.fields.filter((f) => f.name !== 'forwarderUrl').map((f) => f.label),
      ['Keystring', 'Shared secret'],
      'named as Etsy names them',
    );
  });

  test('simulator refuses getMe without shops_r (403) and serves it with shops_r', async () => {
    const without = await get('/v3/application/users/me', await tokenFor(['transactions_r']));
    assert.equal(without.status, 403);
    assert.match(((await without.json()) as { error: string }).error, /shops_r/);
    const withScope = await get('/v3/application/users/me', await tokenFor(['transactions_r', 'shops_r']));
    assert.equal(withScope.status, 200);
  });

  test('simulator refuses getShopReceipts without transactions_r (403)', async () => {
    const token = await tokenFor(['shops_r']);
    const me = (await (await get('/v3/application/users/me', token)).json()) as { shop_id: number };
    const res = await get(`/v3/application/shops/${me.shop_id}/receipts`, token);
    assert.equal(res.status, 403);
    assert.match(((await res.json()) as { error: string }).error, /transactions_r/);
  });

  test('simulator refuses min_last_modified below the spec minimum 946684800 (400) and accepts the minimum', async () => {
    const token = await tokenFor(['transactions_r', 'shops_r']);
    const me = (await (await get('/v3/application/users/me', token)).json()) as { shop_id: number };
    const below = await get(`/v3/application/shops/${me.shop_id}/receipts?min_last_modified=${ETSY_MIN_LAST_MODIFIED - 1}`, token);
    assert.equal(below.status, 400);
    const at = await get(`/v3/application/shops/${me.shop_id}/receipts?min_last_modified=${ETSY_MIN_LAST_MODIFIED}`, token);
    assert.equal(at.status, 200);
  });

  test('with the scopes the profile requests, the real adapter syncs every receipt; with transactions_r alone it cannot start', async () => {
    const run = await syncAll(etsyOrderAdapter, adapterContext(profile, await tokenFor(['transactions_r', 'shops_r']), secrets()));
    assert.equal(run.orders.length, 12);
    await assert.rejects(
      syncAll(etsyOrderAdapter, adapterContext(profile, await tokenFor(['transactions_r']), secrets())),
      (err: Error & { code?: string }) => err.code === 'insufficient_scope' || /shops_r|permission|scope/i.test(err.message),
    );
  });

  test('an incremental sync from before 2000 is clamped to the spec minimum instead of refused', async () => {
    const run = await syncAll(etsyOrderAdapter, adapterContext(profile, await tokenFor(['transactions_r', 'shops_r']), secrets()), {
      updatedSince: '1999-06-01T00:00:00.000Z',
    });
    assert.equal(run.orders.length, 12);
  });
});
