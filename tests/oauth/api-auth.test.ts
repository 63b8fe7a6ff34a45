import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ErrorCode, StorelinkError } from '../../main/core/errors.ts';
import { credentialHeaders, resolveApiUrl } from '../../main/core/connections/api-auth.ts';
import { bearerChallenge } from '../../main/core/connections/authorized-request.ts';
import { demoStoreProfile } from '../../main/demo-store/profile.ts';
import { etsyProfile } from '../../main/core/providers/etsy.ts';
import { shopifyTokenProfile } from '../../main/core/providers/shopify.ts';
import { woocommerceProfile } from '../../main/core/providers/woocommerce.ts';

test('security.md #10: bearer profiles send the token in Authorization only', () => {
  assert.deepEqual(credentialHeaders(demoStoreProfile, {}, {}, 'AT-1'), { Authorization: 'Bearer AT-1' });
  assert.throws(
    () => credentialHeaders(demoStoreProfile, {}, {}, undefined),
    (e) => e instanceof StorelinkError && e.code === ErrorCode.NeedsReauthorization,
  );
});

test('security.md #10: platform header (Shopify custom app token) and HTTP Basic (WooCommerce keys)', () => {
  assert.deepEqual(credentialHeaders(shopifyTokenProfile, { shop: 'x.myshopify.com' }, { adminApiToken: 'shpat_abc' }, undefined), {
    'X-Shopify-Access-Token': 'shpat_abc',
  });
  const h = credentialHeaders(woocommerceProfile, { storeUrl: 'https://shop.example' }, { consumerKey: 'ck_1', consumerSecret: 'cs_2' }, undefined);
  assert.deepEqual(h, { Authorization: `Basic ${Buffer.from('ck_1:cs_2').toString('base64')}` });
  assert.throws(
    () => credentialHeaders(woocommerceProfile, {}, { consumerKey: 'ck_1' }, undefined),
    (e) => e instanceof StorelinkError && e.code === ErrorCode.NeedsReauthorization,
  );
});

test('security.md #10: Etsy gets Bearer plus the x-api-key {keystring}:{sharedSecret} template; a missing secret fails closed', () => {
  const h = credentialHeaders(etsyProfile, { keystring: 'KEYSTRING1234' }, { sharedSecret: 'shh-secret' }, '12345.AT');
  assert.deepEqual(h, { Authorization: 'Bearer 12345.AT', 'x-api-key': 'KEYSTRING1234:shh-secret' });
  assert.throws(
    () => credentialHeaders(etsyProfile, { keystring: 'KEYSTRING1234' }, {}, '12345.AT'),
    (e) => e instanceof StorelinkError && e.code === ErrorCode.NeedsReauthorization && !/shh|12345\.AT/.test(e.message),
  );
});

const apiPath = fc.oneof(fc.webUrl(), fc.webPath(), fc.string({ maxLength: 40 }), fc.constantFrom('///', '//', '\\\\', 'https:', 'https://'));

test('security.md #10: resolveApiUrl keeps requests on the API origin; absolute or scheme-relative URLs to other hosts are refused', () => {
  assert.equal(resolveApiUrl('https://api.etsy.com/v3', '/application/shops/1'), 'https://api.etsy.com/v3/application/shops/1');
  assert.equal(resolveApiUrl('https://shop.example/', '?rest_route=/wc/v3/orders'), 'https://shop.example/?rest_route=/wc/v3/orders');
  assert.equal(resolveApiUrl('https://api.etsy.com', 'https://api.etsy.com/v3/x'), 'https://api.etsy.com/v3/x');
  for (const evil of [
    'https://evil.example/x',
    '\\\\evil.example/x',
    'http://api.etsy.com/x',
    'https://api.etsy.com:444/x',
    'https://api.etsy.com.evil.example/',
  ]) {
    assert.throws(
      () => resolveApiUrl('https://api.etsy.com/v3', evil),
      (e) => e instanceof StorelinkError && e.code === ErrorCode.InvalidInput,
      evil,
    );
  }
  // a scheme-relative URL loses its leading slash and becomes a path on the API host
  for (const u of ['//evil.example/x', '/\\evil.example/x']) assert.equal(new URL(resolveApiUrl('https://api.etsy.com/v3', u)).host, 'api.etsy.com', u);
  // property: whatever the path, the result is on the API origin or nothing is sent
  fc.assert(
    fc.property(apiPath, (u) => {
      let out: string;
      try {
        out = resolveApiUrl('https://api.etsy.com/v3/', u);
      } catch {
        return;
      }
      assert.equal(new URL(out).origin, 'https://api.etsy.com');
    }),
    { numRuns: 500 },
  );
});

test('security.md #37: resolveApiUrl refuses malformed paths with a typed error, never a raw TypeError', () => {
  fc.assert(
    fc.property(apiPath, (u) => {
      try {
        resolveApiUrl('https://api.etsy.com/v3/', u);
      } catch (err) {
        assert.ok(err instanceof StorelinkError, `${JSON.stringify(u)}: ${String(err)}`);
      }
    }),
    { numRuns: 500, examples: [['///']] },
  );
});

test('security.md #14: bearerChallenge reads error and scope from an RFC 6750 §3 challenge', () => {
  assert.deepEqual(bearerChallenge('Bearer realm="example", error="invalid_token", error_description="The access token expired"'), { error: 'invalid_token' });
  assert.deepEqual(bearerChallenge('bearer error="insufficient_scope", scope="orders:read shops_r"'), {
    error: 'insufficient_scope',
    scope: 'orders:read shops_r',
  });
  assert.deepEqual(bearerChallenge('Basic realm="x"'), {});
  assert.deepEqual(bearerChallenge(undefined), {});
  assert.deepEqual(bearerChallenge('Bearer'), {});
  fc.assert(fc.property(fc.string(), (s) => void bearerChallenge(s)));
});

test('security.md #14: bearerChallenge finds the Bearer challenge when the server lists several (RFC 7235 §4.1)', () => {
  // Node joins repeated WWW-Authenticate headers with ", ", and axios-http does the same for arrays
  assert.deepEqual(bearerChallenge('Basic realm="api", Bearer error="insufficient_scope", scope="orders:read"'), {
    error: 'insufficient_scope',
    scope: 'orders:read',
  });
});
