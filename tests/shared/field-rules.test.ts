/**
 * shared/field-rules.ts is the one source of the connect form's rules: the renderer's form check,
 * the core's validateFields / requestedScopes, the Shopify callback check and the profile pattern
 * must all agree with it (issue 7: four copies of the shop-domain regex, 128 vs 256 scope length).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SCOPE_MAX_LENGTH, SHOP_DOMAIN_PATTERN, isAllowedStoreUrl, isValidScope, isValidShopDomain, storeUrlProblem } from '../../shared/field-rules.ts';
import { checkUrl, validateField } from '../../renderer/src/connect/validate.ts';
import { validateFields } from '../../main/core/connections/field-values.ts';
import { isValidShopDomain as callbackShopCheck } from '../../main/core/providers/shopify-hmac.ts';
import { shopifyAppProfile } from '../../main/core/providers/shopify.ts';
import { woocommerceProfile } from '../../main/core/providers/woocommerce.ts';
import type { ProviderFieldView } from '../../shared/view-models.ts';

const shopField = shopifyAppProfile.fields.find((f) => f.name === 'shop')!;
// The rule itself, without WooCommerce's own stricter pattern on top.
const urlField = { ...woocommerceProfile.fields.find((f) => f.kind === 'url')!, pattern: undefined };
const mainAccepts = (field: typeof shopField, value: string): boolean => {
  try {
    validateFields({ ...shopifyAppProfile, fields: [field] }, { [field.name]: value });
    return true;
  } catch {
    return false;
  }
};
const formAccepts = (field: typeof shopField, value: string): boolean => validateField(field as ProviderFieldView, value) === null;

test('shop domain: name.myshopify.com only, the same answer in the form, in main, in the callback check and in the profile pattern', () => {
  const good = ['my-shop.myshopify.com', 'A1.myshopify.com', 'shop_1.myshopify.com'];
  // Pasted forms the form and main normalise first (tests/shared/paste-normalisation.test.ts); the
  // rule itself and the callback check stay strict.
  const pasted = ['https://my-shop.myshopify.com', 'my-shop.myshopify.com/admin', 'admin.shopify.com/store/my-shop'];
  for (const v of pasted) {
    assert.equal(isValidShopDomain(v), false, v);
    assert.equal(callbackShopCheck(v), false, `callback ${v}`);
    assert.equal(formAccepts(shopField, v), true, `form ${v}`);
    assert.equal(mainAccepts(shopField, v), true, `main ${v}`);
  }
  const bad = [
    'my-shop.myshopify.com:443',
    'my-shop.example.com',
    '-shop.myshopify.com',
    'my shop.myshopify.com',
    'evil.com#.myshopify.com',
    `${'a'.repeat(250)}.myshopify.com`,
  ];
  assert.equal(shopField.pattern, SHOP_DOMAIN_PATTERN);
  for (const v of [...good, ...bad]) {
    const want = good.includes(v);
    assert.equal(isValidShopDomain(v), want, v);
    assert.equal(callbackShopCheck(v), want, `callback ${v}`);
    assert.equal(formAccepts(shopField, v), want, `form ${v}`);
    assert.equal(mainAccepts(shopField, v), want, `main ${v}`);
  }
  assert.equal(isValidShopDomain(42), false);
});

test('store URL: https, or http only on 127.0.0.1 / [::1]; no credentials, no fragment; form and main agree', () => {
  const cases: Array<[string, ReturnType<typeof storeUrlProblem>]> = [
    ['https://shop.example', null],
    ['https://shop.example/wp', null],
    ['http://127.0.0.1:8080/x', null],
    ['http://[::1]:8080', null],
    ['http://localhost:8080', 'not-https'],
    ['http://shop.example', 'not-https'],
    ['ftp://shop.example', 'not-https'],
    ['not an address', 'not-a-url'],
    ['https://user:pw@shop.example', 'credentials'],
    ['https://shop.example/#x', 'fragment'],
  ];
  for (const [v, want] of cases) {
    assert.equal(storeUrlProblem(v), want, v);
    assert.equal(isAllowedStoreUrl(v), want === null, v);
    assert.equal(checkUrl(v) === null, want === null, `form ${v}`);
    assert.equal(mainAccepts(urlField, v), want === null, `main ${v}`);
  }
});

test(`scope: NQCHAR tokens of 1..${SCOPE_MAX_LENGTH} characters (RFC 6749 §3.3), one limit everywhere`, () => {
  assert.equal(SCOPE_MAX_LENGTH, 256);
  assert.ok(isValidScope('read_orders'));
  assert.ok(isValidScope('https://www.googleapis.com/auth/content'));
  assert.ok(isValidScope('a'.repeat(SCOPE_MAX_LENGTH)), 'exactly the limit is allowed (the core used to stop at 128)');
  for (const bad of ['', 'a'.repeat(SCOPE_MAX_LENGTH + 1), 'two words', 'quote"', 'back\\slash', 'tab\t', 'é', 42])
    assert.equal(isValidScope(bad), false, String(bad));
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom(...'!#[]~azAZ09:/._-'.split('')), minLength: 1, maxLength: SCOPE_MAX_LENGTH }), (s) => isValidScope(s)),
  );
});
