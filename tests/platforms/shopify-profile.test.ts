/** The Shopify profiles: fields, templates, quirks, and the profile + core headers + adapter path against the simulator. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { credentialHeaders, resolveApiUrl } from '../../main/core/connections/api-auth.ts';
import { fillTemplate } from '../../main/core/providers/profile.ts';
import {
  createShopifyAppProfile,
  createShopifyTokenProfile,
  SHOPIFY_API_VERSION,
  shopifyApiPath,
  shopifyAppProfile,
  shopifyTokenProfile,
} from '../../main/core/providers/shopify.ts';
import { shopifyOrderAdapter } from '../../main/sync/adapters/shopify-orders.ts';
import { fetchAllPages, fetchHttp } from '../simulators/shopify/adapter-driver.ts';
import { startShopifySimulator } from '../simulators/shopify/server.ts';

test('shopify-app: own-app credentials, JSON exchange with the secret in the body, no PKCE, comma scopes, rotating refresh, expiring=1 on the code exchange', () => {
  const p = shopifyAppProfile;
  assert.equal(p.kind, 'oauth-app-credentials');
  assert.deepEqual(
    p.fields.map((f) => [f.name, f.kind]),
    [
      ['shop', 'shop-domain'],
      ['clientId', 'text'],
      ['clientSecret', 'secret'],
    ],
  );
  assert.deepEqual(p.tokenRequest, { encoding: 'json', clientAuth: 'body', extraParams: { expiring: '1' } });
  assert.equal(p.authorization.pkce, 'none');
  assert.equal(p.scopeSeparator, ',');
  assert.deepEqual(
    p.scopes.map((s) => [s.name, s.required]),
    [
      ['read_orders', true],
      ['read_all_orders', false],
    ],
  );
  assert.ok(p.scopes.every((s) => s.description.length > 20));
  assert.deepEqual(p.tokenResponse, { expiry: 'expires_in', requireTokenType: false, tenantField: 'shop' });
  assert.equal(p.refresh.kind, 'rotating');
  assert.equal(p.revocation.kind, 'shopify-uninstall');
  assert.deepEqual(p.callbackChecks, ['shop-domain', 'shopify-hmac']);
  assert.deepEqual(p.accountLabel, { from: 'field', field: 'shop' });
  assert.deepEqual(p.apiAuth, { kind: 'header', header: 'X-Shopify-Access-Token' });
  assert.equal(p.orders, 'shopify');
});

test('shop field pattern accepts name.myshopify.com only; endpoints are on the shop host over https', () => {
  const re = new RegExp(shopifyAppProfile.fields[0]!.pattern!);
  assert.ok(re.test('my-store.myshopify.com'));
  for (const s of ['my-store.com', 'https://my-store.myshopify.com', 'x.myshopify.com/admin', 'a.myshopify.com.evil.io']) assert.equal(re.test(s), false, s);
  const ep = shopifyAppProfile.endpoints;
  assert.equal(ep.kind, 'static');
  if (ep.kind !== 'static') return;
  const v = { shop: 'my-store.myshopify.com' };
  assert.equal(fillTemplate(ep.authorization, v), 'https://my-store.myshopify.com/admin/oauth/authorize');
  assert.equal(fillTemplate(ep.token, v), 'https://my-store.myshopify.com/admin/oauth/access_token');
  assert.equal(
    resolveApiUrl(fillTemplate(ep.apiBase, v), shopifyApiPath('graphql.json')),
    `https://my-store.myshopify.com/admin/api/${SHOPIFY_API_VERSION}/graphql.json`,
  );
});

test('test seam: shopBase may only be https://{shop} or a 127.0.0.1 simulator path', () => {
  assert.throws(() => createShopifyAppProfile({ shopBase: 'http://evil.example/{shop}' }));
  assert.throws(() => createShopifyAppProfile({ shopBase: 'http://127.0.0.1:8080/shops' }));
  const p = createShopifyAppProfile({ shopBase: 'http://127.0.0.1:8080/shops/{shop}' });
  assert.equal(
    p.endpoints.kind === 'static' && fillTemplate(p.endpoints.token, { shop: 'a.myshopify.com' }),
    'http://127.0.0.1:8080/shops/a.myshopify.com/admin/oauth/access_token',
  );
});

test('shopify-token: api-key with one secret token field, honest "unsupported" revocation, a verify call', () => {
  const p = shopifyTokenProfile;
  assert.equal(p.kind, 'api-key');
  assert.deepEqual(
    p.fields.map((f) => [f.name, f.kind]),
    [
      ['shop', 'shop-domain'],
      ['adminApiToken', 'secret'],
    ],
  );
  assert.equal(p.revocation.kind, 'unsupported');
  assert.equal(p.verify?.path, `admin/api/${SHOPIFY_API_VERSION}/shop.json`);
});

test('security.md #10: profile + core credential headers + adapter fetch every order from the simulator; uninstall kills the token', async () => {
  const sim = await startShopifySimulator({ count: 600, maxAvailable: 1e6, restoreRate: 1e6 });
  try {
    const shop = 'profile-shop.myshopify.com';
    const profile = createShopifyTokenProfile({ shopBase: sim.shopBaseTemplate });
    const token = sim.issueToken(shop);
    const apiBase = profile.endpoints.kind === 'static' ? fillTemplate(profile.endpoints.apiBase, { shop }) : '';
    const headers = credentialHeaders(profile, { shop }, { adminApiToken: token }, undefined);
    const verify = await fetchHttp.request({ method: 'GET', url: resolveApiUrl(apiBase, profile.verify!.path), headers });
    assert.equal(verify.status, 200);
    const ctx = {
      fields: { shop },
      signal: new AbortController().signal,
      request: (req: { method: 'POST' | 'GET'; url: string; headers?: Record<string, string>; body?: string }) =>
        fetchHttp.request({ ...req, url: resolveApiUrl(apiBase, req.url), headers: { ...req.headers, ...headers } }),
    };
    const run = await fetchAllPages(shopifyOrderAdapter, ctx);
    assert.equal(run.orders.length, 600);
    assert.ok(sim.stats().requestLines.every((l) => !l.includes(token)));
    const del = await fetchHttp.request({ method: 'DELETE', url: resolveApiUrl(apiBase, 'admin/api_permissions/current.json'), headers });
    assert.equal(del.status, 200);
    assert.equal(sim.isTokenValid(shop, token), false);
  } finally {
    await sim.close();
  }
});
