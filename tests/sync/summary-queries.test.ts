import assert from 'node:assert/strict';
import { test, describe, after } from 'node:test';
import type { NormalizedOrder } from '../../main/sync/order-adapter.ts';
import { OrderStore } from '../../main/sync/order-store.ts';
import { roundedAverage, SummaryQueries } from '../../main/sync/summary-queries.ts';
import type { OrderSummaryView } from '../../shared/view-models.ts';
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
  const days = Object.fromEntries(
    got.perDay.filter((d) => d.orders > 0).map((d) => [d.day, { day: d.day, orders: d.orders, revenueByCurrency: d.revenueByCurrency }]),
  );
  // these orders cannot say what was refunded: no currency has total sales, and no day plots order totals in their place
  assert.ok(
    got.perDay.every((d) => Object.keys(d.totalSalesByCurrency).length === 0),
    label,
  );
  assert.ok(
    got.byCurrency.every((c) => c.totalSalesMinor === undefined),
    label,
  );
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
      { day: '2020-01-01', orders: 0, revenueByCurrency: {}, totalSalesByCurrency: {} },
      { day: '2020-01-02', orders: 0, revenueByCurrency: {}, totalSalesByCurrency: {} },
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

describe('summary(): total sales per day (order totals - refunds, each refund on its own day)', () => {
  const T = (iso: string) => Date.parse(`2025-03-${iso}Z`);
  const MAX = Number.MAX_SAFE_INTEGER; // 9,007,199,254,740,991: exact only as an integer sum
  const order = (
    id: string,
    currency: string,
    at: number,
    totalMinor: number,
    refunds?: Array<[number, number]>,
    extra: Partial<NormalizedOrder> = {},
  ): NormalizedOrder => ({
    platformId: id,
    orderNumber: `#${id}`,
    createdAt: at,
    updatedAt: at + 60_000,
    status: 'fulfilled',
    financialStatus: refunds?.length ? 'partially_refunded' : 'paid',
    currency,
    totalMinor,
    itemCount: 1,
    grossMinor: totalMinor,
    discountsMinor: 0,
    shippingMinor: 0,
    taxMinor: 0,
    ...(refunds ? { refunds: refunds.map(([at2, amountMinor], i) => ({ id: `${id}-r${i}`, at: at2, amountMinor })) } : {}),
    ...extra,
  });
  const shop = [
    // USD: 100.00 on the 1st, 40.00 of it refunded on the 3rd, when only 15.00 was sold: the 3rd is -25.00
    order('u1', 'USD', T('01T10:00'), 10_000, [[T('03T09:00'), 4_000]]),
    order('u2', 'USD', T('03T12:00'), 1_500, []),
    // placed and refunded in full the same evening (UTC): nets to 0 on its day
    order('u3', 'USD', T('02T23:30'), 2_001, [[T('02T23:45'), 2_001]], { cancelled: true }),
    // a test order counts nowhere
    order('u4', 'USD', T('01T11:00'), 99_999, [[T('03T11:00'), 99_999]], { test: true }),
    order('j1', 'JPY', T('02T05:00'), 3_000, []),
    // KWD at the edge of exact integers: 2^53 - 1 on the 1st, all but 0.001 refunded on the 4th
    order('k1', 'KWD', T('01T01:00'), MAX, [[T('04T01:00'), MAX - 1]]),
  ];
  // EUR from a store that cannot say what was refunded: its total sales are not available
  const etsy = [order('e1', 'EUR', T('02T08:00'), 5_000, undefined)];
  const store2 = new OrderStore(':memory:', { dayOffsets: [-300] });
  after(() => store2.close());
  store2.commitPage('shop', shop, { updatedSince: null, page: null, runMaxUpdated: null });
  store2.commitPage('etsy', etsy, { updatedSince: null, page: null, runMaxUpdated: null });
  const q2 = new SummaryQueries(store2);
  const sales = (s: OrderSummaryView) => Object.fromEntries(s.perDay.map((d) => [d.day, d.totalSalesByCurrency]));

  /** Total sales per local day computed naively with BigInt from the orders above. */
  function oracle(fromMs: number, toMs: number, tz: number): Record<string, Record<string, number>> {
    const out = new Map<string, Map<string, bigint>>();
    const add = (at: number, currency: string, v: bigint) => {
      if (at < fromMs || at >= toMs) return;
      const day = new Date(at + tz * 60_000).toISOString().slice(0, 10);
      const d = out.get(day) ?? new Map<string, bigint>();
      d.set(currency, (d.get(currency) ?? 0n) + v);
      out.set(day, d);
    };
    for (const o of shop) {
      if (o.test) continue;
      add(o.createdAt, o.currency, BigInt(o.totalMinor));
      for (const r of o.refunds ?? []) add(r.at, o.currency, -BigInt(r.amountMinor));
    }
    return Object.fromEntries([...out].map(([day, m]) => [day, Object.fromEntries([...m].map(([c, v]) => [c, Number(v)]))]));
  }

  test('a refund counts on its own day, a day with more refunds than sales is negative, exact in minor units', () => {
    const got = q2.summary({ fromMs: T('01T00:00'), toMs: T('05T00:00') });
    assert.deepEqual(sales(got), {
      '2025-03-01': { USD: 10_000, KWD: MAX },
      '2025-03-02': { USD: 0, JPY: 3_000 },
      '2025-03-03': { USD: -2_500 },
      '2025-03-04': { KWD: -(MAX - 1) },
    });
    // order totals stay as placed (not shown on screen); EUR has them but no total sales
    assert.deepEqual(got.perDay.find((d) => d.day === '2025-03-02')!.revenueByCurrency, { USD: 2_001, JPY: 3_000, EUR: 5_000 });
    const byCurrency = Object.fromEntries(got.byCurrency.map((c) => [c.currency, c]));
    assert.equal(byCurrency.EUR!.totalSalesMinor, undefined);
    assert.deepEqual(
      byCurrency.EUR!.unavailable?.find((u) => u.figure === 'totalSales'),
      { figure: 'totalSales', message: 'Not available from this store' },
    );
    // the days add up to the range's total sales, to the minor unit
    for (const c of got.byCurrency.filter((x) => x.totalSalesMinor !== undefined)) {
      const sum = got.perDay.reduce((s, d) => s + BigInt(d.totalSalesByCurrency[c.currency] ?? 0), 0n);
      assert.equal(sum, BigInt(c.totalSalesMinor!), c.currency);
    }
    assert.equal(byCurrency.KWD!.totalSalesMinor, 1);
    assert.equal(byCurrency.USD!.totalSalesMinor, 10_000 + 1_500 + 2_001 - 4_000 - 2_001);
  });

  test('partial days read raw (refunds by refunded_at) agree with the rollup, at rollup and other offsets', () => {
    // from mid-day on the 1st (the USD order at 10:00 and KWD at 01:00 are out) to 00:30 on the 4th (the KWD refund at 01:00 is out)
    const partial = q2.summary({ fromMs: T('01T12:00'), toMs: T('04T00:30') });
    assert.deepEqual(sales(partial), { '2025-03-01': {}, '2025-03-02': { USD: 0, JPY: 3_000 }, '2025-03-03': { USD: -2_500 }, '2025-03-04': {} });
    for (const tz of [0, -300, 60, 330]) {
      for (const [a, b] of [
        [T('01T00:00'), T('05T00:00')],
        [T('01T10:30'), T('03T09:30')],
        [T('02T23:40'), T('04T01:00')],
        [T('03T00:00'), T('03T23:59')],
        [Date.UTC(2025, 1, 27), Date.UTC(2025, 2, 9)],
      ] as const) {
        const got = q2.summary({ fromMs: a, toMs: b }, { tzOffsetMinutes: tz });
        const want = oracle(a, b, tz);
        const nonEmpty = Object.fromEntries(Object.entries(sales(got)).filter(([, v]) => Object.keys(v).length > 0));
        assert.deepEqual(nonEmpty, want, `[${new Date(a).toISOString()}, ${new Date(b).toISOString()}) tz ${tz}`);
      }
    }
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
