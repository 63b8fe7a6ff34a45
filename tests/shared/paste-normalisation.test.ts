/**
 * Paste normalisation (issue 8 item 7): what an admin copies from the address bar or the store
 * admin becomes the value the field wants, the same way in the form (renderer validate.ts) and in
 * main (validateFields). Never a silent downgrade to http.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isAllowedStoreUrl, isValidShopDomain, normalizeFieldValue, normalizeHttpsUrl, normalizeShopDomain } from '../../shared/field-rules.ts';
import { validateField } from '../../renderer/src/connect/validate.ts';
import { validateFields } from '../../main/core/connections/field-values.ts';
import { shopifyAppProfile } from '../../main/core/providers/shopify.ts';
import { woocommerceProfile } from '../../main/core/providers/woocommerce.ts';
import type { ProviderFieldView } from '../../shared/view-models.ts';

test('Shopify: every pasted form of a store address becomes name.myshopify.com', () => {
  const table: Array<[string, string]> = [
    ['my-shop.myshopify.com', 'my-shop.myshopify.com'],
    ['  my-shop.myshopify.com\t', 'my-shop.myshopify.com'],
    ['https://my-shop.myshopify.com', 'my-shop.myshopify.com'],
    ['https://my-shop.myshopify.com/', 'my-shop.myshopify.com'],
    ['http://my-shop.myshopify.com', 'my-shop.myshopify.com'],
    ['my-shop.myshopify.com/admin', 'my-shop.myshopify.com'],
    ['https://my-shop.myshopify.com/admin/orders?x=1', 'my-shop.myshopify.com'],
    ['admin.shopify.com/store/my-shop', 'my-shop.myshopify.com'],
    ['https://admin.shopify.com/store/my-shop', 'my-shop.myshopify.com'],
    ['https://admin.shopify.com/store/my-shop/orders/123', 'my-shop.myshopify.com'],
    ['https://admin.shopify.com/store/My-Shop?x#y', 'my-shop.myshopify.com'],
    ['My-Shop.MyShopify.com', 'my-shop.myshopify.com'],
    // Not a Shopify store address: left (trimmed) for the rule to explain.
    [' my-shop.example.com ', 'my-shop.example.com'],
    ['evil.com#.myshopify.com', 'evil.com#.myshopify.com'],
    ['my-shop.myshopify.com.evil.com', 'my-shop.myshopify.com.evil.com'],
    ['https://admin.shopify.com/store/', 'https://admin.shopify.com/store/'],
    ['my-shop.myshopify.com:443', 'my-shop.myshopify.com:443'],
  ];
  for (const [raw, want] of table) assert.equal(normalizeShopDomain(raw), want, raw);
  assert.ok(!isValidShopDomain(normalizeShopDomain('evil.com#.myshopify.com')), 'a look-alike never becomes valid');
});

test('WooCommerce address: no scheme -> https; http stays http (and is refused); whitespace trimmed', () => {
  const table: Array<[string, string]> = [
    ['shop.example.com', 'https://shop.example.com'],
    [' shop.example.com/wp ', 'https://shop.example.com/wp'],
    ['shop.example.com:8443/store', 'https://shop.example.com:8443/store'],
    ['//shop.example.com', 'https://shop.example.com'],
    ['https://shop.example.com', 'https://shop.example.com'],
    ['http://shop.example.com', 'http://shop.example.com'],
    ['HTTP://shop.example.com', 'HTTP://shop.example.com'],
    ['ftp://shop.example.com', 'ftp://shop.example.com'],
    ['not an address', 'not an address'],
    ['', ''],
  ];
  for (const [raw, want] of table) assert.equal(normalizeHttpsUrl(raw), want, raw);

  const urlField = woocommerceProfile.fields.find((f) => f.name === 'storeUrl')! as ProviderFieldView;
  const mainValue = (v: string): string => validateFields({ ...woocommerceProfile, fields: [urlField] }, { storeUrl: v }).plain.storeUrl!;
  assert.equal(mainValue('shop.example.com'), 'https://shop.example.com', 'main stores the https address');
  assert.equal(validateField(urlField, 'shop.example.com'), null, 'the form accepts it too');
  assert.throws(() => mainValue('http://shop.example.com'), /https/, 'main never accepts a plain-http store');
  assert.notEqual(validateField(urlField, 'http://shop.example.com'), null, 'nor does the form');
});

test('secrets are never altered; text is trimmed', () => {
  assert.equal(normalizeFieldValue('secret', ' cs_abc '), ' cs_abc ');
  assert.equal(normalizeFieldValue('text', '  sq0idp-abc \n'), 'sq0idp-abc');
  const shop = shopifyAppProfile.fields.find((f) => f.name === 'shop')!;
  assert.equal(validateFields({ ...shopifyAppProfile, fields: [shop] }, { shop: 'https://admin.shopify.com/store/acme' }).plain.shop, 'acme.myshopify.com');
});

const handle = fc.stringMatching(/^[a-z0-9][a-z0-9-_]{0,20}$/);
// Host names with an alphabetic top-level label (an all-digit last label is parsed as IPv4 by WHATWG URL).
const host = fc.stringMatching(/^([a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?\.){1,3}[a-z]{2,6}$/);
const path = fc.stringMatching(/^(\/[a-z0-9._-]{1,8}){0,3}$/);
const ws = fc.stringMatching(/^[ \t\n]{0,3}$/);

test('property: any decoration of a shop handle normalises to a valid shop domain; normalising twice changes nothing', () => {
  fc.assert(
    fc.property(handle, fc.constantFrom('', 'https://', 'http://'), path, ws, ws, fc.boolean(), (h, scheme, p, before, after, admin) => {
      const raw = admin ? `${before}${scheme}admin.shopify.com/store/${h}${p}${after}` : `${before}${scheme}${h}.myshopify.com${p}${after}`;
      const n = normalizeShopDomain(raw);
      assert.equal(n, `${h}.myshopify.com`);
      assert.ok(isValidShopDomain(n));
      assert.equal(normalizeShopDomain(n), n);
    }),
  );
});

test('property: a schemeless address becomes https, never http; an explicit scheme is kept; idempotent', () => {
  fc.assert(
    fc.property(host, path, ws, ws, fc.constantFrom('', 'https://', 'http://'), (h, p, before, after, scheme) => {
      const n = normalizeHttpsUrl(`${before}${scheme}${h}${p}${after}`);
      assert.equal(n, `${scheme === '' ? 'https://' : scheme}${h}${p}`);
      assert.equal(normalizeHttpsUrl(n), n);
      if (scheme !== 'http://') assert.ok(isAllowedStoreUrl(n), n);
      else assert.ok(!isAllowedStoreUrl(n), `plain http stays refused: ${n}`);
    }),
  );
});
