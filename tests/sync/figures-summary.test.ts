/**
 * Merchant figures (issue 10, docs/figures.md) against the platforms' own API data: each simulator's
 * orders, as its API returns them, are synced through the real adapter into a real OrderStore; the
 * figures are then computed here independently (BigInt, straight from the API JSON) and compared exactly,
 * per currency, for exponents 0 (JPY), 2 (USD), 3 (KWD) and extra decimals (Shopify `Decimal`, a WooCommerce
 * store set to more decimals than its currency).
 * Rules (merchant-figures.md): orders and sales on the order's day, returns on the refund's day; test
 * orders left out; cancelled orders counted (their refunds net them out on the refund's day).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { squareProfileAt } from '../../main/core/providers/square.ts';
import { shopifyOrderAdapter } from '../../main/sync/adapters/shopify-orders.ts';
import { squareOrderAdapter } from '../../main/sync/adapters/square-orders.ts';
import { woocommerceOrderAdapter } from '../../main/sync/adapters/woocommerce-orders.ts';
import type { NormalizedOrder } from '../../main/sync/order-adapter.ts';
import { OrderStore } from '../../main/sync/order-store.ts';
import { SummaryQueries } from '../../main/sync/summary-queries.ts';
import type { CurrencyTotalView } from '../../shared/view-models.ts';
import { fetchAllPages, makeContext } from '../simulators/shopify/adapter-driver.ts';
import { startShopifySimulator } from '../simulators/shopify/server.ts';
import { adapterContext, connect, syncAll } from '../simulators/square/harness.ts';
import { startSquareSimulator, type SquareOrder } from '../simulators/square/index.ts';
import { basicAuth } from '../simulators/shopify/adapter-driver.ts';
import { startWooSimulator, type WooSimulator } from '../simulators/woocommerce/server.ts';

const DAY = 86_400_000;
const ISO_EXP: Record<string, number> = { JPY: 0, KWD: 3, USD: 2, EUR: 2 };

/** An exact amount from API text or integer minor units. */
interface Amount {
  units: bigint;
  exp: number;
}
const decimal = (text: string, currency: string): Amount => {
  const [whole, frac = ''] = text.split('.');
  const digits = frac.replace(/0+$/, '');
  const exp = Math.max(ISO_EXP[currency]!, digits.length);
  return { units: BigInt(whole! + digits.padEnd(exp, '0')), exp };
};
const at = (a: Amount, exp: number): bigint => a.units * 10n ** BigInt(exp - a.exp);

/** One order as the oracle sees it: what the platform's API said, nothing derived by Storelink. */
interface OracleOrder {
  currency: string;
  createdAt: number;
  test: boolean;
  total: Amount;
  gross: Amount;
  discounts: Amount;
  refunds: Array<{ at: number; amount: Amount }>;
}

interface OracleFigures {
  orders: number;
  gross: bigint;
  discounts: bigint;
  returns: bigint;
  net: bigint;
  totalSales: bigint;
  aov: bigint;
}

function roundHalfAway(n: bigint, d: bigint): bigint {
  if (d === 0n) return 0n;
  const neg = n < 0n;
  const a = neg ? -n : n;
  let q = a / d;
  if (2n * (a - q * d) >= d) q++;
  return neg ? -q : q;
}

function oracle(orders: OracleOrder[], from: number, to: number): Map<string, { exp: number; f: OracleFigures }> {
  const exps = new Map<string, number>();
  for (const o of orders) {
    if (o.test) continue;
    const all = [o.total, o.gross, o.discounts, ...o.refunds.map((r) => r.amount)];
    exps.set(o.currency, Math.max(exps.get(o.currency) ?? ISO_EXP[o.currency]!, ...all.map((a) => a.exp)));
  }
  const out = new Map<string, { exp: number; f: OracleFigures }>();
  const get = (c: string) => {
    let v = out.get(c);
    if (!v) out.set(c, (v = { exp: exps.get(c)!, f: { orders: 0, gross: 0n, discounts: 0n, returns: 0n, net: 0n, totalSales: 0n, aov: 0n } }));
    return v;
  };
  for (const o of orders) {
    if (o.test) continue; // test orders are not in the platforms' reports
    if (o.createdAt >= from && o.createdAt < to) {
      const v = get(o.currency);
      v.f.orders++;
      v.f.gross += at(o.gross, v.exp);
      v.f.discounts += at(o.discounts, v.exp);
      v.f.totalSales += at(o.total, v.exp);
    }
    for (const r of o.refunds) {
      if (r.at >= from && r.at < to) get(o.currency).f.returns += at(r.amount, get(o.currency).exp);
    }
  }
  for (const { f } of out.values()) {
    f.net = f.gross - f.discounts - f.returns;
    f.totalSales -= f.returns;
    f.aov = roundHalfAway(f.gross - f.discounts, BigInt(f.orders));
  }
  return out;
}

function compare(got: CurrencyTotalView[], want: ReturnType<typeof oracle>, label: string): void {
  const g = Object.fromEntries(
    got.map((c) => [
      c.currency,
      {
        exp: c.exponent,
        orders: c.orderCount,
        gross: c.grossSalesMinor,
        discounts: c.discountsMinor,
        returns: c.returnsMinor,
        net: c.netSalesMinor,
        totalSales: c.totalSalesMinor,
        ...(c.orderCount > 0 ? { aov: c.averageOrderValueMinor } : {}),
      },
    ]),
  );
  const w = Object.fromEntries(
    [...want].map(([c, { exp, f }]) => [
      c,
      {
        exp,
        orders: f.orders,
        gross: Number(f.gross),
        discounts: Number(-f.discounts),
        returns: Number(-f.returns),
        net: Number(f.net),
        totalSales: Number(f.totalSales),
        ...(f.orders > 0 ? { aov: Number(f.aov) } : {}),
      },
    ]),
  );
  assert.deepEqual(g, w, label);
}

/** Several ranges: everything, single days, and ranges cut at odd hours (rollup + partial days). */
function checkRanges(queries: SummaryQueries, orders: OracleOrder[], platform: string): void {
  const times = orders.flatMap((o) => [o.createdAt, ...o.refunds.map((r) => r.at)]);
  const lo = Math.min(...times);
  const hi = Math.max(...times) + 1;
  const firstDay = Math.floor(lo / DAY) * DAY;
  const ranges: Array<[number, number]> = [[0, hi + DAY]];
  for (let d = firstDay; d < hi; d += 7 * DAY) ranges.push([d, d + DAY], [d + 5_000_000, d + 3 * DAY + 17_000_000]);
  for (const [from, to] of ranges) {
    const got = queries.summary({ fromMs: from, toMs: to });
    compare(got.byCurrency, oracle(orders, from, to), `${platform} [${new Date(from).toISOString()}, ${new Date(to).toISOString()})`);
  }
}

function store(orders: NormalizedOrder[]): { store: OrderStore; queries: SummaryQueries } {
  const s = new OrderStore(':memory:');
  for (let i = 0; i < orders.length; i += 100) s.commitPage('c', orders.slice(i, i + 100), { updatedSince: null, page: null, runMaxUpdated: null });
  return { store: s, queries: new SummaryQueries(s) };
}

const SHOP = 'figures-shop.myshopify.com';

/** The Order nodes exactly as Shopify's GraphQL API returns them (the simulator's own JSON). */
function shopifyOracle(nodes: Array<Record<string, any>>): OracleOrder[] {
  return nodes.map((n) => {
    const c = n.totalPriceSet.shopMoney.currencyCode as string;
    const m = (bag: any) => decimal(bag.shopMoney.amount, c);
    const subtotal = m(n.subtotalPriceSet);
    const discounts = m(n.totalDiscountsSet);
    // objects/Order: "If `taxesIncluded` is `true`, then the subtotal also includes tax"; taxLines are the
    // line items' tax lines. Gross sales exclude taxes (merchant-figures.md), so that tax comes out.
    const lineTaxes = n.taxesIncluded === true ? (n.taxLines as any[]).map((t) => m(t.priceSet)) : [];
    const exp = Math.max(subtotal.exp, discounts.exp, ...lineTaxes.map((t) => t.exp));
    const lineTax = lineTaxes.reduce((sum, t) => sum + at(t, exp), 0n);
    return {
      currency: c,
      createdAt: Date.parse(n.createdAt),
      test: n.test === true,
      total: m(n.totalPriceSet),
      // Shopify's sales report: gross sales = sales before discounts and taxes = subtotal (after discounts,
      // without the line items' tax) + discounts
      gross: { units: at(subtotal, exp) - lineTax + at(discounts, exp), exp },
      discounts,
      refunds: (n.refunds as any[]).map((r) => ({ at: Date.parse(r.createdAt), amount: m(r.totalRefundedSet) })),
    };
  });
}

for (const [label, opts] of [
  ['exponents 0, 2 and 3 (JPY, USD, KWD)', { currencies: ['JPY', 'USD', 'KWD'] }],
  ['extra decimals (Decimal with more precision than the currency)', { currencies: ['USD', 'JPY'], extraDecimals: 2 }],
  ['a store whose prices include tax on some orders (taxesIncluded), JPY, USD, KWD', { currencies: ['JPY', 'USD', 'KWD'], taxesIncluded: 'mixed' }],
] as const) {
  test(`Shopify: summary figures equal the API's own orders, ${label}`, async () => {
    const sim = await startShopifySimulator({ count: 160, spanDays: 50, maxAvailable: 1e6, restoreRate: 1e6, ...opts, currencies: [...opts.currencies] });
    try {
      const token = sim.issueToken(SHOP);
      const ctx = makeContext({ apiBase: `${sim.shopBase(SHOP)}/`, credentialHeaders: { 'x-shopify-access-token': token }, fields: { shop: SHOP } });
      const run = await fetchAllPages(shopifyOrderAdapter, ctx);
      assert.equal(run.orders.length, 160);
      assert.ok(run.orders.every((o) => !o.attention));
      const nodes = sim.orderSnapshot().map((s) => s.node as Record<string, any>);
      const orders = shopifyOracle(nodes);
      // the data exercises every rule
      assert.ok(orders.some((o) => o.test) && nodes.some((n) => n.cancelledAt) && orders.some((o) => o.discounts.units > 0n));
      assert.ok(
        orders.some((o) => o.refunds.some((r) => Math.floor(r.at / DAY) !== Math.floor(o.createdAt / DAY))),
        'some refund falls on a later day than its order',
      );
      if ('extraDecimals' in opts) assert.ok(run.orders.some((o) => o.totalExponent! > 2));
      if ('taxesIncluded' in opts) {
        const taxed = nodes.filter((n) => n.taxesIncluded === true && !n.test);
        assert.ok(taxed.length > 20 && taxed.length < nodes.length - 20, `${taxed.length} tax-inclusive orders among ${nodes.length}`);
        assert.ok(taxed.some((n) => Number(n.totalShippingPriceSet.shopMoney.amount) > 0 && Number(n.totalDiscountsSet.shopMoney.amount) > 0));
      }
      // Per order (orders table, CSV): shipping and tax from the API's own JSON, and the figures add up to the total.
      // A tax-inclusive order's shipping price holds the tax not on its line items (objects/ShippingLine).
      const rows = new Map(
        (() => {
          const { store: s, queries } = store(run.orders);
          try {
            return queries
              .ordersPage({ fromMs: 0, toMs: Date.UTC(2100, 0), sort: 'createdAt', direction: 'asc', limit: 1000, offset: 0 })
              .rows.map((r) => [r.platformId, r]);
          } finally {
            s.close();
          }
        })(),
      );
      for (const n of nodes) {
        const row = rows.get(n.id.split('/').pop())!;
        const c = n.totalPriceSet.shopMoney.currencyCode as string;
        const m = (bag: any) => at(decimal(bag.shopMoney.amount, c), row.exponent!);
        const lineTax = (n.taxLines as any[]).reduce((sum, t) => sum + m(t.priceSet), 0n);
        const tax = m(n.totalTaxSet);
        const shipping = m(n.totalShippingPriceSet) - (n.taxesIncluded === true ? tax - lineTax : 0n);
        assert.deepEqual([BigInt(row.shippingMinor!), BigInt(row.taxMinor!)], [shipping, tax], n.id);
        assert.equal(BigInt(row.grossMinor!) - BigInt(row.discountsMinor!) + shipping + tax, m(n.totalPriceSet), n.id);
      }
      const { store: s, queries } = store(run.orders);
      try {
        checkRanges(queries, orders, 'shopify');
      } finally {
        s.close();
      }
    } finally {
      await sim.close();
    }
  });
}

/** Square Orders as the Search Orders API returns them. Rejected and failed refunds gave nothing back. */
function squareOracle(raw: SquareOrder[]): OracleOrder[] {
  return raw.map((o) => {
    const c = o.total_money.currency;
    const minor = (m: { amount: number } | undefined): Amount => ({ units: BigInt(m?.amount ?? 0), exp: ISO_EXP[c]! });
    return {
      currency: c,
      createdAt: Date.parse(o.created_at),
      test: false,
      total: minor(o.total_money),
      gross: { units: (o.line_items ?? []).reduce((n, li) => n + BigInt(li.gross_sales_money.amount), 0n), exp: ISO_EXP[c]! },
      discounts: minor(o.total_discount_money),
      refunds: (o.refunds ?? [])
        .filter((r) => r.status !== 'REJECTED' && r.status !== 'FAILED')
        .map((r) => ({ at: Date.parse(r.created_at), amount: minor(r.amount_money) })),
    };
  });
}

test('Square: summary figures equal the API own orders (JPY 0, USD 2, KWD 3), refunds on their own day, rejected refunds not counted', async () => {
  const sim = await startSquareSimulator({ orderCount: 400, currencies: ['USD', 'JPY', 'KWD'] });
  try {
    const t = await connect(squareProfileAt(sim.baseUrl), sim, sim.clientId, sim.redirectUri);
    const run = await syncAll(squareOrderAdapter, adapterContext(squareProfileAt(sim.baseUrl), String(t.access_token)));
    assert.equal(run.orders.length, 400);
    const raw = sim.orderSnapshot();
    assert.ok(raw.some((o) => o.refunds?.some((r) => r.status === 'REJECTED')) && raw.some((o) => o.refunds?.some((r) => r.status === 'APPROVED')));
    assert.ok(raw.some((o) => o.state === 'CANCELED'));
    const { store: s, queries } = store(run.orders);
    try {
      checkRanges(queries, squareOracle(raw), 'square');
      // Square has no shipping field: the rows say so rather than showing 0
      const page = queries.ordersPage({ fromMs: 0, toMs: Date.UTC(2100, 0), sort: 'createdAt', direction: 'asc', limit: 5, offset: 0 });
      assert.ok(page.rows.every((r) => r.shippingMinor === undefined && r.unavailableFigures?.includes('shippingMinor')));
    } finally {
      s.close();
    }
  } finally {
    await sim.close();
  }
});

/**
 * The WooCommerce store's own JSON, read here over HTTP with plain fetch (not the adapter): every order
 * (`GET /wc/v3/orders`) and, for each order whose `refunds` list is not empty, its refunds
 * (`GET /wc/v3/orders/<id>/refunds`), with dp 6 (more than any store here: exact, trailing zeros only).
 */
async function wooApiJson(sim: WooSimulator): Promise<Array<{ order: Record<string, any>; refunds: Array<Record<string, any>> }>> {
  const get = async (path: string) => (await fetch(`${sim.baseUrl}/wp-json/wc/v3/${path}`, { headers: basicAuth(sim.consumerKey, sim.consumerSecret) })).json();
  const out = [];
  for (let page = 1; ; page++) {
    const orders = (await get(`orders?per_page=100&page=${page}&orderby=id&order=asc&dp=6`)) as Array<Record<string, any>>;
    for (const order of orders)
      out.push({ order, refunds: order.refunds.length ? ((await get(`orders/${order.id}/refunds?per_page=100&dp=6`)) as any[]) : [] });
    if (orders.length < 100) return out;
  }
}

/** WooCommerce: gross = sum of line subtotals ("before discounts"), discounts = discount_total, refunds dated by date_created_gmt. */
function wooOracle(json: Awaited<ReturnType<typeof wooApiJson>>): OracleOrder[] {
  return json.map(({ order: o, refunds }) => {
    const m = (t: string) => decimal(t, o.currency);
    const lines = (o.line_items as any[]).map((l) => m(l.subtotal));
    const exp = Math.max(...lines.map((a) => a.exp));
    return {
      currency: o.currency,
      createdAt: Date.parse(`${o.date_created_gmt}Z`),
      test: false,
      total: m(o.total),
      gross: { units: lines.reduce((n, a) => n + at(a, exp), 0n), exp },
      discounts: m(o.discount_total),
      refunds: refunds.map((r) => ({ at: Date.parse(`${r.date_created_gmt}Z`), amount: m(r.amount) })),
    };
  });
}

for (const [label, opts] of [
  ['exponents 0, 2 and 3 (JPY, USD, KWD)', { currencies: ['JPY', 'USD', 'KWD'] }],
  ['a store set to more decimals than its currencies (3: "12.345" USD, "1200.125" JPY)', { currencies: ['USD', 'JPY'], decimals: 3, extraDigits: true }],
] as const) {
  test(`WooCommerce: summary figures equal the store's own orders and refunds endpoints, ${label}; returns on the refund's date`, async () => {
    const sim = await startWooSimulator({ count: 240, spanDays: 200, ...opts, currencies: [...opts.currencies] });
    try {
      const ctx = makeContext({
        apiBase: `${sim.baseUrl}/`,
        credentialHeaders: basicAuth(sim.consumerKey, sim.consumerSecret),
        fields: { storeUrl: sim.baseUrl },
      });
      const run = await fetchAllPages(woocommerceOrderAdapter, ctx);
      assert.equal(new Set(run.orders.map((o) => o.platformId)).size, 240, 'page restarts repeat a few orders; stored by id');
      assert.ok(run.orders.every((o) => !o.attention && o.refunds !== undefined));
      const orders = wooOracle(await wooApiJson(sim));
      assert.ok(orders.some((o) => o.discounts.units > 0n));
      assert.ok(
        orders.some((o) => o.refunds.some((r) => Math.floor(r.at / DAY) !== Math.floor(o.createdAt / DAY))),
        'some refund falls on a later day than its order',
      );
      if ('extraDigits' in opts) assert.ok(run.orders.some((o) => o.currency === 'JPY' && o.totalExponent === 3));
      const { store: s, queries } = store(run.orders);
      try {
        checkRanges(queries, orders, 'woocommerce');
        // every figure is available from WooCommerce now, returns and net sales included
        const all = queries.summary({ fromMs: 0, toMs: Date.UTC(2100, 0) }, { platformOf: () => 'WooCommerce' }).byCurrency;
        assert.ok(
          all.every((c) => c.unavailable === undefined && c.returnsMinor! < 0 && c.netSalesMinor !== undefined),
          JSON.stringify(all),
        );
      } finally {
        s.close();
      }
    } finally {
      await sim.close();
    }
  });
}

const order = (id: string, createdAt: number, extra: Partial<NormalizedOrder> = {}): NormalizedOrder => ({
  platformId: id,
  orderNumber: id,
  createdAt,
  updatedAt: createdAt,
  status: 'fulfilled',
  financialStatus: 'paid',
  currency: 'USD',
  totalMinor: 11_000,
  grossMinor: 10_000,
  discountsMinor: 1000,
  shippingMinor: 1000,
  taxMinor: 1000,
  refunds: [],
  itemCount: 1,
  ...extra,
});

test('a refund counts on its own date: a range holding only the refund shows it as a return, with no order', () => {
  const d1 = Date.UTC(2025, 2, 1, 12);
  const d5 = Date.UTC(2025, 2, 5, 9);
  const { store: s, queries } = store([]);
  try {
    s.commitPage('c', [order('a', d1)], { updatedSince: null, page: null, runMaxUpdated: null });
    // the refund arrives later, as an update of the order
    s.commitPage('c', [order('a', d1, { updatedAt: d5, refunds: [{ id: 'r1', at: d5, amountMinor: 2500 }], financialStatus: 'partially_refunded' })], {
      updatedSince: null,
      page: null,
      runMaxUpdated: null,
    });
    const onlyRefund = queries.summary({ fromMs: Date.UTC(2025, 2, 5), toMs: Date.UTC(2025, 2, 6) }).byCurrency;
    assert.deepEqual(
      onlyRefund.map((c) => [c.orderCount, c.grossSalesMinor, c.returnsMinor, c.netSalesMinor, c.totalSalesMinor]),
      [[0, 0, -2500, -2500, -2500]],
    );
    // partial days (not whole rollup days) give the same
    const partial = queries.summary({ fromMs: d5 - 1000, toMs: d5 + 1000 }).byCurrency;
    assert.equal(partial[0]!.returnsMinor, -2500);
    const saleDay = queries.summary({ fromMs: Date.UTC(2025, 2, 1), toMs: Date.UTC(2025, 2, 2) }).byCurrency[0]!;
    assert.deepEqual(
      [saleDay.orderCount, saleDay.grossSalesMinor, saleDay.discountsMinor, saleDay.returnsMinor, saleDay.netSalesMinor],
      [1, 10_000, -1000, 0, 9000],
    );
    assert.equal(saleDay.totalSalesMinor, 11_000);
    assert.equal(saleDay.averageOrderValueMinor, 9000);
    // the refund undone by a later version of the order leaves no return behind
    s.commitPage('c', [order('a', d1, { updatedAt: d5 + 1 })], { updatedSince: null, page: null, runMaxUpdated: null });
    assert.deepEqual(queries.summary({ fromMs: Date.UTC(2025, 2, 5), toMs: Date.UTC(2025, 2, 6) }).byCurrency, []);
    assert.equal(s.db.prepare('SELECT COUNT(*) AS n FROM order_day_totals').get()!.n, 1, 'no empty rollup rows left');
  } finally {
    s.close();
  }
});

test('test orders are left out of every figure, cancelled orders are in (and net to zero through their refund)', () => {
  const d1 = Date.UTC(2025, 3, 1, 12);
  const { store: s, queries } = store([
    order('t', d1, { test: true }),
    order('x', d1, { cancelled: true, status: 'cancelled', financialStatus: 'refunded', refunds: [{ id: 'r', at: d1 + 3600_000, amountMinor: 11_000 }] }),
    order('k', d1),
  ]);
  try {
    const c = queries.summary({ fromMs: Date.UTC(2025, 3, 1), toMs: Date.UTC(2025, 3, 2) }).byCurrency[0]!;
    assert.equal(c.orderCount, 2);
    assert.equal(c.grossSalesMinor, 20_000);
    assert.equal(c.returnsMinor, -11_000);
    assert.equal(c.totalSalesMinor, 11_000);
    const rows = queries.ordersPage({ fromMs: 0, toMs: Date.UTC(2100, 0), sort: 'orderNumber', direction: 'asc', limit: 10, offset: 0 }).rows;
    assert.deepEqual(
      rows.map((r) => [r.platformId, r.test, r.cancelled, r.refundedMinor]),
      [
        ['k', false, false, 0],
        ['t', true, false, 0],
        ['x', false, true, 11_000],
      ],
    );
  } finally {
    s.close();
  }
});

test('a figure a platform cannot supply is "Not available from <Platform>", never 0', () => {
  const d1 = Date.UTC(2025, 4, 1, 12);
  const { store: s, queries } = store([]);
  try {
    s.commitPage('etsy-1', [order('e', d1, { discountsMinor: undefined })], { updatedSince: null, page: null, runMaxUpdated: null });
    s.commitPage('shop-1', [order('s', d1)], { updatedSince: null, page: null, runMaxUpdated: null });
    const names: Record<string, string> = { 'etsy-1': 'Etsy', 'shop-1': 'Shopify' };
    const range = { fromMs: Date.UTC(2025, 4, 1), toMs: Date.UTC(2025, 4, 2) };
    const all = queries.summary(range, { platformOf: (id) => names[id] }).byCurrency[0]!;
    assert.equal(all.discountsMinor, undefined);
    assert.equal(all.netSalesMinor, undefined);
    assert.equal(all.averageOrderValueMinor, undefined);
    assert.equal(all.grossSalesMinor, 20_000);
    assert.deepEqual(all.unavailable, [
      { figure: 'discounts', message: 'Not available from Etsy' },
      { figure: 'netSales', message: 'Not available from Etsy' },
      { figure: 'averageOrderValue', message: 'Not available from Etsy' },
    ]);
    const shopOnly = queries.summary({ ...range, connectionId: 'shop-1' }, { platformOf: (id) => names[id] }).byCurrency[0]!;
    assert.equal(shopOnly.discountsMinor, -1000);
    assert.equal(shopOnly.unavailable, undefined);
  } finally {
    s.close();
  }
});

test('a V3 database migrates to V4: orders kept, marked as lacking the new figures, and the next sync reads the whole history again', async () => {
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { DatabaseSync } = await import('node:sqlite');
  const { migrate } = await import('../../main/sync/order-schema.ts');
  const path = join(mkdtempSync(join(tmpdir(), 'sl-v3-')), 'orders.db');
  const db = new DatabaseSync(path);
  migrate(db, 3);
  const t = Date.UTC(2025, 5, 1, 12);
  db.exec(`INSERT INTO orders (connection_id, platform_id, order_number, created_at, updated_at, status, financial_status, currency, total_minor, item_count, total_exponent)
    VALUES ('c', 'old', '#1', ${t}, ${t}, 'cancelled', 'refunded', 'USD', 1999, 1, 2);
    INSERT INTO order_counts VALUES ('c', 1);
    INSERT INTO sync_checkpoints (connection_id, updated_since) VALUES ('c', '2025-06-02T00:00:00Z');`);
  db.close();
  const s = new OrderStore(path);
  try {
    assert.equal(s.getCheckpoint('c')!.updatedSince, null, 'the watermark is cleared: a full re-sync fills the figures in');
    const q = new SummaryQueries(s);
    const c = q.summary({ fromMs: 0, toMs: Date.UTC(2030, 0) }).byCurrency[0]!;
    assert.deepEqual([c.orderCount, c.revenueMinor, c.grossSalesMinor, c.totalSalesMinor], [1, 1999, undefined, undefined]);
    assert.ok(c.unavailable!.every((u) => /sync this store again/.test(u.message)));
    const row = q.ordersPage({ fromMs: 0, toMs: Date.UTC(2030, 0), sort: 'createdAt', direction: 'asc', limit: 5, offset: 0 }).rows[0]!;
    assert.deepEqual([row.totalMinor, row.financialStatusRaw, row.cancelled, row.grossMinor], [1999, 'refunded', true, undefined]);
    assert.ok(row.unavailableFigures!.includes('legacy'));
    // the re-synced order replaces the legacy row and its figures count
    s.commitPage('c', [order('old', t, { updatedAt: t + 1, totalMinor: 1999 })], { updatedSince: null, page: null, runMaxUpdated: null });
    const after = q.summary({ fromMs: 0, toMs: Date.UTC(2030, 0) }).byCurrency[0]!;
    assert.deepEqual([after.orderCount, after.grossSalesMinor, after.unavailable], [1, 10_000, undefined]);
  } finally {
    s.close();
  }
});
