import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError } from '../../main/core/errors.ts';
import { etsyProfileAt } from '../../main/core/providers/etsy.ts';
import { etsyOrderAdapter, normalizeEtsyReceipt, parseEtsyPageToken } from '../../main/sync/adapters/etsy-orders.ts';
import { startEtsySimulator, type EtsyReceipt, type EtsySimulator, type EtsySimulatorOptions } from '../simulators/etsy/index.ts';
import { adapterContext, connect, syncAll, type TestContext } from '../simulators/square/harness.ts';

async function withEtsy(
  opts: EtsySimulatorOptions,
  fn: (sim: EtsySimulator, ctx: (fields?: Record<string, string>, secret?: string) => TestContext) => Promise<void>,
): Promise<void> {
  const sim = await startEtsySimulator(opts);
  try {
    const profile = etsyProfileAt(sim.baseUrl);
    const token = String((await connect(profile, sim, sim.keystring, sim.redirectUri)).access_token);
    await fn(sim, (fields = {}, secret = sim.sharedSecret) =>
      adapterContext(profile, token, { fields: { keystring: sim.keystring, ...fields }, secrets: { sharedSecret: secret } }),
    );
  } finally {
    await sim.close();
  }
}

/** Independent expectation: amount * 10^exponent / divisor, in BigInt. */
function expectedMinor(r: EtsyReceipt): number {
  const exp = { USD: 2, EUR: 2, JPY: 0 }[r.grandtotal.currency_code]!;
  return Number((BigInt(r.grandtotal.amount) * 10n ** BigInt(exp)) / BigInt(r.grandtotal.divisor));
}

test('fetches every receipt once over several pages through 429 and 503; shop id from users/me (security.md #36)', async () => {
  await withEtsy({ orderCount: 230, rateLimitEvery: 3, failEvery: 5, retryAfterSec: 2 }, async (sim, ctx) => {
    const c = ctx();
    const run = await syncAll(etsyOrderAdapter, c);
    const ids = run.orders.map((o) => o.platformId);
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual(new Set(ids), new Set(sim.orderSnapshot().map((r) => String(r.receipt_id))));
    assert.ok(run.rateLimits.length > 0 && run.rateLimits.every((ms) => ms === 2000));
    assert.ok(run.transients > 0);
    assert.ok(run.pages.length >= 2);
    assert.equal(sim.stats().meCalls > 0, true);
    assert.equal(parseEtsyPageToken(run.pages[0]!).shopId, String(sim.shopId));
    const q = sim.stats().lastReceiptsQuery!;
    assert.equal(q.sort_on, 'updated');
    assert.equal(q.sort_order, 'asc');
    assert.equal(q.limit, '100');
    assert.ok(
      c.calls.every((r) => !r.url.includes(sim.sharedSecret)),
      'the adapter never sees or sends the secret itself',
    );
  });
});

test('a shopId field skips users/me; a resumed page token continues without loss (security.md #35)', async () => {
  await withEtsy({ orderCount: 250 }, async (sim, ctx) => {
    const first = await syncAll(etsyOrderAdapter, ctx({ shopId: String(sim.shopId) }), { stopAfterPages: 1 });
    assert.equal(sim.stats().meCalls, 0);
    const rest = await syncAll(etsyOrderAdapter, ctx({ shopId: String(sim.shopId) }), { page: first.pages[0]! });
    const ids = [...first.orders, ...rest.orders].map((o) => o.platformId);
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(ids.length, 250);
  });
});

test('receipts updated while a run pages through do not push others out of reach', async () => {
  await withEtsy({ orderCount: 260 }, async (sim, ctx) => {
    const before = new Set(sim.orderSnapshot().map((r) => String(r.receipt_id)));
    const run = await syncAll(etsyOrderAdapter, ctx(), { onPage: (n) => (n === 1 ? void sim.touchOrders(40) : undefined) });
    const got = new Set(run.orders.map((o) => o.platformId));
    for (const id of before) assert.ok(got.has(id), `receipt ${id} was skipped`);
  });
});

test('incremental run after touchOrders returns the touched receipts, even 150 sharing one second (> one page)', async () => {
  await withEtsy({ orderCount: 220 }, async (sim, ctx) => {
    const c = ctx();
    const full = await syncAll(etsyOrderAdapter, c);
    const since = new Date(Math.max(...full.orders.map((o) => o.updatedAt))).toISOString();
    const touched = sim.touchOrders(150).map(String);
    const added = sim.addOrders(2).map(String);
    const inc = await syncAll(etsyOrderAdapter, c, { updatedSince: since });
    const got = new Set(inc.orders.map((o) => o.platformId));
    for (const id of [...touched, ...added]) assert.ok(got.has(id), `missing ${id}`);
    assert.ok(inc.orders.every((o) => o.updatedAt >= Date.parse(since)));
    assert.equal(new Set(inc.orders.map((o) => o.platformId)).size, inc.orders.length, 'no duplicates across the tie');
  });
});

test('money is exact for USD/100, EUR/100, JPY/1, USD/1000 and JPY/100', async () => {
  const money = [
    { currency: 'USD', divisor: 100 },
    { currency: 'EUR', divisor: 100 },
    { currency: 'JPY', divisor: 1 },
    { currency: 'USD', divisor: 1000 },
    { currency: 'JPY', divisor: 100 },
  ];
  await withEtsy({ orderCount: 60, money }, async (sim, ctx) => {
    const run = await syncAll(etsyOrderAdapter, ctx());
    const snap = new Map(sim.orderSnapshot().map((r) => [String(r.receipt_id), r]));
    const styles = new Set<string>();
    for (const o of run.orders) {
      const r = snap.get(o.platformId)!;
      assert.equal(o.totalMinor, expectedMinor(r), `${r.grandtotal.amount}/${r.grandtotal.divisor} ${r.grandtotal.currency_code}`);
      assert.equal(o.currency, r.grandtotal.currency_code);
      assert.equal(
        o.itemCount,
        r.transactions.reduce((n, t) => n + t.quantity, 0),
      );
      styles.add(`${o.currency}/${r.grandtotal.divisor}`);
    }
    assert.equal(styles.size, 5);
  });
});

test('normalizeEtsyReceipt: amount/divisor exact at its own exponent, both timestamp spellings, refunds; unreadable money needs attention', () => {
  const r = {
    receipt_id: 7,
    status: 'Paid',
    is_paid: true,
    create_timestamp: 1_700_000_000,
    update_timestamp: 1_700_000_100,
    grandtotal: { amount: 12340, divisor: 1000, currency_code: 'USD' },
    transactions: [{ quantity: 2 }, { quantity: 1 }],
  };
  assert.deepEqual(normalizeEtsyReceipt(r), {
    platformId: '7',
    orderNumber: '7',
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_100_000,
    status: 'paid',
    financialStatus: 'paid',
    financialStatusRaw: 'Paid',
    cancelled: false,
    test: false,
    currency: 'USD',
    totalMinor: 1234,
    totalExponent: 2,
    itemCount: 3,
  });
  // ShopReceipt figures: total_price (gross), total_shipping_cost, total_tax_cost + total_vat_cost, dated refunds
  const m = (amount: number, divisor = 100) => ({ amount, divisor, currency_code: 'USD' });
  const figures = normalizeEtsyReceipt({
    ...r,
    total_price: m(1000),
    total_shipping_cost: m(134),
    total_tax_cost: m(50),
    total_vat_cost: m(505, 1000),
    refunds: [{ amount: m(300), created_timestamp: 1_700_086_400, reason: 'x', note_from_issuer: '', status: 'Processed' }],
  });
  assert.deepEqual(
    [figures.totalExponent, figures.totalMinor, figures.grossMinor, figures.shippingMinor, figures.taxMinor, figures.discountsMinor, figures.refunds],
    [3, 12340, 10000, 1340, 1005, undefined, [{ id: '0:1700086400', at: 1_700_086_400_000, amountMinor: 3000 }]],
  );
  assert.equal(normalizeEtsyReceipt({ ...r, grandtotal: { amount: 1999, divisor: 100, currency_code: 'EUR' } }).totalMinor, 1999);
  assert.equal(normalizeEtsyReceipt({ ...r, grandtotal: { amount: 1500, divisor: 1, currency_code: 'JPY' } }).totalMinor, 1500);
  assert.equal(normalizeEtsyReceipt({ ...r, grandtotal: { amount: 150000, divisor: 100, currency_code: 'JPY' } }).totalMinor, 1500);
  assert.equal(normalizeEtsyReceipt({ ...r, status: 'fully refunded' }).financialStatus, 'refunded');
  // a fraction of a cent is kept exactly, at exponent 3 (issue 8: never rejected, never rounded)
  const extra = normalizeEtsyReceipt({ ...r, grandtotal: { amount: 12345, divisor: 1000, currency_code: 'USD' } });
  assert.deepEqual([extra.totalMinor, extra.totalExponent, extra.attention], [12345, 3, undefined]);
  for (const grandtotal of [{ amount: 12.5, divisor: 100, currency_code: 'USD' }, undefined, { amount: 100, divisor: 100, currency_code: 'US$' }]) {
    const o = normalizeEtsyReceipt({ ...r, grandtotal });
    assert.ok(o.attention, JSON.stringify(grandtotal));
    assert.equal(o.totalMinor, 0);
    assert.equal(o.platformId, '7', 'the receipt is kept');
    assert.equal(o.attention.raw, JSON.stringify({ grandtotal }), 'with its raw money values');
  }
  assert.throws(
    () => normalizeEtsyReceipt({ ...r, receipt_id: undefined }),
    (e: { code?: string }) => e.code === 'bad_response',
  );
});

test('x-remaining-this-second 0 asks the engine to wait a second (security.md #36)', async () => {
  await withEtsy({ orderCount: 10, perSecond: 1 }, async (sim, ctx) => {
    const page = await etsyOrderAdapter.fetchPage(ctx({ shopId: String(sim.shopId) }), {});
    assert.equal(page.orders.length, 10);
    assert.equal(page.waitBeforeNextMs, 1000);
  });
});

test('a wrong shared secret is a configuration error (invalid_client) that never shows the secret', async () => {
  await withEtsy({ orderCount: 3 }, async (_sim, ctx) => {
    const err = await etsyOrderAdapter.fetchPage(ctx({}, 'wrong-secret-123'), {}).catch((e: unknown) => e);
    assert.ok(err instanceof ApiError);
    assert.equal(err.code, 'invalid_client');
    assert.ok(!err.message.includes('wrong-secret-123'));
  });
});

test('after revokeAll (password change) the adapter reports unauthorized (security.md #14)', async () => {
  await withEtsy({ orderCount: 3 }, async (sim, ctx) => {
    sim.revokeAll();
    await assert.rejects(etsyOrderAdapter.fetchPage(ctx(), {}), (e: unknown) => e instanceof ApiError && e.code === 'unauthorized' && e.status === 401);
  });
});
