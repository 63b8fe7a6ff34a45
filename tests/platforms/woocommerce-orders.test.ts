/** The WooCommerce order adapter against the simulator: pages, incremental runs, money, rest_route fallback, HTML answers. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, StorelinkError } from '../../main/core/errors.ts';
import { ErrorCode } from '../../shared/error-codes.ts';
import { woocommerceOrderAdapter } from '../../main/sync/adapters/woocommerce-orders.ts';
import { RateLimitedError, TransientApiError } from '../../main/sync/order-adapter.ts';
import { basicAuth, byId, fetchAllPages, makeContext } from '../simulators/shopify/adapter-driver.ts';
import { startWooSimulator, type WooSimulator } from '../simulators/woocommerce/server.ts';

function ctxFor(sim: WooSimulator, secret = sim.consumerSecret) {
  return makeContext({ apiBase: `${sim.baseUrl}/`, credentialHeaders: basicAuth(sim.consumerKey, secret), fields: { storeUrl: sim.baseUrl } });
}

test('fetches every order over all pages, normalised from the *_gmt fields (security.md #10: keys only in the header)', async () => {
  const sim = await startWooSimulator({ count: 345 });
  try {
    const ctx = ctxFor(sim);
    const run = await fetchAllPages(woocommerceOrderAdapter, ctx);
    const got = byId(run.orders);
    assert.equal(got.size, 345);
    for (const s of sim.orderSnapshot()) {
      const o = got.get(s.platformId)!;
      const j = s.json as any;
      assert.equal(o.orderNumber, j.number);
      assert.equal(o.status, j.status);
      assert.equal(o.totalMinor, s.totalMinor);
      assert.equal(o.totalExponent, s.exponent);
      assert.equal(o.createdAt, Date.parse(`${j.date_created_gmt}Z`));
      assert.equal(o.updatedAt, Date.parse(`${j.date_modified_gmt}Z`));
      assert.equal(
        o.itemCount,
        j.line_items.reduce((n: number, l: any) => n + l.quantity, 0),
      );
      const paid = j.date_paid_gmt || j.date_paid || ['processing', 'completed'].includes(j.status);
      // WooCommerce has no partially refunded status: an order with refunds that is not `refunded` is one
      assert.equal(o.financialStatus, j.status === 'refunded' ? 'refunded' : j.refunds.length > 0 ? 'partially_refunded' : paid ? 'paid' : 'unpaid');
    }
    const lines = sim.stats().requestLines.filter((l) => l.includes('/wc/v3/orders?'));
    assert.ok(lines.every((l) => l.includes('per_page=100') && l.includes('orderby=modified') && l.includes('order=asc') && l.includes('_fields=')));
    assert.ok(lines.every((l) => !l.includes(sim.consumerKey) && !l.includes(sim.consumerSecret)));
    for (const t of run.tokens) assert.equal(JSON.parse(t).route, 'pretty');
  } finally {
    await sim.close();
  }
});

test('incremental: after touchOrders/addOrders, a run from the last seen modified time returns every change', async () => {
  const sim = await startWooSimulator({ count: 500 });
  try {
    const ctx = ctxFor(sim);
    const full = await fetchAllPages(woocommerceOrderAdapter, ctx);
    const lastSeen = Math.max(...full.orders.map((o) => o.updatedAt));
    await new Promise((r) => setTimeout(r, 1100)); // WordPress stores modified times in whole seconds
    const touched = sim.touchOrders(150);
    const added = sim.addOrders(5);
    const inc = await fetchAllPages(woocommerceOrderAdapter, ctx, { updatedSince: new Date(lastSeen + 1000).toISOString() });
    const ids = new Set(inc.orders.map((o) => o.platformId));
    for (const id of [...touched, ...added]) assert.ok(ids.has(id), id);
    assert.equal(ids.size, 155, 'nothing older than the bound');
    assert.ok(inc.pages.length <= 4, 'same-second ties do not loop');
  } finally {
    await sim.close();
  }
});

test('orders changed in the middle of a run move to the end; no unchanged order is skipped', async () => {
  const sim = await startWooSimulator({ count: 400 });
  try {
    const ctx = ctxFor(sim);
    const p1 = await fetchAllPages(woocommerceOrderAdapter, ctx, { maxPages: 1 });
    sim.touchOrders(60);
    const rest = await fetchAllPages(woocommerceOrderAdapter, ctx, { startPage: p1.tokens[0] });
    assert.equal(byId([...p1.orders, ...rest.orders]).size, 400);
  } finally {
    await sim.close();
  }
});

test('money is exact per currency and store decimals: JPY "1234", KWD "1.234", USD with 4 decimals "12.3400"', async () => {
  for (const [currencies, decimals] of [
    [['JPY', 'KWD'], undefined],
    [['USD'], 4],
  ] as const) {
    const sim = await startWooSimulator({ count: 150, currencies: [...currencies], decimals });
    try {
      const got = byId((await fetchAllPages(woocommerceOrderAdapter, ctxFor(sim))).orders);
      for (const s of sim.orderSnapshot()) {
        const o = got.get(s.platformId)!;
        assert.equal(o.currency, (s.json as any).currency);
        // same value at their exponents (trailing zeros past the currency's are not kept)
        assert.equal(o.totalMinor * 10 ** (s.exponent - o.totalExponent!), s.totalMinor, `${(s.json as any).total} ${o.currency}`);
        assert.equal(o.totalExponent, s.exponent > 2 && o.currency === 'USD' ? 2 : s.exponent);
      }
      if (decimals === 4) assert.match((sim.orderSnapshot()[0]!.json as any).total, /^\d+\.\d{4}$/);
    } finally {
      await sim.close();
    }
  }
});

test('plain permalinks: the 404 HTML on /wp-json/ switches to ?rest_route= once, and the page token remembers it', async () => {
  const sim = await startWooSimulator({ count: 250, plainPermalinks: true });
  try {
    const ctx = ctxFor(sim);
    const run = await fetchAllPages(woocommerceOrderAdapter, ctx);
    assert.equal(byId(run.orders).size, 250);
    const wpJson = ctx.calls.filter((c) => c.url.startsWith('wp-json/'));
    assert.equal(wpJson.length, 1, 'only the very first request tries /wp-json/');
    for (const t of run.tokens) assert.equal(JSON.parse(t).route, 'plain');
    const resumed = await woocommerceOrderAdapter.fetchPage(ctx, { page: run.tokens[0] });
    assert.ok(resumed.orders.length > 0);
    assert.equal(ctx.calls.filter((c) => c.url.startsWith('wp-json/')).length, 1);
  } finally {
    await sim.close();
  }
});

test('security.md #37: security-plugin HTML 403 and HTML 200 pages are bad_response; maintenance 503 is rate_limited with its Retry-After', async () => {
  const sim = await startWooSimulator({ count: 5, securityPlugin: true });
  try {
    const ctx = ctxFor(sim);
    await assert.rejects(
      woocommerceOrderAdapter.fetchPage(ctx, {}),
      (e: unknown) => e instanceof ApiError && e.code === ErrorCode.BadResponse && /security plugin/.test(e.message),
    );
    sim.setOptions({ securityPlugin: false, maintenance: true });
    await assert.rejects(woocommerceOrderAdapter.fetchPage(ctx, {}), (e: unknown) => e instanceof RateLimitedError && e.retryAfterMs === 600_000);
    sim.setOptions({ maintenance: false });
    const html200 = makeContext({ apiBase: `${sim.baseUrl}/`, credentialHeaders: {} });
    html200.request = async () => ({ status: 200, headers: { 'content-type': 'text/html; charset=UTF-8' }, body: '<!DOCTYPE html><p>cached page</p>' });
    await assert.rejects(woocommerceOrderAdapter.fetchPage(html200, {}), (e: unknown) => e instanceof ApiError && e.code === ErrorCode.BadResponse);
  } finally {
    await sim.close();
  }
});

test('429 with Retry-After -> RateLimitedError; 500 -> TransientApiError; the run completes after retries', async () => {
  const sim = await startWooSimulator({ count: 220 });
  try {
    const ctx = ctxFor(sim);
    sim.failNext(1, 429);
    await assert.rejects(woocommerceOrderAdapter.fetchPage(ctx, {}), (e: unknown) => e instanceof RateLimitedError && e.retryAfterMs === 1000);
    sim.failNext(1, 500);
    await assert.rejects(woocommerceOrderAdapter.fetchPage(ctx, {}), (e: unknown) => e instanceof TransientApiError);
    sim.failNext(2, 503);
    const run = await fetchAllPages(woocommerceOrderAdapter, ctx, { maxSleepMs: 10 });
    assert.equal(byId(run.orders).size, 220);
    assert.equal(run.rateLimited.length, 2);
  } finally {
    await sim.close();
  }
});

test('typed errors: wrong keys -> unauthorized; unreadable page token -> sync_failed', async () => {
  const sim = await startWooSimulator({ count: 2 });
  try {
    await assert.rejects(
      woocommerceOrderAdapter.fetchPage(ctxFor(sim, 'cs_wrong'), {}),
      (e: unknown) => e instanceof ApiError && e.code === ErrorCode.Unauthorized,
    );
    await assert.rejects(
      woocommerceOrderAdapter.fetchPage(ctxFor(sim), { page: '{"v":1,"page":0}' }),
      (e: unknown) => e instanceof StorelinkError && e.code === ErrorCode.SyncFailed,
    );
  } finally {
    await sim.close();
  }
});
