import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError } from '../../main/core/errors.ts';
import { squareProfileAt } from '../../main/core/providers/square.ts';
import { normalizeSquareOrder, parseSquarePageToken, squareOrderAdapter } from '../../main/sync/adapters/square-orders.ts';
import { startSquareSimulator, type SquareOrder, type SquareSimulator, type SquareSimulatorOptions } from '../simulators/square/index.ts';
import { adapterContext, connect, syncAll } from '../simulators/square/harness.ts';

async function withSquare(opts: SquareSimulatorOptions, fn: (sim: SquareSimulator, token: string) => Promise<void>): Promise<void> {
  const sim = await startSquareSimulator(opts);
  try {
    const t = await connect(squareProfileAt(sim.baseUrl), sim, sim.clientId, sim.redirectUri);
    await fn(sim, String(t.access_token));
  } finally {
    await sim.close();
  }
}

function expectedItems(o: SquareOrder): number {
  return (o.line_items ?? []).reduce((n, li) => n + (Number.isInteger(Number(li.quantity)) ? Number(li.quantity) : 1), 0);
}

test('fetches every order once across 12 locations (2 batches of 10) and several pages, through 429 and 503 (security.md #36)', async () => {
  await withSquare({ orderCount: 1300, locationCount: 12, rateLimitEvery: 3, failEvery: 5, retryAfterSec: 2 }, async (sim, token) => {
    const ctx = adapterContext(squareProfileAt(sim.baseUrl), token);
    const run = await syncAll(squareOrderAdapter, ctx);
    const ids = run.orders.map((o) => o.platformId);
    assert.equal(new Set(ids).size, ids.length, 'no duplicates');
    assert.deepEqual(new Set(ids), new Set(sim.orderSnapshot().map((o) => o.id)));
    assert.ok(run.rateLimits.length > 0 && run.rateLimits.every((ms) => ms === 2000), 'Retry-After honoured');
    assert.ok(run.transients > 0);
    const batches = ctx.calls.filter((c) => c.url === '/v2/orders/search').map((c) => JSON.parse(c.body!).location_ids.length);
    assert.ok(batches.every((n) => n >= 1 && n <= 10));
    assert.ok(batches.includes(2), 'the second batch holds the last 2 locations');
    assert.ok(
      run.pages.some((p) => parseSquarePageToken(p).cursor !== undefined),
      'followed cursors',
    );
    assert.match(String(sim.stats().lastSquareVersion), /^\d{4}-\d{2}-\d{2}$/);
  });
});

test('a saved page token resumes after a crash with the identical query the cursor is bound to (security.md #35)', async () => {
  await withSquare({ orderCount: 1200, locationCount: 2 }, async (sim, token) => {
    const profile = squareProfileAt(sim.baseUrl);
    const first = await syncAll(squareOrderAdapter, adapterContext(profile, token), { updatedSince: '2024-12-01T00:00:00.000Z', stopAfterPages: 1 });
    const saved = first.pages.at(-1)!;
    const parsed = parseSquarePageToken(saved);
    assert.ok(parsed.cursor);
    assert.equal(parsed.query.filter?.date_time_filter.updated_at.start_at, '2024-12-01T00:00:00.000Z');
    assert.equal(parsed.query.sort.sort_field, 'UPDATED_AT');
    // A new process: nothing but the saved string.
    const rest = await syncAll(squareOrderAdapter, adapterContext(profile, token), { updatedSince: '2024-12-01T00:00:00.000Z', page: String(saved) });
    const ids = [...first.orders, ...rest.orders].map((o) => o.platformId);
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(ids.length, sim.orderSnapshot().length);
  });
});

test('a cursor Square no longer knows restarts its batch instead of failing', async () => {
  await withSquare({ orderCount: 30, locationCount: 2 }, async (sim, token) => {
    const ctx = adapterContext(squareProfileAt(sim.baseUrl), token);
    const stale = JSON.stringify({
      v: 1,
      locationIds: sim.locations().map((l) => l.id),
      batch: 0,
      query: { sort: { sort_field: 'UPDATED_AT', sort_order: 'ASC' } },
      cursor: 'gone',
    });
    const run = await syncAll(squareOrderAdapter, ctx, { page: stale });
    assert.equal(run.orders.length, 30);
  });
});

test('incremental run after touchOrders/addOrders returns the changed orders, all updated since the checkpoint', async () => {
  await withSquare({ orderCount: 200 }, async (sim, token) => {
    const ctx = adapterContext(squareProfileAt(sim.baseUrl), token);
    const full = await syncAll(squareOrderAdapter, ctx);
    const since = new Date(Math.max(...full.orders.map((o) => o.updatedAt))).toISOString();
    const touched = sim.touchOrders(7);
    const added = sim.addOrders(3);
    const inc = await syncAll(squareOrderAdapter, ctx, { updatedSince: since });
    const got = new Set(inc.orders.map((o) => o.platformId));
    for (const id of [...touched, ...added]) assert.ok(got.has(id), `missing ${id}`);
    assert.ok(inc.orders.every((o) => o.updatedAt >= Date.parse(since)));
    assert.ok(inc.orders.length <= 12, `only changed orders (+ the boundary), got ${inc.orders.length}`);
    const snap = new Map(sim.orderSnapshot().map((o) => [o.id, o]));
    for (const o of inc.orders) assert.equal(o.updatedAt, Date.parse(snap.get(o.platformId)!.updated_at));
  });
});

test('money is exact per currency (USD, JPY, EUR) and item counts follow the quantities', async () => {
  await withSquare({ orderCount: 150, currencies: ['USD', 'JPY', 'EUR'] }, async (sim, token) => {
    const run = await syncAll(squareOrderAdapter, adapterContext(squareProfileAt(sim.baseUrl), token));
    const snap = new Map(sim.orderSnapshot().map((o) => [o.id, o]));
    const seen = new Set<string>();
    for (const o of run.orders) {
      const s = snap.get(o.platformId)!;
      assert.equal(o.totalMinor, s.total_money.amount);
      assert.equal(o.currency, s.total_money.currency);
      assert.equal(o.itemCount, expectedItems(s));
      assert.equal(o.status, s.state.toLowerCase());
      assert.equal(o.orderNumber, s.reference_id ?? s.id);
      seen.add(o.currency);
    }
    assert.deepEqual([...seen].sort(), ['EUR', 'JPY', 'USD']);
  });
});

test('normalizeSquareOrder: minor units as sent, JPY yen, measured quantities count once, figures and dated refunds', () => {
  const base = { id: 'O1', created_at: '2025-01-01T00:00:00Z', updated_at: '2025-01-02T00:00:00.123Z', state: 'COMPLETED', tenders: [{}] };
  const yen = normalizeSquareOrder({
    ...base,
    total_money: { amount: 1200, currency: 'JPY' },
    total_discount_money: { amount: 100, currency: 'JPY' },
    total_tax_money: { amount: 100, currency: 'JPY' },
    line_items: [
      { quantity: '2', gross_sales_money: { amount: 600, currency: 'JPY' } },
      { quantity: '1.5', gross_sales_money: { amount: 600, currency: 'JPY' } },
    ],
    refunds: [
      { id: 'R1', created_at: '2025-01-05T10:00:00Z', status: 'APPROVED', amount_money: { amount: 300, currency: 'JPY' } },
      { id: 'R2', created_at: '2025-01-06T10:00:00Z', status: 'REJECTED', amount_money: { amount: 900, currency: 'JPY' } },
    ],
  });
  assert.deepEqual(yen, {
    platformId: 'O1',
    orderNumber: 'O1',
    createdAt: Date.UTC(2025, 0, 1),
    updatedAt: Date.UTC(2025, 0, 2) + 123,
    status: 'completed',
    financialStatus: 'partially_refunded',
    financialStatusRaw: 'COMPLETED',
    cancelled: false,
    test: false,
    currency: 'JPY',
    totalMinor: 1200,
    grossMinor: 1200,
    discountsMinor: 100,
    taxMinor: 100,
    refunds: [{ id: 'R1', at: Date.UTC(2025, 0, 5, 10), amountMinor: 300 }],
    itemCount: 3,
  });
  assert.ok(!('shippingMinor' in yen), 'Square has no shipping figure: not available, never 0');
  assert.equal(normalizeSquareOrder({ ...base, state: 'CANCELED', total_money: { amount: 0, currency: 'EUR' } }).financialStatus, 'voided');
  assert.equal(normalizeSquareOrder({ ...base, tenders: undefined, state: 'OPEN', total_money: { amount: 1999, currency: 'USD' } }).financialStatus, 'unpaid');
});

test('issue 8: UNKNOWN_CURRENCY or an unreadable amount makes that ORDER "needs attention" with its raw values, not a failed page', () => {
  const base = { id: 'O1', created_at: '2025-01-01T00:00:00Z', updated_at: '2025-01-02T00:00:00.123Z', state: 'COMPLETED', tenders: [{}] };
  const bads = [
    { amount: 12.5, currency: 'USD' },
    { amount: '1999', currency: 'USD' },
    { amount: 1, currency: 'dollars' },
    // enums/Currency: "UNKNOWN_CURRENCY: Unknown currency"
    { amount: 500, currency: 'UNKNOWN_CURRENCY' },
    undefined,
  ];
  for (const bad of bads) {
    const o = normalizeSquareOrder({ ...base, total_money: bad });
    assert.ok(o.attention, JSON.stringify(bad));
    assert.match(o.attention.reason, /could not read/);
    assert.equal(o.attention.raw, JSON.stringify({ total_money: bad, refunds: [] }));
    assert.equal(o.platformId, 'O1');
  }
  // a refund in another currency than the order's is unreadable too
  const mixed = normalizeSquareOrder({
    ...base,
    total_money: { amount: 100, currency: 'USD' },
    refunds: [{ id: 'R', created_at: '2025-01-03T00:00:00Z', status: 'APPROVED', amount_money: { amount: 100, currency: 'EUR' } }],
  });
  assert.ok(mixed.attention);
  // an order without an id is not an order: that still fails the page
  assert.throws(
    () => normalizeSquareOrder({ ...base, id: undefined, total_money: { amount: 1, currency: 'USD' } }),
    (e: { code?: string }) => e.code === 'bad_response',
  );
});

test('a locationIds field skips ListLocations; a missing scope is reported with its name (security.md #14)', async () => {
  await withSquare({ orderCount: 40 }, async (sim, token) => {
    const ids = sim
      .locations()
      .map((l) => l.id)
      .join(',');
    const run = await syncAll(squareOrderAdapter, adapterContext(squareProfileAt(sim.baseUrl), token, { fields: { locationIds: ids } }));
    assert.equal(run.orders.length, 40);
    assert.equal(sim.stats().locationsCalls, 0);
  });
  const sim = await startSquareSimulator({ orderCount: 5 });
  try {
    const narrow = { ...squareProfileAt(sim.baseUrl) };
    narrow.scopes = narrow.scopes.filter((s) => s.name === 'ORDERS_READ');
    const t = String((await connect(narrow, sim, sim.clientId, sim.redirectUri)).access_token);
    await assert.rejects(
      syncAll(squareOrderAdapter, adapterContext(narrow, t)),
      (e: unknown) => e instanceof ApiError && e.code === 'insufficient_scope' && e.missingScope === 'MERCHANT_PROFILE_READ',
    );
  } finally {
    await sim.close();
  }
});

test('an expired token gives a typed unauthorized error whose message holds no token (security.md #10)', async () => {
  await withSquare({ orderCount: 5 }, async (sim, token) => {
    sim.expireAccessTokens();
    const err = await squareOrderAdapter.fetchPage(adapterContext(squareProfileAt(sim.baseUrl), token), {}).catch((e: unknown) => e);
    assert.ok(err instanceof ApiError);
    assert.equal(err.code, 'unauthorized');
    assert.equal(err.status, 401);
    assert.ok(!err.message.includes(token));
  });
});
