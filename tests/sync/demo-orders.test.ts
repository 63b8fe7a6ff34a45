import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startDemoStore } from '../../main/demo-store/index.ts';
import { demoOrders, normalizeDemoOrder } from '../../main/sync/adapters/demo-orders.ts';
import { ORDER_ADAPTERS } from '../../main/sync/adapters/index.ts';
import { decimalToMinor } from '../../main/sync/money.ts';
import { OrderStore } from '../../main/sync/order-store.ts';
import { SyncEngine } from '../../main/sync/sync-engine.ts';
import type { SyncHost } from '../../main/sync/sync-host.ts';
import { connect } from '../demo-store/helpers.ts';
import { fetchHttp, storedOrders } from './fixtures/index.ts';

test('syncs the real Demo store through its rate limit, then incrementally after changes', async (t) => {
  // 450 orders are 5 pages of 100 (DEMO_PAGE_SIZE) against a bucket of 3 refilled at 1 per second: the
  // 4th page is refused (429 + Retry-After) however fast or slow each page is stored. (At 20 per second
  // the bucket refilled whenever storing a page took over 50 ms, so whether we were limited was timing.)
  const demo = await startDemoStore({ orderCount: 450, rateLimit: { capacity: 3, refillPerSec: 1 } });
  t.after(() => demo.close());
  const tokens = await connect(demo);
  const host: SyncHost = {
    listTargets: () => [{ connectionId: 'demo-1', adapterId: 'demo', fields: {}, active: true }],
    request: (_id, req) => fetchHttp(demo.issuer, { ...req, headers: { ...req.headers, authorization: `Bearer ${tokens.access_token}` } }),
  };
  const store = new OrderStore(':memory:');
  t.after(() => store.close());
  const engine = new SyncEngine({ store, host, adapters: ORDER_ADAPTERS });
  const expectSame = (): void => {
    const stored = storedOrders(store.db, 'demo-1');
    const snapshot = demo.orderSnapshot();
    assert.equal(stored.size, snapshot.length);
    for (const o of snapshot) {
      const s = stored.get(o.id);
      assert.ok(s, o.id);
      assert.deepEqual(
        [s.orderNumber, s.updatedAt, s.totalMinor, s.currency, s.status],
        [o.number, Date.parse(o.updated_at), decimalToMinor(o.total, o.currency), o.currency, o.status],
      );
    }
  };
  const first = await engine.syncNow('demo-1');
  assert.equal(first.result, 'ok', JSON.stringify(first.error));
  expectSame();
  assert.ok(demo.stats().rateLimited > 0, 'the Demo store rate-limited us and we waited');

  demo.touchOrders(15);
  demo.addOrders(5);
  const second = await engine.syncNow('demo-1');
  assert.equal(second.result, 'ok');
  assert.ok(second.orders >= 20 && second.orders < 100, `incremental run read ${second.orders} orders`);
  expectSame();
});

test('normalizeDemoOrder: exact minor units per currency and typed errors for malformed orders', () => {
  const base = {
    id: 'ord_00000001',
    number: '#1001',
    created_at: '2025-01-02T03:04:05.000Z',
    updated_at: '2025-01-02T04:00:00.000Z',
    status: 'open',
    financial_status: 'paid',
    currency: 'USD',
    total: '19.99',
    line_items_count: 2,
  };
  assert.equal(normalizeDemoOrder(base).totalMinor, 1999);
  assert.equal(normalizeDemoOrder({ ...base, currency: 'JPY', total: '4200' }).totalMinor, 4200);
  assert.equal(normalizeDemoOrder({ ...base, currency: 'KWD', total: '1.235' }).totalMinor, 1235);
  assert.equal(normalizeDemoOrder(base).createdAt, Date.UTC(2025, 0, 2, 3, 4, 5));
  assert.throws(() => normalizeDemoOrder({ ...base, total: 19.99 }), { code: 'bad_response' });
  assert.throws(() => normalizeDemoOrder({ ...base, total: '19.999' }), { code: 'bad_response' });
  assert.throws(() => normalizeDemoOrder({ ...base, updated_at: 'yesterday' }), { code: 'bad_response' });
  assert.throws(() => normalizeDemoOrder({ ...base, line_items_count: 1.5 }), { code: 'bad_response' });
  assert.equal(demoOrders.id, 'demo');
});

test('the registry knows all five platforms by id', () => {
  assert.deepEqual(Object.keys(ORDER_ADAPTERS).sort(), ['demo', 'etsy', 'shopify', 'square', 'woocommerce']);
  for (const [id, adapter] of Object.entries(ORDER_ADAPTERS)) assert.equal(adapter.id, id);
});

test('an HTML error page instead of JSON is a typed bad_response, not a crash (security.md #37)', async () => {
  const ctx = {
    fields: {},
    signal: new AbortController().signal,
    request: async () => ({ status: 200, headers: { 'content-type': 'text/html' }, body: '<html>Maintenance</html>' }),
  };
  await assert.rejects(demoOrders.fetchPage(ctx, {}), { code: 'bad_response' });
  const limited = { ...ctx, request: async () => ({ status: 429, headers: { 'retry-after': '3' }, body: '' }) };
  await assert.rejects(demoOrders.fetchPage(limited, {}), { name: 'RateLimitedError', retryAfterMs: 3000 });
  const down = { ...ctx, request: async () => ({ status: 502, headers: {}, body: '' }) };
  await assert.rejects(demoOrders.fetchPage(down, {}), { name: 'TransientApiError' });
});
