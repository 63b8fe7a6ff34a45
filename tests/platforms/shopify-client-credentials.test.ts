/**
 * The `shopify-client-credentials` kind (a Dev Dashboard app on the merchant's own store) through the
 * real core and the Shopify simulator over loopback HTTP: connect without a browser, the secret only
 * in the keychain, the 24 h token renewed before it runs out (fake clock), each refusal of the
 * grant, and disconnect with the honest outcome. Also the legacy custom app token's disconnect.
 * shopify.dev/docs/apps/build/authentication-authorization/access-tokens/client-credentials-grant
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_PROFILES } from '../../main/core/providers/registry.ts';
import { providerView } from '../../main/core/connections/connection-view.ts';
import { createShopifyClientCredentialsProfile, createShopifyTokenProfile, shopifyApiPath } from '../../main/core/providers/shopify.ts';
import { shopifyOrderAdapter } from '../../main/sync/adapters/shopify-orders.ts';
import { MemoryKeychain } from '../../main/core/vault/memory-keychain.ts';
import { makeCore } from '../helpers/core-fixture.ts';
import { FakeClock } from '../helpers/fake-clock.ts';
import { fetchAllPages } from '../simulators/shopify/adapter-driver.ts';
import { startShopifySimulator } from '../simulators/shopify/server.ts';

const SHOP = 'own-store.myshopify.com';
const DAY_MS = 86_399_000;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

async function tokenRequest(url: string, body: Record<string, string>) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

test('Shopify lists the Dev Dashboard app (client credentials) first, the legacy custom app token last', () => {
  const shopify = BUILTIN_PROFILES.filter((p) => p.id.startsWith('shopify'));
  assert.deepEqual(
    shopify.map((p) => [p.id, p.kind]),
    [
      ['shopify-client-credentials', 'oauth-client-credentials'],
      ['shopify-app', 'oauth-app-credentials'],
      ['shopify-token', 'api-key'],
    ],
  );
  assert.match(shopify[2]!.name, /legacy custom app/);
  assert.match(shopify[2]!.fields.find((f) => f.name === 'adminApiToken')!.help!, /no longer lets anyone create new ones/);
  assert.equal(shopify[0]!.fields.find((f) => f.name === 'clientSecret')!.kind, 'secret');
  const view = providerView(shopify[0]!);
  assert.ok(view.notes.some((n) => /No browser sign-in.*keychain/.test(n)));
  assert.ok(
    view.notes.some((n) => /within 24 hours/.test(n)),
    'says what disconnect can and cannot do',
  );
});

test('simulator refuses the client credentials grant as Shopify does: wrong secret, unknown client, store without the app', async () => {
  const sim = await startShopifySimulator({ count: 1, installedOn: [SHOP] });
  try {
    const url = `${sim.shopBase(SHOP)}/admin/oauth/access_token`;
    const good = { grant_type: 'client_credentials', client_id: sim.app.clientId, client_secret: sim.app.clientSecret };
    const wrongSecret = await tokenRequest(url, { ...good, client_secret: 'shpss_not_the_secret' });
    assert.equal(wrongSecret.status, 400);
    assert.equal(wrongSecret.json.error, 'invalid_client');
    const unknownClient = await tokenRequest(url, { ...good, client_id: 'someone-elses-app' });
    assert.equal(unknownClient.status, 400);
    assert.equal(unknownClient.json.error, 'invalid_client');
    const otherShop = await tokenRequest(`${sim.shopBase('not-mine.myshopify.com')}/admin/oauth/access_token`, good);
    assert.equal(otherShop.status, 400);
    assert.equal(otherShop.json.error, 'app_not_installed');
    assert.equal(sim.stats().clientCredentialGrants, 0);
    const ok = await tokenRequest(url, good);
    assert.equal(ok.status, 200);
    assert.match(String(ok.json.access_token), /^shpat_/);
    assert.equal(ok.json.expires_in, 86_399);
    assert.equal(ok.json.refresh_token, undefined, 'no refresh token: ask again with the same grant');
  } finally {
    await sim.close();
  }
});

test('client credentials: connect without a browser, secret only in the keychain, orders sync, 24 h token renewed before it runs out', async () => {
  const clock = new FakeClock(Date.parse('2026-12-01T08:00:00Z'));
  const sim = await startShopifySimulator({ count: 300, clock: () => clock.now(), installedOn: [SHOP], maxAvailable: 1e6, restoreRate: 1e6 });
  const keychain = new MemoryKeychain();
  const inKeychain = () => [...keychain.entries.values()].some((v) => v.includes(sim.app.clientSecret));
  const fx = await makeCore({ profiles: [createShopifyClientCredentialsProfile({ shopBase: sim.shopBaseTemplate })], clock, keychain });
  try {
    await assert.rejects(
      fx.core.startConnect({
        providerId: 'shopify-client-credentials',
        fields: { shop: SHOP, clientId: sim.app.clientId, clientSecret: sim.app.clientSecret },
      }),
      /not a browser sign-in/,
    );
    const view = await fx.core.connectWithKey({
      providerId: 'shopify-client-credentials',
      fields: { shop: SHOP, clientId: sim.app.clientId, clientSecret: sim.app.clientSecret },
    });
    assert.equal(fx.openedUrls.length, 0, 'no browser');
    assert.equal(view.kind, 'oauth-client-credentials');
    assert.equal(sim.stats().clientCredentialGrants, 1);
    assert.equal(view.accessExpiresAt, clock.now() + DAY_MS);
    assert.equal(view.hasRefreshToken, false);
    assert.ok(view.nextRefreshAt !== undefined && view.nextRefreshAt < view.accessExpiresAt!, 'a renewal is scheduled before expiry');
    assert.ok(inKeychain(), 'the secret is in the keychain');
    for (const f of filesUnder(fx.dataDir)) assert.ok(!readFileSync(f, 'utf8').includes(sim.app.clientSecret), `secret written to ${f}`);
    assert.ok(JSON.stringify(fx.core.listConnections()).includes(SHOP));
    assert.ok(!JSON.stringify(fx.core.listConnections()).includes(sim.app.clientSecret), 'the view never carries the secret');

    const ctx = {
      fields: { shop: SHOP },
      signal: new AbortController().signal,
      request: (req: Parameters<typeof fx.core.authorizedRequest>[1]) => fx.core.authorizedRequest(view.id, req),
    };
    assert.equal((await fetchAllPages(shopifyOrderAdapter, ctx)).orders.length, 300);

    // 23 hours on (the computer slept; the scheduler's heartbeat catches up): nothing renewed yet.
    const start = clock.now();
    clock.jump(23 * 3_600_000);
    await clock.advance(60_000);
    assert.equal(sim.stats().clientCredentialGrants, 1);
    // Two minutes before the 24 h run out, the scheduler has asked for a new token with the stored id and secret.
    clock.jump(start + DAY_MS - 150_000 - clock.now());
    await clock.advance(30_000);
    assert.ok(clock.now() < view.accessExpiresAt!);
    for (let i = 0; i < 100 && sim.stats().clientCredentialGrants < 2; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(sim.stats().clientCredentialGrants, 2, 'renewed before expiry');
    assert.equal(sim.stats().refreshes, 0, 'never a refresh-token request');
    const renewed = fx.core.getConnection(view.id);
    assert.equal(renewed.status.kind, 'connected');
    assert.ok(renewed.accessExpiresAt! > view.accessExpiresAt!, 'the new token lives another day');
    // The first token has now expired; calls keep working with the renewed one.
    clock.jump(view.accessExpiresAt! + 1000 - clock.now());
    assert.equal(sim.isTokenValid(SHOP, 'shpat_never'), false);
    assert.equal((await fx.core.authorizedRequest(view.id, { method: 'GET', url: shopifyApiPath('shop.json') })).status, 200);
    // And again before the renewed token runs out.
    clock.jump(renewed.accessExpiresAt! - 150_000 - clock.now());
    await clock.advance(30_000);
    assert.ok(clock.now() < renewed.accessExpiresAt!);
    assert.equal(sim.stats().clientCredentialGrants, 3);

    const result = await fx.core.disconnect(view.id);
    assert.equal(result.outcome, 'local-only');
    assert.match(result.reason ?? '', /within 24 hours/);
    assert.match(result.reason ?? '', /rotate the app’s client secret/);
    assert.equal(sim.stats().uninstalls, 0, 'the merchant’s own app is not uninstalled');
    assert.equal(inKeychain(), false, 'disconnect removed the secret from the keychain');
    assert.ok(fx.logLines.every((l) => !l.includes(sim.app.clientSecret)));
  } finally {
    await fx.core.close();
    await sim.close();
  }
});

test('client credentials: each refusal reaches the admin in plain words and nothing is saved', async () => {
  const sim = await startShopifySimulator({ count: 1, installedOn: [SHOP] });
  const fx = await makeCore({ profiles: [createShopifyClientCredentialsProfile({ shopBase: sim.shopBaseTemplate })], autoRefresh: false });
  try {
    const connect = (fields: Record<string, string>) => fx.core.connectWithKey({ providerId: 'shopify-client-credentials', fields });
    await assert.rejects(connect({ shop: SHOP, clientId: sim.app.clientId, clientSecret: 'shpss_wrong_secret_value' }), /did not accept these app credentials/);
    await assert.rejects(connect({ shop: SHOP, clientId: 'unknown-client-id', clientSecret: sim.app.clientSecret }), /did not accept these app credentials/);
    await assert.rejects(
      connect({ shop: 'not-mine.myshopify.com', clientId: sim.app.clientId, clientSecret: sim.app.clientSecret }),
      /not installed on not-mine\.myshopify\.com.*Install app/,
    );
    assert.deepEqual(fx.core.listConnections(), []);
  } finally {
    await fx.core.close();
    await sim.close();
  }
});

test('legacy custom app token: disconnect forgets it here and says where to revoke it', async () => {
  const sim = await startShopifySimulator({ count: 1 });
  const fx = await makeCore({ profiles: [createShopifyTokenProfile({ shopBase: sim.shopBaseTemplate })], autoRefresh: false });
  try {
    const token = sim.issueToken(SHOP);
    const view = await fx.core.connectWithKey({ providerId: 'shopify-token', fields: { shop: SHOP, adminApiToken: token } });
    const result = await fx.core.disconnect(view.id);
    assert.equal(result.outcome, 'local-only');
    assert.match(result.reason ?? '', /Settings > Apps > Develop apps/);
    assert.equal(sim.stats().uninstalls, 0);
    assert.equal(sim.isTokenValid(SHOP, token), true, 'honest: the token still works at Shopify until the admin revokes it');
  } finally {
    await fx.core.close();
    await sim.close();
  }
});
