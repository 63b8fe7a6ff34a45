import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoStore } from '../../main/demo-store/index.ts';
import { api, connect, manualClock, refresh, withStore, type Tokens } from './helpers.ts';

interface WireOrder {
  id: string;
  number: string;
  created_at: string;
  updated_at: string;
  status: string;
  financial_status: string;
  currency: string;
  total: string;
  line_items_count: number;
}
interface Page {
  orders: WireOrder[];
  next_cursor: string | null;
}

async function page(issuer: string, token: string, query: string): Promise<Page> {
  const res = await fetch(`${issuer}/api/v1/orders?${query}`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200, await res.clone().text());
  return (await res.json()) as Page;
}

const key = (o: { updated_at: string; id: string }) => `${o.updated_at}|${o.id}`;

test('orders are seeded deterministically, spread over 120 days, in several currencies and statuses, without personal data', async (t) => {
  const clock = manualClock();
  const a = await startDemoStore({ now: clock.now, seed: 7 });
  t.after(() => a.close());
  const b = await withStore(t, { now: clock.now, seed: 7, orderCount: 400 });
  const c = await withStore(t, { now: clock.now, seed: 8, orderCount: 400 });
  assert.equal(a.orderSnapshot().length, 400, 'default orderCount');
  assert.deepEqual(a.orderSnapshot(), b.orderSnapshot());
  assert.notDeepEqual(a.orderSnapshot(), c.orderSnapshot());
  const tokens = await connect(a);
  const first = await page(a.issuer, tokens.access_token, '');
  assert.equal(first.orders.length, 50, 'default limit');
  const all: WireOrder[] = [];
  for (let cursor: string | null = ''; cursor !== null;) {
    const p = await page(a.issuer, tokens.access_token, `limit=100${cursor ? `&cursor=${cursor}` : ''}`);
    all.push(...p.orders);
    cursor = p.next_cursor;
  }
  assert.equal(all.length, 400);
  const now = clock.now();
  for (const o of all) {
    assert.deepEqual(Object.keys(o).sort(), [
      'created_at',
      'currency',
      'discount_total',
      'financial_status',
      'id',
      'line_items_count',
      'number',
      'refunds',
      'shipping_total',
      'status',
      'subtotal',
      'tax_total',
      'total',
      'updated_at',
    ]);
    const created = Date.parse(o.created_at);
    assert.ok(created >= now - 120 * 86_400_000 && created <= now, o.created_at);
    assert.ok(Date.parse(o.updated_at) >= created);
    assert.match(o.total, o.currency === 'JPY' ? /^[1-9]\d*$/ : /^\d+\.\d{2}$/);
    assert.ok(Number(o.total) > 0);
    assert.match(o.number, /^#\d{4,}$/);
    assert.ok(o.line_items_count >= 1);
  }
  assert.deepEqual(new Set(all.map((o) => o.currency)), new Set(['USD', 'EUR', 'GBP', 'JPY', 'CAD']));
  assert.deepEqual(new Set(all.map((o) => o.status)), new Set(['open', 'fulfilled', 'cancelled', 'refunded']));
  assert.deepEqual(new Set(all.map((o) => o.financial_status)), new Set(['paid', 'pending', 'refunded', 'partially_refunded']));
  assert.equal(new Set(all.map((o) => o.number)).size, 400);
});

test('pagination is sorted by (updated_at, id) and stays complete while orders change mid-run', async (t) => {
  const clock = manualClock();
  const store = await withStore(t, { now: clock.now, orderCount: 60, rateLimit: { capacity: 1000, refillPerSec: 1000 } });
  const tokens = await connect(store);
  const seen = new Map<string, WireOrder>();
  let previous = '';
  let cursor: string | null = '';
  let pages = 0;
  const touched: string[] = [];
  while (cursor !== null) {
    const p = await page(store.issuer, tokens.access_token, `limit=7${cursor ? `&cursor=${cursor}` : ''}`);
    for (const o of p.orders) {
      assert.ok(key(o) > previous || previous === '', 'strictly ascending across pages');
      previous = key(o);
      seen.set(o.id, o);
    }
    pages++;
    if (pages <= 3) {
      clock.advance(1000);
      touched.push(...store.touchOrders(3));
      store.addOrders(1);
    }
    cursor = p.next_cursor;
  }
  const snapshot = store.orderSnapshot();
  assert.equal(snapshot.length, 63);
  assert.equal(seen.size, snapshot.length, 'every order, including added ones, was seen');
  for (const o of snapshot) {
    const last = seen.get(o.id)!;
    assert.equal(last.updated_at, o.updated_at, `latest version of ${o.id}`);
    assert.equal(last.status, o.status);
    assert.equal(last.total, o.total);
  }
  assert.equal(touched.length, 9);
});

test('updated_since filters inclusively and an incremental run returns exactly the touched and added orders', async (t) => {
  const clock = manualClock();
  const store = await withStore(t, { now: clock.now, orderCount: 80, rateLimit: { capacity: 1000, refillPerSec: 1000 } });
  const tokens = await connect(store);
  const snapshot = store.orderSnapshot();
  const middle = [...snapshot].sort((x, y) => key(x).localeCompare(key(y)))[40]!.updated_at;
  const expected = snapshot
    .filter((o) => o.updated_at >= middle)
    .map((o) => o.id)
    .sort();
  const since = await page(store.issuer, tokens.access_token, `limit=100&updated_since=${encodeURIComponent(middle)}`);
  assert.deepEqual(since.orders.map((o) => o.id).sort(), expected);
  // The same instant with an offset is the same filter.
  const offset = new Date(Date.parse(middle)).toISOString().replace('Z', '+00:00');
  assert.equal((await page(store.issuer, tokens.access_token, `limit=100&updated_since=${encodeURIComponent(offset)}`)).orders.length, expected.length);

  const checkpoint = new Date(Math.max(...snapshot.map((o) => Date.parse(o.updated_at))) + 1).toISOString();
  clock.advance(60_000);
  const touched = store.touchOrders(5);
  const added = store.addOrders(2);
  assert.equal(new Set(touched).size, 5);
  const inc = await page(store.issuer, tokens.access_token, `updated_since=${encodeURIComponent(checkpoint)}`);
  assert.deepEqual(inc.orders.map((o) => o.id).sort(), [...touched, ...added].sort());
  assert.equal(inc.next_cursor, null);
  for (const o of inc.orders) assert.ok(o.updated_at >= checkpoint);
});

test('bad query parameters are 400 invalid_request', async (t) => {
  const store = await withStore(t, { rateLimit: { capacity: 1000, refillPerSec: 1000 } });
  const tokens = await connect(store);
  for (const q of [
    'limit=0',
    'limit=101',
    'limit=abc',
    'limit=1.5',
    'cursor=%%%',
    'cursor=bm9wZQ',
    'updated_since=yesterday',
    'updated_since=2025-13-45T00:00:00Z',
    'limit=5&limit=6',
  ]) {
    const res = await api(store, `/api/v1/orders?${q}`, tokens.access_token);
    assert.equal(res.status, 400, q);
    assert.equal(((await res.json()) as { error: string }).error, 'invalid_request');
  }
});

test('RFC 6750 §3.1: an expired token gets 401 invalid_token; refreshing gives one that works', async (t) => {
  const clock = manualClock();
  const store = await withStore(t, { now: clock.now });
  const tokens = await connect(store);
  assert.equal((await api(store, '/api/v1/orders?limit=1', tokens.access_token)).status, 200);
  clock.advance(121_000);
  const res = await api(store, '/api/v1/orders?limit=1', tokens.access_token);
  assert.equal(res.status, 401);
  assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer .*error="invalid_token"/);
  assert.equal(((await res.json()) as { error: string }).error, 'invalid_token');
  const renewed = (await (await refresh(store, tokens.refresh_token!)).json()) as Tokens;
  assert.equal((await api(store, '/api/v1/orders?limit=1', renewed.access_token)).status, 200);
});

test('RFC 6750 §3.1: a token without orders:read gets 403 insufficient_scope naming the scope', async (t) => {
  const store = await withStore(t);
  const tokens = await connect(store, { uncheck: ['orders:read'] });
  const res = await api(store, '/api/v1/orders', tokens.access_token);
  assert.equal(res.status, 403);
  const challenge = res.headers.get('www-authenticate') ?? '';
  assert.match(challenge, /error="insufficient_scope"/);
  assert.match(challenge, /scope="orders:read"/);
  assert.equal(((await res.json()) as { error: string }).error, 'insufficient_scope');
  assert.equal((await api(store, '/api/v1/store', tokens.access_token)).status, 200);
});

test('RFC 6750 §2.1: the token is taken from the Authorization header only', async (t) => {
  const store = await withStore(t);
  const tokens = await connect(store);
  const none = await api(store, '/api/v1/orders');
  assert.equal(none.status, 401);
  assert.equal(none.headers.get('www-authenticate'), 'Bearer realm="demo-store"');
  await none.body?.cancel();
  const query = await fetch(`${store.issuer}/api/v1/orders?access_token=${tokens.access_token}`);
  assert.equal(query.status, 400);
  const body = await query.text();
  assert.doesNotMatch(body, /"orders"/);
  assert.ok(!body.includes(tokens.access_token), 'the token is not echoed');
  const both = await fetch(`${store.issuer}/api/v1/orders?access_token=x`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
  assert.equal(both.status, 400);
  await both.body?.cancel();
  for (const header of [`Basic ${tokens.access_token}`, tokens.access_token, `Bearer ${tokens.refresh_token}`, 'Bearer ']) {
    const res = await fetch(`${store.issuer}/api/v1/orders`, { headers: { authorization: header } });
    assert.equal(res.status, 401, header.slice(0, 6));
    await res.body?.cancel();
  }
  const lower = await fetch(`${store.issuer}/api/v1/orders?limit=1`, { headers: { authorization: `bearer ${tokens.access_token}` } });
  assert.equal(lower.status, 200, 'the scheme is case-insensitive');
  await lower.body?.cancel();
});

test('RFC 6585 §4: an empty token bucket gives 429 with Retry-After in seconds; it refills with time', async (t) => {
  const clock = manualClock();
  const store = await withStore(t, { now: clock.now, rateLimit: { capacity: 3, refillPerSec: 0.5 } });
  const a = await connect(store);
  const b = await connect(store);
  for (let i = 0; i < 3; i++) {
    const res = await api(store, '/api/v1/orders?limit=1', a.access_token);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-ratelimit-remaining'), String(2 - i));
    await res.body?.cancel();
  }
  const limited = await api(store, '/api/v1/orders?limit=1', a.access_token);
  assert.equal(limited.status, 429);
  assert.equal(limited.headers.get('retry-after'), '2');
  assert.equal(((await limited.json()) as { error: string }).error, 'rate_limited');
  assert.equal(store.stats().rateLimited, 1);
  assert.equal(store.stats().ordersRequests, 4);
  const other = await api(store, '/api/v1/orders?limit=1', b.access_token);
  assert.equal(other.status, 200, 'buckets are per access token');
  await other.body?.cancel();
  clock.advance(2000);
  const again = await api(store, '/api/v1/orders?limit=1', a.access_token);
  assert.equal(again.status, 200);
  await again.body?.cancel();
});
