/**
 * The Etsy simulator and the Etsy adapter held to Etsy's Open API v3 spec (tests/helpers/etsy-oas.ts says
 * which copies were read and cites each property): every getMe and getShopReceipts body the simulator
 * serves, and every refusal body, must be valid under the spec's schemas (field names, types, nullable,
 * minimums, enums, required); the adapter's receipts requests use only the operation's documented
 * parameters. Then one receipt with every ShopReceipt property goes through the full app into SQLite and
 * its stored figures are asserted exactly.
 *
 * Etsy publishes no example receipt: its spec's schemas carry no `example` values (the official 2021
 * file has none; the `example`s in the 2026 mirror are the mirror's own placeholders), and the reference
 * page renders samples from the types. So the receipt below is ours, shaped by the spec and consistent
 * with its documented relations (ShopReceipt.subtotal = total_price minus coupon discounts;
 * ShopReceipt.grandtotal = total_price minus the coupon discount plus tax and shipping costs;
 * ShopReceipt.total_price = the sum of the listings' price x quantity).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { etsyProfileAt } from '../../main/core/providers/etsy.ts';
import { etsyOrderAdapter } from '../../main/sync/adapters/etsy-orders.ts';
import type { AdapterContext } from '../../main/sync/order-adapter.ts';
import { ETSY_RECEIPTS_QUERY_PARAMS, assertEtsyValid, etsyProblems } from '../helpers/etsy-oas.ts';
import { startEtsySimulator, type EtsyReceipt } from '../simulators/etsy/index.ts';
import { adapterContext, connect, syncAll } from '../simulators/square/harness.ts';
import { connectViaBrowser, forwardToLoopback, makeApp, storedOrders } from './app-fixture.ts';

const usd = (amount: number) => ({ amount, divisor: 100, currency_code: 'USD' });

test('the validator itself refuses what the spec refuses', () => {
  assert.deepEqual(etsyProblems('Money', usd(100)), []);
  assert.deepEqual(etsyProblems('Money', { amount: '1.00', divisor: 100, currency_code: 'USD' }), ['Money.amount: not an integer']);
  assert.deepEqual(etsyProblems('Money', { amount: 100, divisor: -1, currency_code: 'USD' }), ['Money.divisor: below the minimum 0']);
  assert.deepEqual(etsyProblems('Money', { amount: 100, divisor: 100 }), ['Money.currency_code: required']);
  assert.deepEqual(etsyProblems('Money', { ...usd(1), currency: 'USD' }), ['Money.currency: not a Money property']);
  assert.deepEqual(etsyProblems('Self', { user_id: 0, shop_id: 5 }), ['Self.user_id: below the minimum 1']);
  assert.deepEqual(etsyProblems('ShopRefund', { amount: usd(5), created_timestamp: 946_684_799 }), [
    'ShopRefund.created_timestamp: below the minimum 946684800',
  ]);
  assert.deepEqual(etsyProblems('ShopRefund', { amount: usd(5), created_timestamp: 946_684_800, reason: null }), [], 'reason is nullable');
  assert.deepEqual(etsyProblems('ErrorSchema', { error: 'x' }), []);
  const receipt = exampleReceipt(31_000_001, 51_000_001);
  assert.deepEqual(etsyProblems('ShopReceipt', receipt), []);
  assert.deepEqual(etsyProblems('ShopReceipt', { ...receipt, status: 'refunded' }), ['ShopReceipt.status: "refunded" is not one of the enum']);
  assert.deepEqual(etsyProblems('ShopReceipt', { ...receipt, name: null }), ['ShopReceipt.name: null, but not nullable']);
  assert.deepEqual(etsyProblems('ShopReceipt', { ...receipt, is_paid: 'true' }), ['ShopReceipt.is_paid: not a boolean']);
  const { shipments: _dropped, ...noShipments } = receipt;
  assert.deepEqual(etsyProblems('ShopReceipt', noShipments), ['ShopReceipt.shipments: required']);
  assert.deepEqual(etsyProblems('ShopReceipts', { count: 1, results: [{ ...receipt, refunds: [{ amount: 5 }] }] }), [
    'ShopReceipts.results[0].refunds[0].amount: not an object',
  ]);
});

test('getMe, every getShopReceipts page and every refusal of the simulator are valid per the spec; the adapter sends only documented parameters', async (t) => {
  const sim = await startEtsySimulator({ orderCount: 260 });
  t.after(() => sim.close());
  const profile = etsyProfileAt(sim.baseUrl);
  const token = String((await connect(profile, sim, sim.keystring, sim.redirectUri)).access_token);
  const inner = adapterContext(profile, token, { fields: { keystring: sim.keystring }, secrets: { sharedSecret: sim.sharedSecret } });
  const exchanges: Array<{ url: string; status: number; body: unknown }> = [];
  const ctx: AdapterContext = {
    ...inner,
    async request(req) {
      const res = await inner.request(req);
      exchanges.push({ url: req.url, status: res.status, body: JSON.parse(res.body) });
      return res;
    },
  };
  const full = await syncAll(etsyOrderAdapter, ctx);
  assert.equal(full.orders.length, 260);
  sim.touchOrders(9);
  sim.addOrders(4);
  const since = new Date(Math.max(...full.orders.map((o) => o.updatedAt))).toISOString();
  await syncAll(etsyOrderAdapter, ctx, { updatedSince: since });

  const me = exchanges.filter((e) => e.url === '/v3/application/users/me');
  const pages = exchanges.filter((e) => e.url.startsWith(`/v3/application/shops/${sim.shopId}/receipts?`));
  assert.equal(me.length, 2, 'getMe once per run');
  assert.ok(pages.length >= 4, 'several receipts pages');
  assert.equal(me.length + pages.length, exchanges.length);
  for (const e of me) {
    assert.equal(e.status, 200);
    assertEtsyValid('Self', e.body, 'getMe');
  }
  let receipts = 0;
  for (const e of pages) {
    assert.equal(e.status, 200);
    assertEtsyValid('ShopReceipts', e.body, `getShopReceipts ${e.url}`);
    receipts += (e.body as { results: unknown[] }).results.length;
    for (const name of new URL(e.url, sim.baseUrl).searchParams.keys()) {
      assert.ok(ETSY_RECEIPTS_QUERY_PARAMS.includes(name), `the adapter sent the undocumented parameter ${name}`);
    }
  }
  assert.ok(receipts >= 273, 'every receipt was checked at least once');
  // The refusals the adapter can meet carry the spec's ErrorSchema body.
  const get = async (path: string, headers: Record<string, string>) => {
    const res = await fetch(`${sim.baseUrl}${path}`, { headers });
    return { status: res.status, body: await res.json() };
  };
  const key = `${sim.keystring}:${sim.sharedSecret}`;
  const base = `/v3/application/shops/${sim.shopId}/receipts`;
  for (const [what, path, headers, status] of [
    ['no shared secret', base, { authorization: `Bearer ${token}`, 'x-api-key': sim.keystring }, 403],
    ['limit 101', `${base}?limit=101`, { authorization: `Bearer ${token}`, 'x-api-key': key }, 400],
    ['another shop', `/v3/application/shops/${sim.shopId + 1}/receipts`, { authorization: `Bearer ${token}`, 'x-api-key': key }, 403],
    ['unknown path', '/v3/application/nope', { authorization: `Bearer ${token}`, 'x-api-key': key }, 404],
  ] as const) {
    const r = await get(path, headers);
    assert.equal(r.status, status, what);
    assertEtsyValid('ErrorSchema', r.body, `the "${what}" refusal`);
  }
});

/** One receipt with every ShopReceipt property (values ours: Etsy publishes none; see the header). */
function exampleReceipt(userId: number, receiptId: number): EtsyReceipt {
  const created = 1_767_225_600; // 2026-01-01T00:00:00Z
  const updated = created + 3 * 86_400;
  const lines = [
    { unit: 1250, quantity: 2 },
    { unit: 2000, quantity: 1 },
  ];
  return {
    receipt_id: receiptId,
    receipt_type: 0,
    seller_user_id: userId,
    seller_email: null,
    buyer_user_id: 71_000_001,
    buyer_email: null,
    name: 'A Buyer',
    first_line: '1 Example Road',
    second_line: null,
    city: 'Exampleton',
    state: 'CA',
    zip: '90000',
    formatted_address: 'A Buyer\n1 Example Road\nExampleton, CA 90000',
    country_iso: 'US',
    payment_method: 'cc',
    payment_email: null,
    message_from_seller: null,
    message_from_buyer: 'Gift wrap please',
    message_from_payment: null,
    status: 'partially refunded',
    is_paid: true,
    is_shipped: true,
    create_timestamp: created,
    created_timestamp: created,
    update_timestamp: updated,
    updated_timestamp: updated,
    is_gift: false,
    gift_message: '',
    gift_sender: '',
    total_price: usd(4500), // 2 x 12.50 + 1 x 20.00
    discount_amt: usd(450), // a 10% shop coupon
    subtotal: usd(4050), // total_price - discount_amt
    total_shipping_cost: usd(599),
    total_tax_cost: usd(324),
    total_vat_cost: usd(0),
    grandtotal: usd(4973), // 4500 - 450 + 324 + 599
    gift_wrap_price: usd(0),
    shipments: [{ receipt_shipping_id: 9_000_001, shipment_notification_timestamp: created + 86_400, carrier_name: 'usps', tracking_code: 'EXAMPLE1' }],
    transactions: lines.map((l, j) => ({
      transaction_id: receiptId * 10 + j,
      title: `Listing ${j + 1}`,
      seller_user_id: userId,
      buyer_user_id: 71_000_001,
      create_timestamp: created,
      created_timestamp: created,
      quantity: l.quantity,
      receipt_id: receiptId,
      price: usd(l.unit),
      shipping_cost: usd(0),
    })),
    refunds: [{ amount: usd(1250), created_timestamp: created + 2 * 86_400, reason: null, note_from_issuer: null, status: 'Processed' }],
  };
}

test('a receipt with every ShopReceipt property goes through the full app into SQLite: figures exact', async (t) => {
  const sim = await startEtsySimulator({ orderCount: 3 });
  t.after(() => sim.close());
  const receipt = exampleReceipt(sim.userId, 3_100_000_001);
  assertEtsyValid('ShopReceipt', receipt);
  sim.addReceipt(receipt);
  const fx = await makeApp({
    profiles: [etsyProfileAt(sim.baseUrl)],
    browser: async (url) => forwardToLoopback(await sim.approve(url)).callbackUrl,
  });
  t.after(() => fx.app.close());
  const id = await connectViaBrowser(fx, {
    providerId: 'etsy',
    fields: { keystring: sim.keystring, sharedSecret: sim.sharedSecret, forwarderUrl: sim.redirectUri },
  });
  const [run] = await fx.app.syncService.syncNow(id);
  assert.equal(run?.result, 'ok', JSON.stringify(run));
  const row = storedOrders(fx.app, id).find((r) => r.platformId === '3100000001');
  assert.ok(row, 'the receipt is stored');
  assert.deepEqual(
    {
      currency: row.currency,
      exponent: row.exponent,
      totalMinor: row.totalMinor,
      grossMinor: row.grossMinor,
      shippingMinor: row.shippingMinor,
      taxMinor: row.taxMinor,
      refundedMinor: row.refundedMinor,
      discountsMinor: row.discountsMinor,
      itemCount: row.itemCount,
      financialStatus: row.financialStatus,
      financialStatusRaw: row.financialStatusRaw,
      cancelled: row.cancelled,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      needsAttention: row.needsAttention,
    },
    {
      currency: 'USD',
      exponent: 2,
      totalMinor: 4973, // grandtotal
      grossMinor: 4500, // total_price
      shippingMinor: 599, // total_shipping_cost
      taxMinor: 324, // total_tax_cost + total_vat_cost
      refundedMinor: 1250, // refunds[].amount
      discountsMinor: undefined, // not available from Etsy (docs/figures.md)
      itemCount: 3, // transactions[].quantity
      financialStatus: 'partially_refunded',
      financialStatusRaw: 'partially refunded',
      cancelled: false,
      createdAt: 1_767_225_600_000,
      updatedAt: 1_767_225_600_000 + 3 * 86_400_000,
      needsAttention: undefined,
    },
  );
  assert.ok(row.unavailableFigures?.includes('discountsMinor'), JSON.stringify(row.unavailableFigures));
  // The refund counts on its own day, as returns.
  const day = Date.UTC(2026, 0, 3);
  const refundDay = fx.app.syncService.ordersSummary({ connectionId: id, fromMs: day, toMs: day + 86_400_000 });
  assert.equal(refundDay.byCurrency.find((c) => c.currency === 'USD')?.returnsMinor, -1250);
});
