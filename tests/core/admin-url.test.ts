/**
 * "Open in <platform> admin" (main/core/providers/admin-url.ts): the URL never points anywhere but the
 * platform's admin host (the WooCommerce store's own host), whatever the order id or shop name; the
 * allow-list refuses everything else; and the app opens only allowed URLs through its opener.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { adminOrderLink, isAllowedAdminUrl, type AdminLinkConnection } from '../../main/core/providers/admin-url.ts';
import { ADMIN_LINK_PROVIDERS } from '../../shared/admin-link-providers.ts';
import { BUILTIN_PROFILES } from '../../main/core/providers/registry.ts';

const shopify = (store: string): AdminLinkConnection => ({ providerId: 'shopify-app', providerName: 'Shopify', store });
const woo = (store: string): AdminLinkConnection => ({ providerId: 'woocommerce', providerName: 'WooCommerce', store });
const square: AdminLinkConnection = { providerId: 'square', providerName: 'Square' };
const etsy: AdminLinkConnection = { providerId: 'etsy', providerName: 'Etsy' };

test('admin URLs per platform', () => {
  assert.deepEqual(adminOrderLink(shopify('My-Shop.myshopify.com'), '450789469'), {
    url: 'https://admin.shopify.com/store/my-shop/orders/450789469',
    host: 'admin.shopify.com',
  });
  assert.deepEqual(adminOrderLink({ ...shopify('a.myshopify.com'), providerId: 'shopify-token' }, '1').host, 'admin.shopify.com');
  assert.deepEqual(adminOrderLink(woo('https://shop.example.com'), '727'), {
    url: 'https://shop.example.com/wp-admin/post.php?post=727&action=edit',
    host: 'shop.example.com',
  });
  assert.equal(adminOrderLink(woo('https://example.com/store/'), '5').url, 'https://example.com/store/wp-admin/post.php?post=5&action=edit');
  assert.equal(adminOrderLink(square, 'CAISENgvlJ6jLWAzERDzjyHVybY').url, 'https://app.squareup.com/dashboard/orders/overview/CAISENgvlJ6jLWAzERDzjyHVybY');
  assert.equal(adminOrderLink(etsy, '1234567890').url, 'https://www.etsy.com/your/orders/sold?order_id=1234567890');
});

test('no admin link: demo store, other providers, http stores, odd shop names, ids the platform never uses', () => {
  const refused: Array<[AdminLinkConnection, string]> = [
    [{ providerId: 'demo', providerName: 'Demo store', store: '127.0.0.1' }, '1'],
    [{ providerId: 'generic-oidc', providerName: 'OpenID', store: 'idp.example' }, '1'],
    [woo('http://shop.example.com'), '1'],
    [woo('http://127.0.0.1:8080'), '1'],
    [woo('https://user:pw@shop.example.com'), '1'],
    [woo('https://shop.example.com:8443'), '1'],
    [woo('https://shop.example.com/?next=https://evil.example'), '1'],
    [woo('not a url'), '1'],
    [shopify('evil.example'), '1'],
    [shopify('my-shop.myshopify.com.evil.example'), '1'],
    [shopify('my-shop.myshopify.com'), '1/../../evil'],
    [shopify('my-shop.myshopify.com'), 'abc'],
    [etsy, '12?x=1'],
    [square, '../x'],
  ];
  for (const [c, id] of refused) assert.throws(() => adminOrderLink(c, id), { code: 'admin_link_unavailable' }, `${c.store} ${id}`);
});

const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom('/', '.', '@', ':', '?', '#', '\\', '%', '2', 'e', 'x', '-', '_', ' ', '\n', 'é', 'evil.example', '//', '%2F'),
    maxLength: 15,
  }),
  fc.constantFrom('//evil.example', '@evil.example', '1@evil.example', '..%2F..%2Fevil', '%0d%0a', 'javascript:alert(1)', '\\\\evil.example'),
);

test('fast-check: whatever the order id, shop name or store URL, a link opens only that platform admin host over https', () => {
  fc.assert(
    fc.property(hostile, hostile, fc.constantFrom('shopify-app', 'woocommerce', 'square', 'etsy'), (id, storeText, providerId) => {
      const store = providerId === 'woocommerce' ? `https://shop.example.com${storeText.startsWith('/') ? storeText : ''}` : `${storeText}.myshopify.com`;
      let link;
      try {
        link = adminOrderLink({ providerId, providerName: providerId, store }, id);
      } catch (err) {
        assert.equal((err as { code?: string }).code, 'admin_link_unavailable');
        return;
      }
      const u = new URL(link.url);
      const want = { 'shopify-app': 'admin.shopify.com', woocommerce: 'shop.example.com', square: 'app.squareup.com', etsy: 'www.etsy.com' }[providerId];
      assert.equal(u.protocol, 'https:');
      assert.equal(u.hostname, want);
      assert.equal(link.host, want);
      assert.equal(u.username + u.password + u.port, '');
      assert.ok(isAllowedAdminUrl(link.url, link.host));
      // the order id lands in the path or the query intact, as one segment / value
      assert.ok(link.url.endsWith(encodeURIComponent(id)) || link.url.includes(`=${encodeURIComponent(id)}&`), link.url);
    }),
    { numRuns: 2000 },
  );
});

test('the allow-list refuses anything but https to exactly the expected host', () => {
  const host = 'admin.shopify.com';
  assert.ok(isAllowedAdminUrl('https://admin.shopify.com/store/a/orders/1', host));
  for (const url of [
    'http://admin.shopify.com/store/a/orders/1',
    'https://admin.shopify.com.evil.example/store/a',
    'https://evil.example/admin.shopify.com',
    'https://user@admin.shopify.com/',
    'https://admin.shopify.com:444/',
    'https://sub.admin.shopify.com/',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'not a url',
  ])
    assert.equal(isAllowedAdminUrl(url, host), false, url);
  assert.equal(isAllowedAdminUrl('https://x/', ''), false);
});

test('the renderer offers the button for exactly the providers the builder handles', () => {
  const ids = [...BUILTIN_PROFILES.map((p) => p.id), 'demo'];
  for (const providerId of ids) {
    const c = { providerId, providerName: providerId, store: providerId === 'woocommerce' ? 'https://shop.example.com' : 'a.myshopify.com' };
    let handled = true;
    try {
      adminOrderLink(c, providerId === 'square' ? 'ABC' : '1');
    } catch {
      handled = false;
    }
    assert.equal(ADMIN_LINK_PROVIDERS.includes(providerId), handled, providerId);
  }
});
