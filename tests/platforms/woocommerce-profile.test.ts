/** The WooCommerce profile: fields and patterns, honest revocation, and profile + core headers + adapter against the simulator. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { credentialHeaders, resolveApiUrl } from '../../main/core/connections/api-auth.ts';
import { fillTemplate } from '../../main/core/providers/profile.ts';
import { woocommerceProfile } from '../../main/core/providers/woocommerce.ts';
import { woocommerceOrderAdapter } from '../../main/sync/adapters/woocommerce-orders.ts';
import { fetchAllPages, fetchHttp } from '../simulators/shopify/adapter-driver.ts';
import { startWooSimulator } from '../simulators/woocommerce/server.ts';

const field = (name: string) => woocommerceProfile.fields.find((f) => f.name === name)!;

test('woocommerce: api-key with storeUrl + ck_/cs_ secrets, HTTP Basic, revocation unsupported with the admin path', () => {
  const p = woocommerceProfile;
  assert.equal(p.kind, 'api-key');
  assert.deepEqual(
    p.fields.map((f) => [f.name, f.kind]),
    [
      ['storeUrl', 'url'],
      ['consumerKey', 'secret'],
      ['consumerSecret', 'secret'],
    ],
  );
  assert.deepEqual(p.apiAuth, { kind: 'basic', userField: 'consumerKey', passwordField: 'consumerSecret' });
  assert.deepEqual(p.revocation, {
    kind: 'unsupported',
    reason: "WooCommerce keys are revoked in your store's admin: WooCommerce > Settings > Advanced > REST API",
  });
  assert.equal(p.orders, 'woocommerce');
  const ck = new RegExp(field('consumerKey').pattern!);
  const cs = new RegExp(field('consumerSecret').pattern!);
  assert.ok(ck.test('ck_abc123') && !ck.test('cs_abc123') && !ck.test('abc'));
  assert.ok(cs.test('cs_abc123') && !cs.test('ck_abc123'));
});

test('storeUrl must be https (a subfolder is fine, no trailing slash or query); plain http only for 127.0.0.1', () => {
  const re = new RegExp(field('storeUrl').pattern!);
  for (const ok of ['https://shop.example.com', 'https://example.com/shop', 'https://example.com:8443', 'http://127.0.0.1:5123']) assert.ok(re.test(ok), ok);
  for (const bad of [
    'http://shop.example.com',
    'https://shop.example.com/',
    'https://x.com?a=1',
    'ftp://x.com',
    'http://localhost:80',
    'https://x .com',
    'http://127.0.0.1.evil.com',
  ]) {
    assert.equal(re.test(bad), false, bad);
  }
});

test('profile + core credential headers + adapter, on a plain-permalink site: the verify call and the sync both work', async () => {
  const sim = await startWooSimulator({ count: 230, plainPermalinks: true });
  try {
    const plain = { storeUrl: sim.baseUrl };
    const secret = { consumerKey: sim.consumerKey, consumerSecret: sim.consumerSecret };
    const apiBase = woocommerceProfile.endpoints.kind === 'static' ? fillTemplate(woocommerceProfile.endpoints.apiBase, plain) : '';
    const headers = credentialHeaders(woocommerceProfile, plain, secret, undefined);
    const verify = await fetchHttp.request({ method: 'GET', url: resolveApiUrl(apiBase, woocommerceProfile.verify!.path), headers });
    assert.equal(verify.status, 200);
    assert.deepEqual(JSON.parse(verify.body), [{ id: JSON.parse(verify.body)[0].id }]);
    const ctx = {
      fields: plain,
      signal: new AbortController().signal,
      request: (req: { method: 'GET' | 'POST'; url: string; headers?: Record<string, string> }) =>
        fetchHttp.request({ ...req, url: resolveApiUrl(apiBase, req.url), headers: { ...req.headers, ...headers } }),
    };
    const run = await fetchAllPages(woocommerceOrderAdapter, ctx);
    assert.equal(new Set(run.orders.map((o) => o.platformId)).size, 230);
    assert.ok(sim.stats().requestLines.every((l) => !l.includes(sim.consumerSecret)));
  } finally {
    await sim.close();
  }
});
