/**
 * The one money model (issue 8, main/sync/money.ts) in the store: exact amounts at a per-order exponent,
 * summaries summed at a common exponent per currency, orders that need attention kept but left out of
 * every figure, on the rollup path and the raw (partial day) path alike, and across replacements.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, test } from 'node:test';
import { amountDivisorToExact, MoneyFormatError, parseDecimalAmount, safeNumber, toCommonExponent } from '../../main/sync/money.ts';
import type { NormalizedOrder } from '../../main/sync/order-adapter.ts';
import { OrderStore } from '../../main/sync/order-store.ts';
import { SummaryQueries } from '../../main/sync/summary-queries.ts';

const T0 = Date.UTC(2026, 0, 10, 12);
const cp = { updatedSince: null, page: null, runMaxUpdated: null };

function order(id: string, currency: string, totalMinor: number, totalExponent?: number, extra: Partial<NormalizedOrder> = {}): NormalizedOrder {
  return {
    platformId: id,
    orderNumber: `#${id}`,
    createdAt: T0,
    updatedAt: T0,
    status: 'paid',
    financialStatus: 'paid',
    currency,
    totalMinor,
    itemCount: 1,
    ...(totalExponent !== undefined ? { totalExponent } : {}),
    ...extra,
  };
}

describe('money.ts', () => {
  test('decimal strings are kept exactly at max(currency exponent, significant decimals)', () => {
    assert.deepEqual(parseDecimalAmount('10.125', 'USD'), { minor: 10125, exponent: 3 });
    assert.deepEqual(parseDecimalAmount('10.1200', 'USD'), { minor: 1012, exponent: 2 });
    assert.deepEqual(parseDecimalAmount('1200', 'JPY'), { minor: 1200, exponent: 0 });
    assert.deepEqual(parseDecimalAmount('1200.50', 'JPY'), { minor: 12005, exponent: 1 });
    assert.deepEqual(parseDecimalAmount('1.234', 'KWD'), { minor: 1234, exponent: 3 });
    assert.deepEqual(parseDecimalAmount('-0.5', 'EUR'), { minor: -50, exponent: 2 });
    assert.deepEqual(parseDecimalAmount('29.999', 'usd'), { minor: 29999, exponent: 3 }, "Shopify's own Decimal example");
  });

  test('what cannot be read exactly is a MoneyFormatError (the adapters turn it into "needs attention")', () => {
    for (const [amount, currency] of [
      ['12.00', 'UNKNOWN_CURRENCY'],
      ['12.00', ''],
      ['12.00', 'US$'],
      ['1.234,50', 'EUR'],
      ['12.5e3', 'USD'],
      ['NaN', 'USD'],
      ['0.1234567891', 'USD'],
      ['99999999999999999', 'USD'],
    ]) {
      assert.throws(() => parseDecimalAmount(amount!, currency!), MoneyFormatError, `${amount} ${currency}`);
    }
  });

  test('{amount, divisor} exactly; a divisor that never divides evenly is refused', () => {
    assert.deepEqual(amountDivisorToExact(12345, 1000, 'USD'), { minor: 12345, exponent: 3 });
    assert.deepEqual(amountDivisorToExact(12340, 1000, 'USD'), { minor: 1234, exponent: 2 });
    assert.deepEqual(amountDivisorToExact(150000, 100, 'JPY'), { minor: 1500, exponent: 0 });
    assert.deepEqual(amountDivisorToExact(1, 8, 'USD'), { minor: 125, exponent: 3 });
    assert.throws(() => amountDivisorToExact(1, 3, 'USD'), MoneyFormatError);
    assert.throws(() => amountDivisorToExact(1.5, 100, 'USD'), MoneyFormatError);
  });

  test('scaling to a common exponent is exact and never lowers one; sums beyond 2^53 are refused, not rounded', () => {
    assert.equal(toCommonExponent(1012, 2, 3), 10120n);
    assert.throws(() => toCommonExponent(10125, 3, 2), RangeError);
    assert.equal(safeNumber(2n ** 53n - 1n, 'x'), 2 ** 53 - 1);
    assert.throws(() => safeNumber(2n ** 53n, 'x'), MoneyFormatError);
  });
});

describe('OrderStore + SummaryQueries with exact money', () => {
  const attention = { reason: 'Storelink could not read this order’s money: unknown currency.', raw: '{"currency":"USDT","total":"5.00"}' };

  test('USD at exponents 2 and 3 sums at 3, on the rollup path and the partial-day path; rows line up at 3', () => {
    const store = new OrderStore(':memory:');
    store.commitPage('c', [order('a', 'USD', 1999), order('b', 'USD', 10125, 3), order('c', 'JPY', 1200), order('d', 'KWD', 1234, 3)], cp);
    const q = new SummaryQueries(store);
    for (const [from, to] of [
      [0, Date.UTC(2030, 0, 1)], // whole days: rollup
      [T0 - 1000, T0 + 1000], // part of one day: raw index
    ]) {
      const s = q.summary({ fromMs: from!, toMs: to! });
      const usd = s.byCurrency.find((c) => c.currency === 'USD')!;
      assert.deepEqual([usd.revenueMinor, usd.exponent, usd.orderCount, usd.averageMinor], [30115, 3, 2, 15058]);
      assert.deepEqual(
        s.byCurrency.filter((c) => c.currency !== 'USD').map((c) => [c.currency, c.revenueMinor, c.exponent]),
        [
          ['JPY', 1200, 0],
          ['KWD', 1234, 3],
        ],
      );
      assert.equal(s.perDay.find((d) => d.orders > 0)!.revenueByCurrency.USD, 30115);
    }
    const rows = q.ordersPage({ fromMs: 0, toMs: Date.UTC(2030, 0, 1), sort: 'totalMinor', direction: 'desc', limit: 10, offset: 0 }).rows;
    const usdRows = rows.filter((r) => r.currency === 'USD').map((r) => [r.platformId, r.totalMinor, r.exponent]);
    assert.deepEqual(usdRows, [
      ['a', 19990, 3],
      ['b', 10125, 3],
    ]);
    store.close();
  });

  test('an order that needs attention is stored with its raw values, counted apart, and never in a figure; replacements move it in and out', () => {
    const store = new OrderStore(':memory:');
    const q = new SummaryQueries(store);
    store.commitPage('c', [order('a', 'USD', 500), order('x', 'USDT', 0, 0, { attention })], cp);
    const check = (usdRevenue: number, usdOrders: number, needsAttention: number | undefined) => {
      for (const [from, to] of [
        [0, Date.UTC(2030, 0, 1)],
        [T0 - 1000, T0 + 1000],
      ]) {
        const s = q.summary({ fromMs: from!, toMs: to! });
        assert.equal(s.needsAttention, needsAttention);
        assert.equal(s.orderCount, usdOrders);
        assert.deepEqual(
          s.byCurrency.map((c) => [c.currency, c.revenueMinor]),
          usdOrders ? [['USD', usdRevenue]] : [],
        );
      }
    };
    check(500, 1, 1);
    assert.equal(store.orderCount('c'), 2, 'kept');
    const raw = store.db.prepare("SELECT attention, raw_money FROM orders WHERE platform_id = 'x'").get() as { attention: string; raw_money: string };
    assert.deepEqual({ ...raw }, { attention: attention.reason, raw_money: attention.raw });
    const row = q
      .ordersPage({ fromMs: 0, toMs: Date.UTC(2030, 0, 1), sort: 'createdAt', direction: 'asc', limit: 10, offset: 0 })
      .rows.find((r) => r.platformId === 'x')!;
    assert.equal(row.needsAttention, attention.reason);
    // the platform fixes the order: it now counts, once
    store.commitPage('c', [order('x', 'USD', 250, 2, { updatedAt: T0 + 1 })], cp);
    check(750, 2, undefined);
    // a good order that later cannot be read leaves the figures
    store.commitPage('c', [order('a', '??', 0, 0, { updatedAt: T0 + 2, attention })], cp);
    check(250, 1, 1);
    store.close();
  });

  test('a database from before the money model is migrated: totals keep their currency exponent (JPY 0, KWD 3)', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sl-money-')), 'orders.db');
    const v2 = new OrderStore(path);
    v2.close();
    // make it look like a version 2 file holding orders written before total_exponent existed
    const db = new DatabaseSync(path);
    db.exec(`DROP INDEX orders_attention; DROP INDEX orders_created; DROP TABLE order_refunds;
      CREATE TABLE o2 AS SELECT connection_id, platform_id, order_number, created_at, updated_at, status, financial_status, currency, total_minor, item_count FROM orders;
      DROP TABLE orders;
      CREATE TABLE orders (connection_id TEXT NOT NULL, platform_id TEXT NOT NULL, order_number TEXT NOT NULL, created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL, status TEXT NOT NULL, financial_status TEXT NOT NULL, currency TEXT NOT NULL, total_minor INTEGER NOT NULL,
        item_count INTEGER NOT NULL, PRIMARY KEY (connection_id, platform_id)) WITHOUT ROWID;
      CREATE INDEX orders_created ON orders (created_at, connection_id, currency, status, total_minor);
      DROP TABLE order_day_totals;
      CREATE TABLE order_day_totals (tz_offset_min INTEGER NOT NULL, day INTEGER NOT NULL, connection_id TEXT NOT NULL, currency TEXT NOT NULL,
        status TEXT NOT NULL, orders INTEGER NOT NULL, revenue_minor INTEGER NOT NULL, PRIMARY KEY (tz_offset_min, day, connection_id, currency, status)) WITHOUT ROWID;
      DELETE FROM rollup_offsets;
      ALTER TABLE sync_checkpoints DROP COLUMN adapter_revision;
      INSERT INTO orders VALUES ('c', 'j', '#j', ${T0}, ${T0}, 'paid', 'paid', 'JPY', 1200, 1), ('c', 'k', '#k', ${T0}, ${T0}, 'paid', 'paid', 'KWD', 1234, 1),
        ('c', 'u', '#u', ${T0}, ${T0}, 'paid', 'paid', 'USD', 1999, 1);
      INSERT INTO order_counts VALUES ('c', 3);
      PRAGMA user_version = 2;`);
    db.close();
    const store = new OrderStore(path);
    const exps = store.db.prepare('SELECT platform_id, total_exponent FROM orders ORDER BY platform_id').all() as Array<{
      platform_id: string;
      total_exponent: number;
    }>;
    assert.deepEqual(
      exps.map((r) => [r.platform_id, r.total_exponent]),
      [
        ['j', 0],
        ['k', 3],
        ['u', 2],
      ],
    );
    const s = new SummaryQueries(store).summary({ fromMs: 0, toMs: Date.UTC(2030, 0, 1) });
    assert.deepEqual(s.byCurrency.map((c) => [c.currency, c.revenueMinor, c.exponent]).sort(), [
      ['JPY', 1200, 0],
      ['KWD', 1234, 3],
      ['USD', 1999, 2],
    ]);
    store.close();
  });
});

test('a page with an order that needs attention is kept whole; the run reports how many need attention', async () => {
  const { SyncEngine } = await import('../../main/sync/sync-engine.ts');
  const { demoTarget, httpHost } = await import('./fixtures/index.ts');
  const store = new OrderStore(':memory:');
  const pages = [
    [order('a', 'USD', 100), order('b', 'USDT', 0, 0, { attention: { reason: 'unknown currency', raw: '{"currency":"USDT"}' } })],
    [order('c', 'JPY', 300), order('d', '?', 0, 0, { attention: { reason: 'no total', raw: '{}' } })],
  ];
  const adapter = {
    id: 'demo',
    fetchPage: async (_ctx: unknown, req: { page?: string }) => {
      const i = req.page === undefined ? 0 : Number(req.page);
      return { orders: pages[i]!, ...(i + 1 < pages.length ? { nextPage: String(i + 1) } : {}) };
    },
  };
  const engine = new SyncEngine({ store, host: httpHost('http://127.0.0.1:9', [demoTarget('c1')]), adapters: { demo: adapter }, random: () => 0.5 });
  const outcome = await engine.syncNow('c1');
  assert.equal(outcome.result, 'ok', JSON.stringify(outcome.error));
  assert.equal(outcome.orders, 4);
  assert.equal(outcome.needsAttention, 2);
  assert.equal(store.orderCount('c1'), 4);
  const s = new SummaryQueries(store).summary({ fromMs: 0, toMs: Date.UTC(2030, 0, 1) });
  assert.deepEqual([s.orderCount, s.needsAttention], [2, 2]);
  store.close();
});
