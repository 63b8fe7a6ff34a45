/**
 * "Open in Shopify admin" through the real app (main/storelink-app.ts) with a real shopify-token
 * connection made against the Shopify simulator: the opener receives exactly the admin.shopify.com
 * order URL for that shop, and a hostile order id opens nothing.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createShopifyTokenProfile } from '../../main/core/providers/shopify.ts';
import { MemoryKeychain } from '../../main/core/vault/memory-keychain.ts';
import { createStorelinkApp } from '../../main/storelink-app.ts';
import { memorySettings } from '../e2e/recording-keychain.ts';
import { startShopifySimulator } from '../simulators/shopify/server.ts';

const SHOP = 'Admin-Link-Shop.myshopify.com';

test('issue 9: Open in Shopify admin opens admin.shopify.com/store/<handle>/orders/<id> and nothing else', async () => {
  const sim = await startShopifySimulator({ count: 1, maxAvailable: 1e6, restoreRate: 1e6 });
  const dataDir = fs.mkdtempSync(path.join(tmpdir(), 'storelink-admin-link-'));
  const opened: string[] = [];
  const app = await createStorelinkApp({
    dataDir,
    keychain: new MemoryKeychain(),
    settings: memorySettings(),
    opener: { open: async (url) => void opened.push(url) },
    profiles: [createShopifyTokenProfile({ shopBase: sim.shopBaseTemplate })],
    syncIntervalMs: 0,
  });
  try {
    const view = await app.connectWithKey({
      providerId: 'shopify-token',
      fields: { shop: SHOP.toLowerCase(), adminApiToken: sim.issueToken(SHOP.toLowerCase()) },
    });
    await app.orderAdmin.openOrderInAdmin({ connectionId: view.id, orderId: '450789469' });
    assert.deepEqual(opened, ['https://admin.shopify.com/store/admin-link-shop/orders/450789469']);
    for (const orderId of ['1/../../x', 'gid://shopify/Order/1', '1?evil', 'abc'])
      await assert.rejects(app.orderAdmin.openOrderInAdmin({ connectionId: view.id, orderId }), { code: 'admin_link_unavailable' });
    await assert.rejects(app.orderAdmin.openOrderInAdmin({ connectionId: 'nope', orderId: '1' }), { code: 'connection_not_found' });
    assert.equal(opened.length, 1, 'refused links never reach the opener');
  } finally {
    await app.close();
    await sim.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
