import assert from 'node:assert/strict';
import { test, describe, after } from 'node:test';
import type { NormalizedOrder } from '../../main/sync/order-adapter.ts';
import { OrderStore } from '../../main/sync/order-store.ts';
import { roundedAverage, SummaryQueries } from '../../main/sync/summary-queries.ts';
import { oracleSummary, seeded } from './fixtures/index.ts';

const rand = seeded(11);
const START = Date.UTC(2024, 11, 20);
const CUR = ['USD', 'EUR', 'JPY', 'KWD'];
const STATUS = ['open', 'fulfilled', 'cancelled'];
const make = (conn: string, i: number): NormalizedOrder => {
  const createdAt = START + Math.floor(rand() * 20 * 86_400_000);
  return {
    platformId: `${conn}-${i}`,
    orderNumber: `#${10_000 + i}`,
    createdAt,
    updatedAt: createdAt + 60_000,
    status: STATUS[Math.floor(rand() * STATUS.length)]!,
    financialStatus: 'paid',
    currency: CUR[Math.floor(rand() * CUR.length)]!,
    // large totals: a float sum of these would lose cents
    totalMinor: Math.floor(rand() * 9_000_000_000) + 1,
    itemCount: 1,
  };
};
const store = new OrderStore(':memory:');
after(() => store.close());
const all = { c1: [] as NormalizedOrder[], c2: [] as NormalizedOrder[] };
for (const conn of ['c1', 'c2'] as const) {
  for (let p = 0; p < 12; p++) {
    const page = Array.from({ length: 100 }, (_, i) => make(conn, p * 100 + i));
    all[conn].push(...page);
    store.commitPage(conn, page, { updatedSince: null, page: String(p), runMaxUpdated: null });
  }
}
// some updates move orders between statuses, hours and currencies
const moved = all.c1.slice(0, 150).map((o) => ({ ...o, updatedAt: o.updatedAt + 1, status: 'refunded', createdAt: o.createdAt + 3_700_000, currency: 'GBP' }));
store.commitPage('c1', moved, { updatedSince: null, page: null, runMaxUpdated: null });
all.c1.splice(0, 150, ...moved);
const queries = new SummaryQueries(store);

function check(conn: 'c1' | 'c2' | undefined, fromMs: number, toMs: number, tz: number): void {
  const orders = conn ? all[conn] : [...all.c1, ...all.c2];
  const want = oracleSummary(orders, fromMs, toMs, tz);
  const got = queries.summary({ ...(conn ? { connectionId: conn } : {}), fromMs, toMs }, { tzOffsetMinutes: tz });
  const label = `${conn ?? 'all'} [${new Date(fromMs).toISOString()}, ${new Date(toMs).toISOString()}) tz ${tz}`;
  assert.equal(got.orderCount, want.orderCount, label);
  assert.deepEqual(
    Object.fromEntries(got.byCurrency.map((c) => [c.currency, [c.orderCount, c.revenueMinor, c.averageMinor]])),
    Object.fromEntries([...want.byCurrency].map(([k, v]) => [k, [v.orderCount, v.revenueMinor, roundedAverage(v.revenueMinor, v.orderCount)]])),
    label,
  );
  assert.deepEqual(Object.fromEntries(got.byStatus.map((s) => [s.status, s.count])), Object.fromEntries(want.byStatus), label);
  const days = Object.fromEntries(got.perDay.filter((d) => d.orders > 0).map((d) => [d.day, d]));
  assert.deepEqual(
    days,
    Object.fromEntries([...want.perDay].map(([day, v]) => [day, { day, orders: v.orders, revenueByCurrency: v.revenueByCurrency }])),
    label,
  );
}

describe('summary()', () => {
  test('matches a naive JS computation for random ranges, stores and day offsets, with exact money sums', () => {
    const r = seeded(5);
    for (let i = 0; i < 60; i++) {
      const a = START - 86_400_000 + Math.floor(r() * 23 * 86_400_000);
      const b = a + Math.floor(r() * 12 * 86_400_000);
      const tz = [0, 0, -300, 60, 330, -240][i % 6]!;
      check(([undefined, 'c1', 'c2'] as const)[i % 3], a, b, tz);
    }
    check(undefined, 0, Date.UTC(2030, 0, 1), 0);
    check('c1', START, START + 1, 0);
  });

  test('per-day series is zero-filled across the range and days follow the offset', () => {
    const from = Date.UTC(2025, 0, 1, 5); // 00:00 in UTC-5
    const got = queries.summary({ fromMs: from, toMs: from + 3 * 86_400_000 }, { tzOffsetMinutes: -300 });
    assert.deepEqual(
      got.perDay.map((d) => d.day),
      ['2025-01-01', '2025-01-02', '2025-01-03'],
    );
    const empty = queries.summary({ fromMs: Date.UTC(2020, 0, 1), toMs: Date.UTC(2020, 0, 3) });
    assert.equal(empty.orderCount, 0);
    assert.deepEqual(empty.perDay, [
      { day: '2020-01-01', orders: 0, revenueByCurrency: {} },
      { day: '2020-01-02', orders: 0, revenueByCurrency: {} },
    ]);
  });

  test('currency exponents come from ISO 4217 and averages round half away from zero', () => {
    const got = queries.summary({ fromMs: 0, toMs: Date.UTC(2030, 0, 1) });
    assert.deepEqual(Object.fromEntries(got.byCurrency.map((c) => [c.currency, c.exponent])), { USD: 2, EUR: 2, JPY: 0, KWD: 3, GBP: 2 });
    assert.equal(roundedAverage(12345, 2), 6173);
    assert.equal(roundedAverage(10, 4), 3);
    assert.equal(roundedAverage(9, 4), 2);
    assert.equal(roundedAverage(-5, 2), -3);
    assert.equal(roundedAverage(7, 0), 0);
  });
});

describe('ordersPage()', () => {
  const everything = { fromMs: 0, toMs: Date.UTC(2030, 0, 1), offset: 0, limit: 50 } as const;
  test('sorts, pages and counts', () => {
    const first = queries.ordersPage({ ...everything, sort: 'totalMinor', direction: 'desc' });
    assert.equal(first.total, 2400);
    assert.equal(first.rows.length, 50);
    // Totals group by currency (A-Z) first: amounts in different currencies are not comparable.
    const key = (o: { currency: string; totalMinor: number }) => `${o.currency}:${o.totalMinor}`;
    const sorted = [...all.c1, ...all.c2].sort((a, b) => a.currency.localeCompare(b.currency) || b.totalMinor - a.totalMinor).map(key);
    assert.deepEqual(first.rows.map(key), sorted.slice(0, 50));
    const second = queries.ordersPage({ ...everything, sort: 'totalMinor', direction: 'desc', offset: 50 });
    assert.deepEqual(second.rows.map(key), sorted.slice(50, 100));
    const asc = queries.ordersPage({ ...everything, sort: 'createdAt', direction: 'asc', connectionId: 'c2' });
    assert.ok(asc.rows.every((r, i, rows) => r.connectionId === 'c2' && (i === 0 || rows[i - 1]!.createdAt <= r.createdAt)));
  });

  test('filters by status and searches order numbers literally (LIKE wildcards escaped)', () => {
    const refunded = queries.ordersPage({ ...everything, sort: 'orderNumber', direction: 'asc', status: 'refunded', connectionId: 'c1' });
    assert.equal(refunded.total, 150);
    assert.equal(queries.ordersPage({ ...everything, sort: 'createdAt', direction: 'desc', search: '#10005' }).total, 2);
    // #10050..#10059 in both stores
    assert.equal(queries.ordersPage({ ...everything, sort: 'createdAt', direction: 'desc', search: '#1005' }).total, 20);
    assert.equal(queries.ordersPage({ ...everything, sort: 'createdAt', direction: 'desc', search: '%' }).total, 0);
    assert.equal(queries.ordersPage({ ...everything, sort: 'createdAt', direction: 'desc', search: '_' }).total, 0);
  });
});
