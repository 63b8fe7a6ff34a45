/**
 * Issue 10 item 3, the part a renewed sign-in cannot fix: a store that was ALREADY connected twice
 * (a record saved before connections kept their store's identity, backfilled at launch, plus a
 * second connection of the same store). One of them counts (main/core/connections/duplicate-connections.ts):
 * "All stores" summaries and the orders list count the store once, the copy's own view still shows its
 * orders, and the copy's view says which connection counts. Real core + order sync: `conf` settings,
 * the orders SQLite database, the WooCommerce simulator; the figures are read through the IPC handlers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openConfSettings } from '../../main/adapters/conf-settings.ts';
import { findDuplicateConnections } from '../../main/core/connections/duplicate-connections.ts';
import { MemoryKeychain } from '../../main/core/vault/memory-keychain.ts';
import { createIpcHandlers } from '../../main/ipc/handlers.ts';
import { createStorelinkApp, type StorelinkApp } from '../../main/storelink-app.ts';
import { RECORDS_KEY } from '../../main/core/store/connection-records.ts';
import { startWooSimulator } from '../simulators/woocommerce/server.ts';
import { startShopifySimulator } from '../simulators/shopify/server.ts';
import { createShopifyAppProfile } from '../../main/core/providers/shopify.ts';
import { connectViaBrowser, makeApp } from '../platforms/app-fixture.ts';

const ALL = { fromMs: 0, toMs: Date.now() + 86_400_000 };
const PAGE = { ...ALL, sort: 'orderNumber', direction: 'asc', offset: 0, limit: 500 } as const;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('rule: the connection whose access works best counts, then the most recently authorized, then the older one; no accountId, no group', () => {
  const c = (id: string, extra: Partial<Parameters<typeof findDuplicateConnections>[0][number]> = {}) => ({ id, accountId: 'shop:a', createdAt: 10, ...extra });
  // works best first, whatever the sign-in times
  assert.deepEqual(
    [...findDuplicateConnections([c('new', { authorizedAt: 99, group: 'not-working' }), c('old', { authorizedAt: 1, group: 'working' })])],
    [['new', 'old']],
  );
  assert.deepEqual(
    [...findDuplicateConnections([c('x', { group: 'attention', authorizedAt: 50 }), c('y', { group: 'working', authorizedAt: 5 })])],
    [['x', 'y']],
    '"working" before "needs attention"',
  );
  // same health: the most recent sign-in (createdAt stands in for records saved before authorizedAt)
  assert.deepEqual([...findDuplicateConnections([c('a', { authorizedAt: 20 }), c('b', { createdAt: 30 })])], [['a', 'b']]);
  // all equal: the older connection, then the id; list order never matters
  assert.deepEqual([...findDuplicateConnections([c('b', { createdAt: 5 }), c('a', { createdAt: 5 }), c('z', { createdAt: 5, authorizedAt: 5 })])].sort(), [
    ['b', 'a'],
    ['z', 'a'],
  ]);
  assert.deepEqual([...findDuplicateConnections([c('a', { accountId: undefined }), c('b', { accountId: undefined }), c('c', { accountId: 'shop:c' })])], []);
});

test('issue 10: a WooCommerce store connected twice before one-store-one-connection: All stores counts it once, the copy still shows its own orders and says which connection counts', async (t) => {
  const sim = await startWooSimulator({ count: 60 });
  t.after(() => sim.close());
  const dataDir = mkdtempSync(join(tmpdir(), 'storelink-duplicates-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const keychain = new MemoryKeychain();
  const { settings } = openConfSettings(dataDir);
  let running: StorelinkApp | undefined; // closed at the end even when an assertion failed
  t.after(() => running?.close());
  const open = async () =>
    (running = await createStorelinkApp({
      dataDir,
      keychain,
      settings,
      opener: { async open() {} },
      autoRefresh: false,
      syncIntervalMs: 0,
      syncAfterConnect: false,
    }));
  const close = async () => {
    await running?.close();
    running = undefined;
  };
  const records = () => settings.get(RECORDS_KEY) as Record<string, Record<string, unknown>>;
  const patchRecord = (id: string, patch: (r: Record<string, unknown>) => void) => {
    const all = records();
    patch(all[id]!);
    settings.set(RECORDS_KEY, all);
  };
  const fields = { storeUrl: sim.baseUrl, consumerKey: sim.consumerKey, consumerSecret: sim.consumerSecret };

  // 1. The store was connected by a version that kept no store identity (no accountId, no authorizedAt),
  //    so connecting it again added a second connection.
  let app = await open();
  const old = await app.connectWithKey({ providerId: 'woocommerce', fields });
  await sleep(120); // coalesced record writes are on disk
  patchRecord(old.id, (r) => {
    delete r.accountId;
    delete r.authorizedAt;
  });
  const main = await app.connectWithKey({ providerId: 'woocommerce', fields });
  assert.notEqual(main.id, old.id, 'two connections of one store, as before the change');
  app.renameConnection(main.id, 'Main shop');
  await close();

  // 2. Next launch: the old record gets its accountId back (account-backfill.ts); both name one store.
  app = await open();
  const ipc = createIpcHandlers(app);
  await app.syncService.syncNow();
  assert.equal((await ipc.ordersSummary({ ...ALL, connectionId: old.id })).orderCount, 60, 'each connection synced the store’s 60 orders');
  assert.equal((await ipc.ordersSummary({ ...ALL, connectionId: main.id })).orderCount, 60);

  const views = await ipc.listConnections();
  assert.equal(views.length, 2, 'both are still shown');
  const copy = views.find((v) => v.id === old.id)!;
  const counted = views.find((v) => v.id === main.id)!;
  assert.deepEqual(copy.duplicateOf, { connectionId: main.id, name: 'WooCommerce — Main shop' }, 'both work: the most recently authorized counts');
  assert.equal(counted.duplicateOf, undefined);
  assert.deepEqual(app.getConnection(old.id).duplicateOf, copy.duplicateOf, 'the single view says so too');

  const all = await ipc.ordersSummary(ALL);
  assert.equal(all.orderCount, 60, '"All stores" counts the store once');
  assert.equal(
    all.byCurrency.reduce((n, c) => n + c.orderCount, 0),
    60,
  );
  assert.equal(
    all.perDay.reduce((n, d) => n + d.orders, 0),
    60,
    'the chart too',
  );
  const mine = await ipc.ordersSummary({ ...ALL, connectionId: main.id });
  assert.deepEqual(all.byCurrency, mine.byCurrency, 'the same figures as the connection that counts');
  const page = await ipc.ordersPage(PAGE);
  assert.equal(page.total, 60, 'the All stores orders list shows each order once');
  assert.ok(page.rows.every((r) => r.connectionId === main.id));
  const ownPage = await ipc.ordersPage({ ...PAGE, connectionId: old.id });
  assert.equal(ownPage.total, 60, 'the copy filtered on its own still shows its orders');
  assert.ok(ownPage.rows.every((r) => r.connectionId === old.id));
  await close();

  // 3. The connection that counted stops working (WooCommerce refused its keys): the copy counts now.
  patchRecord(main.id, (r) => (r.status = { kind: 'needs-reauth', reason: 'WooCommerce refused the keys' }));
  app = await open();
  const ipc2 = createIpcHandlers(app);
  const after = await ipc2.listConnections();
  assert.deepEqual(
    after.find((v) => v.id === main.id)?.duplicateOf,
    { connectionId: old.id, name: `WooCommerce — ${old.accountLabel}` },
    'access that works wins',
  );
  assert.equal(after.find((v) => v.id === old.id)?.duplicateOf, undefined);
  assert.equal((await ipc2.ordersSummary(ALL)).orderCount, 60, 'still once');
  assert.ok((await ipc2.ordersPage(PAGE)).rows.every((r) => r.connectionId === old.id));

  // 4. Disconnecting the copy leaves one connection, no flag, the store counted once.
  const result = await ipc2.disconnect({ connectionId: main.id });
  assert.equal(result.ordersDeleted, 60, 'the copy’s own orders only');
  const left = await ipc2.listConnections();
  assert.deepEqual(
    left.map((v) => [v.id, v.duplicateOf]),
    [[old.id, undefined]],
  );
  assert.equal((await ipc2.ordersSummary(ALL)).orderCount, 60);
  assert.equal((await ipc2.ordersPage(PAGE)).total, 60);
  await close();
});

test('issue 10: disconnecting one of two connections of a Shopify shop does not uninstall the app (that would cut off the other); the last one does', async (t) => {
  const SHOP = 'twice-shop.myshopify.com';
  const sim = await startShopifySimulator({ count: 20 });
  t.after(() => sim.close());
  const autoApprove = async (url: string): Promise<string> => (await fetch(url, { redirect: 'manual' })).headers.get('location') ?? '';
  const fx = await makeApp({ profiles: [createShopifyAppProfile({ shopBase: sim.shopBaseTemplate })], browser: autoApprove });
  t.after(() => fx.app.close());
  const { settings } = openConfSettings(fx.dataDir); // the same file the app uses
  const patchRecord = (id: string, patch: (r: Record<string, unknown>) => void) => {
    const all = settings.get(RECORDS_KEY) as Record<string, Record<string, unknown>>;
    patch(all[id]!);
    settings.set(RECORDS_KEY, all);
  };
  const fields = { shop: SHOP, clientId: sim.app.clientId, clientSecret: sim.app.clientSecret };
  const copyId = await connectViaBrowser(fx, { providerId: 'shopify-app', fields });
  await sleep(120);
  let accountId = '';
  patchRecord(copyId, (r) => {
    accountId = String(r.accountId);
    delete r.accountId; // saved before store identities: the next connect adds a second connection
  });
  const keptId = await connectViaBrowser(fx, { providerId: 'shopify-app', fields });
  assert.notEqual(keptId, copyId);
  await sleep(120);
  patchRecord(copyId, (r) => (r.accountId = accountId)); // what the backfill gives it at the next launch
  assert.equal(fx.app.getConnection(copyId).duplicateOf?.connectionId, keptId);

  const result = await fx.app.disconnect(copyId);
  assert.equal(result.outcome, 'local-only');
  assert.match(result.reason ?? '', /stays connected as “.+”, and uninstalling Storelink from Shopify would remove that connection’s access too/);
  assert.equal(sim.stats().uninstalls, 0, 'the app stays installed');
  const [run] = await fx.app.syncService.syncNow(keptId);
  assert.equal(run?.result, 'ok', 'the connection that stays still reaches the shop');

  assert.equal((await fx.app.disconnect(keptId)).outcome, 'revoked-at-provider', 'the last connection of the shop uninstalls as before');
  assert.equal(sim.stats().uninstalls, 1);
});
