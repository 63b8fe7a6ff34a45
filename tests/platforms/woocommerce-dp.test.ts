/**
 * WooCommerce's `dp` parameter and paid dates, held to the REST API docs (woocommerce/woocommerce-rest-api-docs,
 * wp-api-v3 _orders.md "List all orders": "dp — Number of decimal points to use in each resource. Default is 2."):
 * money is rounded to dp decimals whatever the currency. Without `dp`, a KWD store answers "12.35" for 12.345
 * and totals were wrong for BHD, IQD, JOD, KWD, LYD, OMR, TND. The adapter reads the store's "Number of
 * decimals" (_setting-options.md, woocommerce_price_num_decimals) and sends dp = max(4, it).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WOO_DECIMAL_POINTS, normalizeWooOrder, woocommerceOrderAdapter, wooOrdersUrl } from '../../main/sync/adapters/woocommerce-orders.ts';
import { basicAuth, byId, fetchAllPages, makeContext } from '../simulators/shopify/adapter-driver.ts';
import { roundToDp } from '../simulators/woocommerce/order-json.ts';
import { startWooSimulator, type WooSimulator } from '../simulators/woocommerce/server.ts';

const ctxFor = (sim: WooSimulator) =>
  makeContext({ apiBase: `${sim.baseUrl}/`, credentialHeaders: basicAuth(sim.consumerKey, sim.consumerSecret), fields: { storeUrl: sim.baseUrl } });
const dpOf = (line: string) => new URLSearchParams(line.split('?')[1]).get('dp');

test('simulator: money is rounded to dp (default 2) whatever the currency; a bad dp is refused with rest_invalid_param', async () => {
  const sim = await startWooSimulator({ count: 20, currencies: ['KWD'] });
  try {
    const auth = basicAuth(sim.consumerKey, sim.consumerSecret);
    const list = async (extra: string) =>
      (await fetch(`${sim.baseUrl}/wp-json/wc/v3/orders?per_page=100${extra}`, { headers: auth })).json() as Promise<Array<{ id: number; total: string }>>;
    const exact = new Map(sim.orderSnapshot().map((o) => [o.platformId, o.totalMinor]));
    const byDefault = await list('');
    assert.ok(
      byDefault.every((o) => /^\d+\.\d{2}$/.test(o.total)),
      'two decimals by default',
    );
    for (const o of byDefault) assert.equal(o.total, roundToDp(exact.get(String(o.id))!, 3, 2));
    assert.ok(
      byDefault.some((o) => exact.get(String(o.id))! % 10 !== 0),
      'some KWD totals lose their third decimal at dp=2',
    );
    const three = await list('&dp=3');
    for (const o of three) assert.equal(Math.round(Number(o.total) * 1000), exact.get(String(o.id)));
    const bad = await fetch(`${sim.baseUrl}/wp-json/wc/v3/orders?dp=two`, { headers: auth });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { code: string }).code, 'rest_invalid_param');
  } finally {
    await sim.close();
  }
});

test('roundToDp rounds half away from zero like wc_format_decimal', () => {
  assert.equal(roundToDp(12345, 3, 2), '12.35');
  assert.equal(roundToDp(12344, 3, 2), '12.34');
  assert.equal(roundToDp(-12345, 3, 2), '-12.35');
  assert.equal(roundToDp(1234, 2, 4), '12.3400');
});

test('simulator: the "Number of decimals" setting option as documented; 403 for a key that may not read settings', async () => {
  const sim = await startWooSimulator({ count: 1, decimals: 3 });
  const forbidden = await startWooSimulator({ count: 1, settingsForbidden: true });
  try {
    const path = '/wp-json/wc/v3/settings/general/woocommerce_price_num_decimals';
    const ok = await fetch(`${sim.baseUrl}${path}`, { headers: basicAuth(sim.consumerKey, sim.consumerSecret) });
    assert.equal(ok.status, 200);
    const option = (await ok.json()) as { id: string; label: string; type: string; value: string };
    assert.deepEqual([option.id, option.label, option.type, option.value], ['woocommerce_price_num_decimals', 'Number of decimals', 'number', '3']);
    assert.equal((await fetch(`${sim.baseUrl}${path}`)).status, 401, 'no key, no settings');
    const no = await fetch(`${forbidden.baseUrl}${path}`, { headers: basicAuth(forbidden.consumerKey, forbidden.consumerSecret) });
    assert.equal(no.status, 403);
    assert.equal(((await no.json()) as { code: string }).code, 'woocommerce_rest_cannot_view');
  } finally {
    await sim.close();
    await forbidden.close();
  }
});

test('the adapter sends dp = max(4, the store decimals): KWD/BHD/JOD/OMR/TND/IQD/LYD totals arrive exact', async () => {
  assert.equal(WOO_DECIMAL_POINTS, 4);
  for (const [decimals, dp] of [
    [undefined, '4'],
    [3, '4'],
    [6, '6'],
  ] as const) {
    const sim = await startWooSimulator({
      count: 120,
      currencies: ['KWD', 'BHD', 'JOD', 'OMR', 'TND', 'IQD', 'LYD', 'JPY', 'USD'],
      decimals,
      extraDigits: true,
    });
    try {
      const run = await fetchAllPages(woocommerceOrderAdapter, ctxFor(sim));
      const orderLines = sim.stats().requestLines.filter((l) => l.includes('/wc/v3/orders?'));
      assert.ok(orderLines.length > 0 && orderLines.every((l) => dpOf(l) === dp), `dp=${dp} for decimals ${decimals}`);
      const got = byId(run.orders);
      for (const s of sim.orderSnapshot()) {
        const o = got.get(s.platformId)!;
        // the same value: totalMinor / 10^totalExponent === store minor / 10^store exponent, compared as integers
        const e = Math.max(o.totalExponent!, s.exponent);
        assert.equal(BigInt(o.totalMinor) * 10n ** BigInt(e - o.totalExponent!), BigInt(s.totalMinor) * 10n ** BigInt(e - s.exponent), s.platformId);
      }
    } finally {
      await sim.close();
    }
  }
});

test('a key that may not read settings: dp 4, the run says why, and the orders still sync', async () => {
  const sim = await startWooSimulator({ count: 30, currencies: ['KWD'], settingsForbidden: true });
  try {
    const run = await fetchAllPages(woocommerceOrderAdapter, ctxFor(sim));
    assert.equal(run.orders.length, 30);
    assert.match(run.pages[0]!.warnings?.join(' ') ?? '', /Number of decimals/);
    assert.ok(
      sim
        .stats()
        .requestLines.filter((l) => l.includes('/wc/v3/orders?'))
        .every((l) => dpOf(l) === '4'),
    );
  } finally {
    await sim.close();
  }
});

test('paid: date_paid_gmt, else date_paid, else a status WooCommerce counts as paid (docs example #723: completed, both null)', async () => {
  // Field values of the docs' "List all orders" example order #723 (wp-api-v3 _orders.md).
  const example723 = {
    id: 723,
    number: '723',
    status: 'completed',
    currency: 'USD',
    date_created_gmt: '2017-03-21T19:16:00',
    date_modified_gmt: '2017-03-21T19:54:51',
    total: '39.00',
    date_paid: null,
    date_paid_gmt: null,
    line_items: [{ quantity: 2 }, { quantity: 1 }],
  };
  const n = normalizeWooOrder(example723);
  assert.equal(n.financialStatus, 'paid');
  assert.equal(n.totalMinor, 3900);
  assert.equal(n.totalExponent, 2);
  assert.equal(n.createdAt, Date.UTC(2017, 2, 21, 19, 16, 0));
  assert.equal(normalizeWooOrder({ ...example723, status: 'pending' }).financialStatus, 'unpaid');
  assert.equal(normalizeWooOrder({ ...example723, status: 'on-hold', date_paid: '2017-03-21T16:20:00' }).financialStatus, 'paid');

  const sim = await startWooSimulator({ count: 40, paidGmtMissingEvery: 2 });
  try {
    const url = `${sim.baseUrl}/${wooOrdersUrl({ route: 'pretty', page: 1 })}`;
    const raw = (await (await fetch(url, { headers: basicAuth(sim.consumerKey, sim.consumerSecret) })).json()) as Array<{
      status: string;
      date_paid: string | null;
      date_paid_gmt: string | null;
    }>;
    const gmtMissing = raw.filter((o) => o.date_paid !== null && o.date_paid_gmt === null);
    assert.ok(gmtMissing.length > 0, 'the simulator serves the case');
    for (const o of gmtMissing) assert.equal(normalizeWooOrder(o).financialStatus, o.status === 'refunded' ? 'refunded' : 'paid', JSON.stringify(o));
  } finally {
    await sim.close();
  }
});
