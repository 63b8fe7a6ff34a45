/**
 * One money model (issue 8, main/sync/money.ts), end to end: the real WooCommerce and Etsy adapters against
 * their simulators, into a real OrderStore (node:sqlite) and SummaryQueries. Money is exact to the minor
 * unit in exponents 0 (JPY), 2 (USD, EUR), 3 (KWD, BHD) and with more decimals than the currency
 * ("10.125" USD); an order whose money cannot be read (a plugin's "USDT", a locale "1.234,50", Etsy's
 * "US$") is kept as "needs attention" with its raw values, counted apart, and the rest of the page is kept.
 * The expected figures are computed here from the simulators' own data with BigInt, not with money.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { etsyProfileAt } from '../../main/core/providers/etsy.ts';
import { etsyOrderAdapter } from '../../main/sync/adapters/etsy-orders.ts';
import { woocommerceOrderAdapter } from '../../main/sync/adapters/woocommerce-orders.ts';
import type { NormalizedOrder } from '../../main/sync/order-adapter.ts';
import { OrderStore } from '../../main/sync/order-store.ts';
import { SummaryQueries } from '../../main/sync/summary-queries.ts';
import { startEtsySimulator } from '../simulators/etsy/index.ts';
import { basicAuth, fetchAllPages, makeContext } from '../simulators/shopify/adapter-driver.ts';
import { adapterContext, connect, syncAll } from '../simulators/square/harness.ts';
import { startWooSimulator } from '../simulators/woocommerce/server.ts';

/** ISO 4217 exponents of the currencies used here (written out: the test does not use money.ts). */
const ISO: Record<string, number> = { JPY: 0, USD: 2, EUR: 2, KWD: 3, BHD: 3 };

/** An exact value as (integer, exponent) with the exponent as small as the currency allows. */
interface Exact {
  currency: string;
  minor: bigint;
  exponent: number;
}

function fromDecimal(text: string, currency: string): Exact | undefined {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m || ISO[currency] === undefined) return undefined;
  let frac = m[3] ?? '';
  while (frac.length > ISO[currency]! && frac.endsWith('0')) frac = frac.slice(0, -1);
  const exponent = Math.max(ISO[currency]!, frac.length);
  const minor = BigInt(m[2]! + frac.padEnd(exponent, '0'));
  return { currency, minor: m[1] ? -minor : minor, exponent };
}

function fromAmountDivisor(amount: number, divisor: number, currency: string): Exact | undefined {
  if (ISO[currency] === undefined) return undefined;
  for (let e = ISO[currency]!; e <= 9; e++) {
    const scaled = BigInt(amount) * 10n ** BigInt(e);
    if (scaled % BigInt(divisor) === 0n) return { currency, minor: scaled / BigInt(divisor), exponent: e };
  }
  return undefined;
}

/** What summary() must answer for these exact values: per currency, summed at the largest exponent. */
function expectedSummary(values: Exact[]) {
  const by = new Map<string, { n: number; e: number; items: Exact[] }>();
  for (const v of values) {
    const c = by.get(v.currency) ?? { n: 0, e: ISO[v.currency]!, items: [] };
    c.n++;
    c.e = Math.max(c.e, v.exponent);
    c.items.push(v);
    by.set(v.currency, c);
  }
  return new Map(
    [...by].map(([currency, c]) => [
      currency,
      { orderCount: c.n, exponent: c.e, revenue: c.items.reduce((s, v) => s + v.minor * 10n ** BigInt(c.e - v.exponent), 0n) },
    ]),
  );
}

function storeAndCheck(orders: NormalizedOrder[], truth: Map<string, Exact | undefined>) {
  const store = new OrderStore(':memory:');
  try {
    // several pages, as the engine commits them
    for (let i = 0; i < orders.length; i += 100) store.commitPage('c1', orders.slice(i, i + 100), { updatedSince: null, page: null, runMaxUpdated: null });
    const q = new SummaryQueries(store);
    const summary = q.summary({ fromMs: 0, toMs: Date.UTC(2100, 0, 1) });
    const values = [...truth.values()].filter((v): v is Exact => v !== undefined);
    const expected = expectedSummary(values);
    assert.equal(summary.byCurrency.length, expected.size);
    for (const c of summary.byCurrency) {
      const want = expected.get(c.currency)!;
      assert.equal(c.orderCount, want.orderCount, c.currency);
      assert.equal(c.exponent, want.exponent, `${c.currency} exponent`);
      assert.equal(BigInt(c.revenueMinor), want.revenue, `${c.currency} revenue exact to the minor unit`);
    }
    const attention = [...truth.values()].filter((v) => v === undefined).length;
    assert.equal(summary.needsAttention ?? 0, attention, 'orders that need attention are counted apart');
    assert.equal(summary.orderCount, values.length);
    const page = q.ordersPage({ fromMs: 0, toMs: Date.UTC(2100, 0, 1), sort: 'totalMinor', direction: 'asc', limit: 500, offset: 0 });
    assert.equal(page.total, truth.size, 'every order is stored, including those that need attention');
    for (const row of page.rows) {
      const want = truth.get(row.platformId);
      if (want === undefined) {
        assert.ok(row.needsAttention, `${row.platformId} is marked`);
        continue;
      }
      const e = row.exponent!;
      assert.equal(e, expected.get(want.currency)!.exponent, 'a row is shown at its currency summary exponent');
      assert.equal(BigInt(row.totalMinor), want.minor * 10n ** BigInt(e - want.exponent), row.platformId);
    }
    // sorted by exact value within each currency, whatever the stored exponent
    for (let i = 1; i < page.rows.length; i++) {
      const [a, b] = [page.rows[i - 1]!, page.rows[i]!];
      if (a.currency === b.currency && !a.needsAttention && !b.needsAttention) assert.ok(a.totalMinor <= b.totalMinor, `${a.platformId} <= ${b.platformId}`);
    }
    return { summary, attention, rows: page.rows };
  } finally {
    store.close();
  }
}

test('WooCommerce: exponents 0, 2, 3 and a store with more decimals than its currency, exact through adapter, store and summary; odd money needs attention', async () => {
  for (const opts of [
    { currencies: ['JPY', 'USD', 'KWD', 'BHD', 'EUR'] },
    { currencies: ['USD', 'KWD', 'JPY'], decimals: 3, extraDigits: true },
    { currencies: ['USD', 'EUR'], decimals: 5, extraDigits: true, oddMoneyEvery: 7 },
  ]) {
    const sim = await startWooSimulator({ count: 260, ...opts });
    try {
      const ctx = makeContext({ apiBase: `${sim.baseUrl}/`, credentialHeaders: basicAuth(sim.consumerKey, sim.consumerSecret) });
      const run = await fetchAllPages(woocommerceOrderAdapter, ctx);
      const truth = new Map(
        sim.orderSnapshot().map((s) => {
          const j = s.json as { currency: string; total: string };
          return [s.platformId, fromDecimal(j.total, j.currency)] as const;
        }),
      );
      const { attention, rows } = storeAndCheck(run.orders, truth);
      if (opts.decimals)
        assert.ok(
          [...truth.values()].some((v) => v && v.exponent > ISO[v.currency]!),
          'some totals carry more decimals than the currency',
        );
      if (opts.oddMoneyEvery) {
        assert.ok(attention > 0);
        const odd = rows.find((r) => r.needsAttention)!;
        const raw = run.orders.find((o) => o.platformId === odd.platformId)!.attention!.raw;
        assert.match(raw, /USDT|1\.234,50/, 'the raw values are kept');
        assert.ok(run.pages.some((p) => p.warnings?.some((w) => /needs attention/.test(w))));
      }
    } finally {
      await sim.close();
    }
  }
});

test('Etsy: amount/divisor in exponents 0, 2, 3 and with extra decimals, exact through adapter, store and summary; odd money needs attention', async () => {
  const sim = await startEtsySimulator({
    orderCount: 240,
    money: [
      { currency: 'JPY', divisor: 1 },
      { currency: 'USD', divisor: 100 },
      { currency: 'KWD', divisor: 1000 },
      { currency: 'USD', divisor: 1000, extraDigits: true },
      { currency: 'EUR', divisor: 10000, extraDigits: true },
      { currency: 'US$', divisor: 100 },
    ],
  });
  try {
    const profile = etsyProfileAt(sim.baseUrl);
    const token = String((await connect(profile, sim, sim.keystring, sim.redirectUri)).access_token);
    const run = await syncAll(
      etsyOrderAdapter,
      adapterContext(profile, token, { fields: { keystring: sim.keystring }, secrets: { sharedSecret: sim.sharedSecret } }),
    );
    const truth = new Map(
      sim.orderSnapshot().map((r) => [String(r.receipt_id), fromAmountDivisor(r.grandtotal.amount, r.grandtotal.divisor, r.grandtotal.currency_code)] as const),
    );
    const { attention } = storeAndCheck(run.orders, truth);
    assert.equal(attention, 40, 'every US$ receipt, and only those');
    assert.ok([...truth.values()].some((v) => v && v.currency === 'USD' && v.exponent === 3));
  } finally {
    await sim.close();
  }
});
