import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, describe, test } from 'node:test';
import type { NormalizedOrder } from '../../main/sync/order-adapter.ts';
import { SCHEMA_VERSION, SchemaTooNewError } from '../../main/sync/order-schema.ts';
import { OrderStore } from '../../main/sync/order-store.ts';
import { SummaryQueries } from '../../main/sync/summary-queries.ts';
import { oracleSummary, storedOrders } from './fixtures/compare.ts';

const dir = mkdtempSync(join(tmpdir(), 'storelink-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshPath = (): string => join(dir, `orders-${++n}.sqlite`);

const T0 = Date.UTC(2025, 2, 1, 10);
function order(id: string, over: Partial<NormalizedOrder> = {}): NormalizedOrder {
  return {
    platformId: id,
    orderNumber: `#${id}`,
    createdAt: T0,
    updatedAt: T0 + 1000,
    status: 'open',
    financialStatus: 'paid',
    currency: 'USD',
    totalMinor: 1999,
    itemCount: 2,
    ...over,
  };
}
const cp = (page: string | null, updatedSince: string | null = null) => ({ updatedSince, page, runMaxUpdated: null });

describe('OrderStore', () => {
  test('inserts a page and its checkpoint; reopening the file keeps both', () => {
    const path = freshPath();
    const store = new OrderStore(path);
    store.commitPage('c1', [order('a'), order('b', { totalMinor: 5 })], cp('cursor-1', '2025-01-01T00:00:00.000Z'));
    store.close();
    const again = new OrderStore(path);
    assert.equal(again.orderCount('c1'), 2);
    assert.deepEqual(storedOrders(again.db, 'c1').get('b'), order('b', { totalMinor: 5 }));
    const rec = again.getCheckpoint('c1')!;
    assert.equal(rec.page, 'cursor-1');
    assert.equal(rec.updatedSince, '2025-01-01T00:00:00.000Z');
    assert.equal((again.db.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode, 'wal');
    assert.equal((again.db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version, SCHEMA_VERSION);
    again.close();
  });

  test('an update to an existing order replaces it; an older version never overwrites a newer one', () => {
    const store = new OrderStore(freshPath());
    store.commitPage('c1', [order('a')], cp('p1'));
    store.commitPage('c1', [order('a', { updatedAt: T0 + 5000, status: 'fulfilled', totalMinor: 2500 })], cp('p2'));
    assert.equal(storedOrders(store.db, 'c1').get('a')!.status, 'fulfilled');
    store.commitPage('c1', [order('a', { updatedAt: T0 + 2000, status: 'cancelled', totalMinor: 1 })], cp('p3'));
    const a = storedOrders(store.db, 'c1').get('a')!;
    assert.equal(a.status, 'fulfilled');
    assert.equal(a.totalMinor, 2500);
    assert.equal(store.orderCount('c1'), 1);
    const s = new SummaryQueries(store).summary({ fromMs: 0, toMs: T0 * 2 });
    assert.deepEqual(s.byStatus, [{ status: 'fulfilled', count: 1 }]);
    assert.equal(s.byCurrency[0]!.revenueMinor, 2500);
    store.close();
  });

  test('the same order twice in one page keeps the later version, counted once', () => {
    const store = new OrderStore(freshPath());
    const page = Array.from({ length: 120 }, (_, i) => order(`o${i}`));
    page.push(order('o3', { updatedAt: T0 + 9000, totalMinor: 42 }));
    store.commitPage('c1', page, cp(null));
    assert.equal(store.orderCount('c1'), 120);
    assert.equal(storedOrders(store.db, 'c1').get('o3')!.totalMinor, 42);
    store.close();
  });

  test('a page that fails part-way writes nothing: no order and no checkpoint (security.md #34)', () => {
    const store = new OrderStore(freshPath());
    store.commitPage('c1', [order('a')], cp('p1'));
    const bad = [...Array.from({ length: 60 }, (_, i) => order(`n${i}`)), order('x', { orderNumber: null as unknown as string })];
    assert.throws(() => store.commitPage('c1', bad, cp('p2')), /NOT NULL/);
    assert.equal(store.orderCount('c1'), 1);
    assert.deepEqual([...storedOrders(store.db, 'c1').keys()], ['a']);
    assert.equal(store.getCheckpoint('c1')!.page, 'p1');
    assert.equal(store.db.isTransaction, false);
    store.close();
  });

  test('money must be integer minor units: a float total is refused before anything is written', () => {
    const store = new OrderStore(freshPath());
    assert.throws(() => store.commitPage('c1', [order('a'), order('b', { totalMinor: 19.99 })], cp('p1')), /integers/);
    assert.equal(store.orderCount('c1'), 0);
    assert.equal(store.getCheckpoint('c1'), undefined);
    store.close();
  });

  test('deleteConnection removes that connection only and returns how many orders it deleted', () => {
    const store = new OrderStore(freshPath());
    store.commitPage(
      'c1',
      Array.from({ length: 75 }, (_, i) => order(`a${i}`)),
      cp(null, '2025-01-01T00:00:00.000Z'),
    );
    store.commitPage(
      'c2',
      Array.from({ length: 5 }, (_, i) => order(`b${i}`, { currency: 'EUR' })),
      cp(null),
    );
    store.recordResult('c1', { at: 1, result: 'ok' });
    assert.equal(store.deleteConnection('c1'), 75);
    assert.equal(store.orderCount('c1'), 0);
    assert.equal(store.getCheckpoint('c1'), undefined);
    assert.equal(store.orderCount('c2'), 5);
    const s = new SummaryQueries(store).summary({ fromMs: 0, toMs: T0 * 2 });
    assert.equal(s.orderCount, 5);
    assert.deepEqual(
      s.byCurrency.map((c) => c.currency),
      ['EUR'],
    );
    assert.equal(store.deleteConnection('c1'), 0);
    store.close();
  });

  test('recordResult keeps the checkpoint and stores the outcome in plain fields', () => {
    const store = new OrderStore(freshPath());
    store.commitPage('c1', [order('a')], cp('p9', '2025-01-01T00:00:00.000Z'));
    store.recordResult('c1', { at: 123, result: 'failed', errorCode: 'sync_failed', errorMessage: 'The store could not be reached.' });
    const rec = store.getCheckpoint('c1')!;
    assert.equal(rec.page, 'p9');
    assert.equal(rec.lastResult, 'failed');
    assert.equal(rec.lastErrorCode, 'sync_failed');
    assert.equal(rec.lastSyncAt, 123);
    store.close();
  });

  test('an unreadable database file is moved aside and reported, never silently replaced (security.md #34)', () => {
    const path = freshPath();
    writeFileSync(path, 'this is not a database '.repeat(100));
    const store = new OrderStore(path);
    assert.ok(store.movedAside);
    assert.ok(existsSync(store.movedAside));
    assert.equal(store.orderCount('c1'), 0);
    store.close();
  });

  test('a database from a newer Storelink is refused, not downgraded', () => {
    const path = freshPath();
    const db = new DatabaseSync(path);
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    assert.throws(() => new OrderStore(path), SchemaTooNewError);
  });

  test('day rollups follow the configured offsets: a new offset is built from the orders, a dropped one removed; summaries stay exact', () => {
    const path = freshPath();
    const orders = Array.from({ length: 300 }, (_, i) =>
      order(`t${i}`, { createdAt: T0 + i * 997_000, status: i % 3 ? 'open' : 'paid', currency: i % 4 ? 'USD' : 'EUR', totalMinor: 100 + i }),
    );
    const first = new OrderStore(path);
    first.commitPage('c1', orders.slice(0, 200), cp('p1'));
    first.close();
    const offsetsIn = (s: OrderStore): number[] =>
      (s.db.prepare('SELECT DISTINCT tz_offset_min AS o FROM order_day_totals ORDER BY o').all() as Array<{ o: number }>).map((r) => r.o);
    const check = (s: OrderStore, tz: number): void => {
      const got = new SummaryQueries(s).summary({ fromMs: T0 + 3_600_000, toMs: T0 + 250 * 997_000 }, { tzOffsetMinutes: tz });
      const want = oracleSummary(orders, T0 + 3_600_000, T0 + 250 * 997_000, tz);
      assert.equal(got.orderCount, want.orderCount);
      assert.deepEqual(
        got.perDay.filter((d) => d.orders > 0).map((d) => [d.day, d.orders, d.revenueByCurrency]),
        [...want.perDay].sort((a, b) => a[0].localeCompare(b[0])).map(([day, v]) => [day, v.orders, v.revenueByCurrency]),
      );
      assert.deepEqual(Object.fromEntries(got.byStatus.map((x) => [x.status, x.count])), Object.fromEntries(want.byStatus));
    };
    const second = new OrderStore(path, { dayOffsets: [330, -300] });
    assert.deepEqual(offsetsIn(second), [-300, 0, 330]);
    second.commitPage('c1', orders.slice(200), cp('p2')); // maintained from now on
    for (const tz of [330, -300, 0, 60]) check(second, tz);
    second.close();
    const third = new OrderStore(path, { dayOffsets: [-300] });
    assert.deepEqual(offsetsIn(third), [-300, 0]);
    for (const tz of [330, -300]) check(third, tz);
    third.close();
  });

  test('a version 1 database is migrated: its orders kept and its UTC day rollup rebuilt', () => {
    const path = freshPath();
    const v1 = new DatabaseSync(path);
    v1.exec(`CREATE TABLE orders (connection_id TEXT NOT NULL, platform_id TEXT NOT NULL, order_number TEXT NOT NULL,
      created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, status TEXT NOT NULL, financial_status TEXT NOT NULL,
      currency TEXT NOT NULL, total_minor INTEGER NOT NULL, item_count INTEGER NOT NULL, PRIMARY KEY (connection_id, platform_id)) WITHOUT ROWID;
      CREATE INDEX orders_created ON orders (created_at); CREATE INDEX orders_connection_created ON orders (connection_id, created_at);
      CREATE TABLE sync_checkpoints (connection_id TEXT PRIMARY KEY, updated_since TEXT, page TEXT, run_max_updated TEXT,
        last_sync_at INTEGER, last_result TEXT, last_error_code TEXT, last_error_message TEXT);
      CREATE TABLE order_hours (hour INTEGER NOT NULL, connection_id TEXT NOT NULL, currency TEXT NOT NULL, status TEXT NOT NULL,
        orders INTEGER NOT NULL, revenue_minor INTEGER NOT NULL, PRIMARY KEY (hour, connection_id, currency, status)) WITHOUT ROWID;
      CREATE TABLE order_days (day INTEGER NOT NULL, connection_id TEXT NOT NULL, currency TEXT NOT NULL, status TEXT NOT NULL,
        orders INTEGER NOT NULL, revenue_minor INTEGER NOT NULL, PRIMARY KEY (day, connection_id, currency, status)) WITHOUT ROWID;
      CREATE TABLE order_counts (connection_id TEXT PRIMARY KEY, orders INTEGER NOT NULL);
      INSERT INTO orders VALUES ('c1', 'a', '#a', ${T0}, ${T0 + 1}, 'open', 'paid', 'USD', 1999, 1),
        ('c1', 'b', '#b', ${T0 + 2 * 86_400_000}, ${T0 + 1}, 'open', 'paid', 'USD', 1, 1);
      INSERT INTO order_counts VALUES ('c1', 2);
      PRAGMA user_version = 1;`);
    v1.close();
    const store = new OrderStore(path);
    assert.equal((store.db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version, SCHEMA_VERSION);
    assert.equal(store.orderCount('c1'), 2);
    const s = new SummaryQueries(store).summary({ fromMs: 0, toMs: T0 * 2 });
    assert.equal(s.orderCount, 2);
    assert.equal(s.byCurrency[0]!.revenueMinor, 2000);
    const rollupRows = store.db.prepare('SELECT COUNT(*) AS n FROM order_day_totals WHERE tz_offset_min = 0').get() as { n: number };
    assert.equal(rollupRows.n, 2);
    store.close();
  });
});
