import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { isValidShopDomain, verifyShopifyHmac } from '../../main/core/providers/shopify-hmac.ts';

/** Independent reference: sort by name, form-encode, HMAC-SHA256 hex (shopify.dev, @shopify/shopify-api). */
function sign(params: [string, string][], secret: string): string {
  const sorted = [...params].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHmac('sha256', secret).update(new URLSearchParams(sorted).toString()).digest('hex');
}

const paramName = fc.stringMatching(/^[a-z_][a-z0-9_]{0,11}$/).filter((k) => k !== 'hmac');
const paramSet = fc.uniqueArray(fc.tuple(paramName, fc.string({ maxLength: 40 })), { minLength: 1, maxLength: 8, selector: ([k]) => k });

test('Shopify hmac: the documented example (secret "hush") verifies', () => {
  const q = new URLSearchParams(
    'code=0907a61c0c8d55e99db179b68161bc00&hmac=700e2dadb827fcc8609e9d5ce208b2e9cdaab9df07390d2cbca10d7c328fc4bf&shop=some-shop.myshopify.com&state=0.6784241404160823&timestamp=1337178173',
  );
  assert.equal(verifyShopifyHmac(q, 'hush'), true);
  assert.equal(verifyShopifyHmac(q, 'hush2'), false);
});

test('Shopify hmac (property): a correct signature verifies in any parameter order, with any values', () => {
  fc.assert(
    fc.property(paramSet, fc.string({ minLength: 1, maxLength: 30 }), fc.boolean(), (params, secret, reverse) => {
      const hmac = sign(params, secret);
      const ordered = reverse ? [...params].reverse() : params;
      const q = new URLSearchParams([...ordered, ['hmac', hmac]]);
      return verifyShopifyHmac(q, secret) && verifyShopifyHmac(new URLSearchParams([['hmac', hmac.toUpperCase()], ...ordered]), secret);
    }),
  );
});

test('Shopify hmac (property): any changed value, added parameter or other secret fails', () => {
  fc.assert(
    fc.property(paramSet, fc.string({ minLength: 1, maxLength: 30 }), fc.nat(), (params, secret, pick) => {
      const hmac = sign(params, secret);
      const k = pick % params.length;
      const changed = params.map(([n, v], i): [string, string] => [n, i === k ? `${v}x` : v]);
      const extra = [...params, ['zz_extra_param', '1'] as [string, string]].filter(([n], i, a) => a.findIndex(([m]) => m === n) === i);
      return (
        !verifyShopifyHmac(new URLSearchParams([...changed, ['hmac', hmac]]), secret) &&
        (extra.length === params.length || !verifyShopifyHmac(new URLSearchParams([...extra, ['hmac', hmac]]), secret)) &&
        !verifyShopifyHmac(new URLSearchParams([...params, ['hmac', hmac]]), `${secret}!`)
      );
    }),
  );
});

test('Shopify hmac fails closed: missing, malformed, duplicated hmac or duplicated parameters, empty secret', () => {
  const params: [string, string][] = [
    ['code', 'abc'],
    ['shop', 'a.myshopify.com'],
    ['state', 's'],
    ['timestamp', '1'],
  ];
  const hmac = sign(params, 'secret');
  assert.equal(verifyShopifyHmac(new URLSearchParams([...params, ['hmac', hmac]]), 'secret'), true);
  assert.equal(verifyShopifyHmac(new URLSearchParams(params), 'secret'), false);
  assert.equal(verifyShopifyHmac(new URLSearchParams([...params, ['hmac', hmac.slice(2)]]), 'secret'), false);
  assert.equal(verifyShopifyHmac(new URLSearchParams([...params, ['hmac', `${hmac.slice(1)}g`]]), 'secret'), false);
  assert.equal(verifyShopifyHmac(new URLSearchParams([...params, ['hmac', hmac], ['hmac', hmac]]), 'secret'), false);
  assert.equal(verifyShopifyHmac(new URLSearchParams([...params, ['shop', 'evil.myshopify.com'], ['hmac', hmac]]), 'secret'), false);
  assert.equal(verifyShopifyHmac(new URLSearchParams([...params, ['hmac', sign(params, '')]]), ''), false);
});

test('isValidShopDomain (property): names built from the allowed alphabet pass', () => {
  const name = fc.tuple(fc.stringMatching(/^[a-zA-Z0-9]$/), fc.stringMatching(/^[a-zA-Z0-9_-]{0,40}$/)).map(([a, b]) => `${a}${b}.myshopify.com`);
  fc.assert(fc.property(name, (s) => isValidShopDomain(s)));
});

test('isValidShopDomain (property): anything with a scheme, port, path, other suffix or odd character fails', () => {
  const junk = fc.constantFrom('/', ':', '@', ' ', '?', '#', '.', '\\', '%', '\n', 'é');
  fc.assert(
    fc.property(fc.stringMatching(/^[a-z0-9]{1,10}$/), junk, fc.nat(10), (base, bad, at) => {
      const pos = Math.min(at, base.length);
      return !isValidShopDomain(`${base.slice(0, pos)}${bad}${base.slice(pos)}.myshopify.com`);
    }),
  );
  for (const s of [
    'evil.com',
    'a.myshopify.com.evil.com',
    'a.myshopify.com/',
    'https://a.myshopify.com',
    '-a.myshopify.com',
    'a.myshopify.com:443',
    '.myshopify.com',
    '',
    'a.MYSHOPIFY.com.',
    42,
  ]) {
    assert.equal(isValidShopDomain(s), false, String(s));
  }
});
