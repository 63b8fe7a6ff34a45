/**
 * WooCommerce's `dp` parameter, held to the REST API docs (woocommerce/woocommerce-rest-api-docs,
 * wp-api-v3 "List all orders": "dp — Number of decimal points to use in each resource. Default is 2."):
 * money is rounded to dp decimals whatever the currency. Without `dp`, a KWD store answers "12.35"
 * for 12.345 and totals were wrong for BHD, IQD, JOD, KWD, LYD, OMR, TND; the adapter sends dp=4.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WOO_DECIMAL_POINTS, normalizeWooOrder, wooOrdersUrl } from '../../main/sync/adapters/woocommerce-orders.ts';
import { roundToDp } from '../simulators/woocommerce/order-json.ts';
import { startWooSimulator } from '../simulators/woocommerce/server.ts';

test('simulator: money is rounded to dp (default 2) whatever the currency; a bad dp is refused with rest_invalid_param', async () => {
  const sim = await startWooSimulator({ count: 20, currencies: ['KWD'] });
  try {
    const auth = { authorization: `Basic ${Buffer.from(`${sim.consumerKey}:${sim.consumerSecret}`).toString('base64')}` };
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

test('the adapter asks for dp = the largest ISO 4217 exponent (4)', () => {
  assert.equal(WOO_DECIMAL_POINTS, 4);
  assert.equal(new URLSearchParams(wooOrdersUrl({ v: 1, route: 'pretty', page: 1 }).split('?')[1]).get('dp'), '4');
});

test('a completed order with date_paid set and date_paid_gmt null (docs example #723) counts as paid', async () => {
  const sim = await startWooSimulator({ count: 40, paidGmtMissingEvery: 2 });
  try {
    const auth = { authorization: `Basic ${Buffer.from(`${sim.consumerKey}:${sim.consumerSecret}`).toString('base64')}` };
    const url = `${sim.baseUrl}/${wooOrdersUrl({ v: 1, route: 'pretty', page: 1 })}`;
    const raw = (await (await fetch(url, { headers: auth })).json()) as Array<{ status: string; date_paid: string | null; date_paid_gmt: string | null }>;
    const gmtMissing = raw.filter((o) => o.date_paid !== null && o.date_paid_gmt === null);
    assert.ok(gmtMissing.length > 0, 'the simulator serves the docs case');
    for (const o of gmtMissing) {
      const n = normalizeWooOrder(o);
      assert.equal(n.financialStatus, o.status === 'refunded' ? 'refunded' : 'paid', JSON.stringify(o));
    }
  } finally {
    await sim.close();
  }
});
