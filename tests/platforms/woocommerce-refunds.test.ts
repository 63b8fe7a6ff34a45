/**
 * WooCommerce refunds: the simulator's `GET /wc/v3/orders/<id>/refunds` against the docs
 * (woocommerce-rest-api-docs wp-api-v3 _order-refunds.md "List all refunds", _introduction.md "Errors" and
 * "Pagination"), and the adapter storing each refund on its own date, exactly, in a real SQLite store.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeWooOrder, woocommerceOrderAdapter, wooRefundsUrl } from '../../main/sync/adapters/woocommerce-orders.ts';
import { RateLimitedError, TransientApiError } from '../../main/sync/order-adapter.ts';
import { OrderStore } from '../../main/sync/order-store.ts';
import { basicAuth, byId, fetchAllPages, makeContext } from '../simulators/shopify/adapter-driver.ts';
import { startWooSimulator, type WooSimulator } from '../simulators/woocommerce/server.ts';

const get = (sim: WooSimulator, path: string, auth: Record<string, string> = basicAuth(sim.consumerKey, sim.consumerSecret)) =>
  fetch(`${sim.baseUrl}${path}`, { headers: auth });
const ctxFor = (sim: WooSimulator) =>
  makeContext({ apiBase: `${sim.baseUrl}/`, credentialHeaders: basicAuth(sim.consumerKey, sim.consumerSecret), fields: { storeUrl: sim.baseUrl } });
const gmt = (v: string) => Date.parse(`${v}Z`);

/** Orders the simulator lists with refunds, as its order list says (id and negative totals). */
function refunded(sim: WooSimulator) {
  return sim.orderSnapshot().filter((s) => (s.json as any).refunds.length > 0);
}

test('refunds endpoint: dated refund objects, positive amounts that match the order list’s negative totals, newest first, dp like orders', async () => {
  const sim = await startWooSimulator({ count: 80, currencies: ['KWD', 'USD'], spanDays: 200 });
  try {
    const orders = refunded(sim);
    assert.ok(orders.some((s) => (s.json as any).refunds.length === 2) && orders.some((s) => (s.json as any).status !== 'refunded'));
    for (const s of orders) {
      const o = s.json as any;
      // at the store's decimals, as the snapshot's order list is
      const res = await get(sim, `/wp-json/wc/v3/orders/${o.id}/refunds?dp=${s.exponent}`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('x-wp-total'), String(o.refunds.length));
      assert.equal(res.headers.get('x-wp-totalpages'), '1');
      const list = (await res.json()) as any[];
      // the order list's entries (_orders.md "Order - Refunds properties") name the same refunds, total negative
      assert.deepEqual(
        list.map((r) => [r.id, `-${r.amount}`]),
        o.refunds.map((r: any) => [r.id, r.total]),
      );
      for (const r of list) {
        assert.deepEqual(Object.keys(r).sort(), [
          'amount',
          'date_created',
          'date_created_gmt',
          'id',
          'line_items',
          'meta_data',
          'reason',
          'refunded_by',
          'refunded_payment',
        ]);
        assert.match(r.amount, o.currency === 'KWD' ? /^\d+\.\d{3}$/ : /^\d+\.\d{2}$/);
        assert.match(r.date_created_gmt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
        assert.equal(gmt(r.date_created) - gmt(r.date_created_gmt), 2 * 3_600_000, 'site time (UTC+2 here) beside GMT');
        assert.ok(gmt(r.date_created_gmt) >= gmt(o.date_created_gmt) && gmt(r.date_created_gmt) <= gmt(o.date_modified_gmt));
      }
      assert.ok(
        list.every((r, k) => k === 0 || r.date_created_gmt <= list[k - 1].date_created_gmt),
        'newest first (order=desc, orderby=date)',
      );
      // refunds add up to at most the order total, exactly the total when the order is `refunded`
      const units = (t: string) => BigInt(t.replace('.', ''));
      const sum = list.reduce((n, r) => n + units(r.amount), 0n);
      const total = units(o.total);
      assert.ok(o.status === 'refunded' ? sum === total : sum < total, `${o.id}: ${sum} vs ${total}`);
    }
    // dp: "Number of decimal points to use in each resource. Default is 2." - KWD loses its third digit
    const kwd = orders.find((s) => s.currency === 'KWD' && !/0$/.test((s.json as any).refunds[0].total))!;
    const byDefault = (await (await get(sim, `/wp-json/wc/v3/orders/${(kwd.json as any).id}/refunds`)).json()) as any[];
    assert.match(byDefault[0].amount, /^\d+\.\d{2}$/);
    assert.notEqual(`-${byDefault[0].amount}`, (kwd.json as any).refunds[0].total);
  } finally {
    await sim.close();
  }
});

test('refunds endpoint refusals and edge answers, each as WordPress / WooCommerce give them', async () => {
  const sim = await startWooSimulator({ count: 60 });
  try {
    const two = refunded(sim).find((s) => (s.json as any).refunds.length === 2)!;
    const id = (two.json as any).id as number;
    const error = async (res: Response) => [res.status, ((await res.json()) as any).code];
    // _introduction.md "Errors": 401 for authentication errors
    assert.deepEqual(await error(await get(sim, `/wp-json/wc/v3/orders/${id}/refunds`, {})), [401, 'woocommerce_rest_cannot_view']);
    assert.deepEqual(await error(await get(sim, `/wp-json/wc/v3/orders/${id}/refunds`, basicAuth(sim.consumerKey, 'cs_wrong'))), [
      401,
      'woocommerce_rest_cannot_view',
    ]);
    // parameters outside their schema: 400 rest_invalid_param naming the parameter
    for (const [q, name] of [
      ['per_page=101', 'per_page'],
      ['per_page=0', 'per_page'],
      ['page=0', 'page'],
      ['dp=two', 'dp'],
      ['order=sideways', 'order'],
      ['orderby=amount', 'orderby'],
    ] as const) {
      const res = await get(sim, `/wp-json/wc/v3/orders/${id}/refunds?${q}`);
      const body = (await res.json()) as any;
      assert.deepEqual([res.status, body.code, Object.keys(body.data.params)], [400, 'rest_invalid_param', [name]], q);
    }
    // a non-numeric id does not match the route; an id that is no order lists no refunds
    assert.deepEqual(await error(await get(sim, '/wp-json/wc/v3/orders/abc/refunds')), [404, 'rest_no_route']);
    const none = await get(sim, '/wp-json/wc/v3/orders/999999/refunds');
    assert.equal(none.status, 200);
    assert.deepEqual(await none.json(), []);
    assert.equal(none.headers.get('x-wp-total'), '0');
    // pagination (_introduction.md "Pagination"): per_page=1 over two refunds
    const p1 = await get(sim, `/wp-json/wc/v3/orders/${id}/refunds?per_page=1`);
    assert.deepEqual([p1.headers.get('x-wp-total'), p1.headers.get('x-wp-totalpages')], ['2', '2']);
    assert.match(p1.headers.get('link')!, /page=2>; rel="next"/);
    const p2 = (await (await get(sim, `/wp-json/wc/v3/orders/${id}/refunds?per_page=1&page=2`)).json()) as any[];
    const p1Body = (await p1.json()) as any[];
    assert.deepEqual(
      [...p1Body, ...p2].map((r) => r.id),
      (two.json as any).refunds.map((r: any) => r.id),
    );
    assert.deepEqual(((await (await get(sim, `/wp-json/wc/v3/orders/${id}/refunds?per_page=1&page=3`)).json()) as any[]).length, 0);
    // order=asc turns the list round; _fields trims it; the plain-permalink route serves the same
    const asc = (await (await get(sim, `/wp-json/wc/v3/orders/${id}/refunds?order=asc&_fields=id,amount`)).json()) as any[];
    assert.deepEqual(
      asc.map((r) => Object.keys(r).sort()),
      [
        ['amount', 'id'],
        ['amount', 'id'],
      ],
    );
    assert.deepEqual(
      asc.map((r) => r.id),
      [...p1Body, ...p2].map((r) => r.id).reverse(),
    );
    const plain = await get(sim, `/?rest_route=/wc/v3/orders/${id}/refunds`);
    assert.equal(plain.status, 200);
    assert.equal(((await plain.json()) as any[]).length, 2);
  } finally {
    await sim.close();
  }
});

test('docs example order 723 and its refunds 726 and 724: each refund on its own GMT date, exact; date_created at the order’s site offset when *_gmt is missing', () => {
  // Field values of the docs' examples: _orders.md "List all orders" (order 723, refunds -10.00 and -9.00) and
  // _order-refunds.md "List all refunds" (refunds 726 and 724 of order 723).
  const order723 = {
    id: 723,
    number: '723',
    status: 'completed',
    currency: 'USD',
    date_created: '2017-03-21T16:16:00',
    date_created_gmt: '2017-03-21T19:16:00',
    date_modified_gmt: '2017-03-21T19:54:51',
    discount_total: '0.00',
    shipping_total: '10.00',
    total: '39.00',
    total_tax: '0.00',
    line_items: [
      { quantity: 1, subtotal: '9.00' },
      { quantity: 1, subtotal: '20.00' },
    ],
    refunds: [
      { id: 726, reason: '', total: '-10.00' },
      { id: 724, reason: '', total: '-9.00' },
    ],
  };
  const refunds = [
    { id: 726, date_created: '2017-03-21T17:07:11', date_created_gmt: '2017-03-21T20:07:11', amount: '10.00' },
    { id: 724, date_created: '2017-03-21T16:55:37', date_created_gmt: '2017-03-21T19:55:37', amount: '9.00' },
  ];
  const n = normalizeWooOrder(order723, refunds);
  assert.deepEqual(n.refunds, [
    { id: '726', at: Date.UTC(2017, 2, 21, 20, 7, 11), amountMinor: 1000 },
    { id: '724', at: Date.UTC(2017, 2, 21, 19, 55, 37), amountMinor: 900 },
  ]);
  assert.deepEqual([n.totalMinor, n.grossMinor, n.shippingMinor, n.financialStatus], [3900, 2900, 1000, 'partially_refunded']);
  // no *_gmt on the refunds: the site's offset from the order's own dates (16:16 local = 19:16 GMT)
  const local = normalizeWooOrder(
    order723,
    refunds.map(({ date_created_gmt: _, ...r }) => r),
  );
  assert.deepEqual(local.refunds, n.refunds);
  // a refund with more decimals than the order puts the whole order on that exponent, exactly
  const fine = normalizeWooOrder(order723, [refunds[0], { ...refunds[1], amount: '9.005' }]);
  assert.deepEqual([fine.totalMinor, fine.totalExponent, fine.refunds!.map((r) => r.amountMinor)], [39000, 3, [10000, 9005]]);
  // no readable date at all: refunds unknown (returns "not available"), never guessed
  assert.equal(normalizeWooOrder(order723, [{ id: 726, amount: '10.00' }]).refunds, undefined);
  // no list given (the refunds were not read): unknown; an empty `refunds` list: none
  assert.equal(normalizeWooOrder(order723).refunds, undefined);
  assert.deepEqual(normalizeWooOrder({ ...order723, refunds: [] }).refunds, []);
  // an unreadable amount: the order needs attention with its raw values
  const odd = normalizeWooOrder(order723, [{ ...refunds[0], amount: '10,00' }]);
  assert.match(odd.attention!.reason, /could not read/);
  assert.match(odd.attention!.raw, /10,00/);
});

test('adapter: one refunds call per refunded order, with the run’s dp; every refund stored on its own date in SQLite, exactly', async () => {
  const sim = await startWooSimulator({ count: 230, currencies: ['JPY', 'USD', 'KWD'], spanDays: 200, decimals: 3, extraDigits: true });
  try {
    const run = await fetchAllPages(woocommerceOrderAdapter, ctxFor(sim));
    const snap = sim.orderSnapshot();
    const withRefunds = snap.filter((s) => (s.json as any).refunds.length > 0);
    const lines = sim.stats().requestLines;
    const refundLines = lines.filter((l) => /\/wc\/v3\/orders\/\d+\/refunds/.test(l));
    assert.equal(refundLines.length, withRefunds.length, 'only refunded orders cost a call, one each');
    assert.deepEqual(new Set(refundLines.map((l) => /orders\/(\d+)\/refunds/.exec(l)![1])), new Set(withRefunds.map((s) => s.platformId)));
    assert.ok(refundLines.every((l) => l.includes('dp=4') && l.includes('per_page=100') && l.includes('_fields=')));
    assert.equal(lines.length, 1 + 3 + withRefunds.length, 'settings + 3 order pages + refunds');
    const store = new OrderStore(':memory:');
    try {
      for (const p of run.pages) store.commitPage('woo', p.orders, { updatedSince: null, page: null, runMaxUpdated: null });
      const rows = store.db
        .prepare('SELECT platform_id AS o, refund_id AS id, refunded_at AS at, exponent, amount_minor AS minor FROM order_refunds ORDER BY o, id')
        .all() as Array<{ o: string; id: string; at: number; exponent: number; minor: number }>;
      const want = withRefunds
        .flatMap((s) =>
          (s.refunds as any[]).map((r) => {
            const [whole, frac = ''] = String(r.amount).split('.');
            return { o: s.platformId, id: String(r.id), at: Date.parse(`${r.date_created_gmt}Z`), units: BigInt(whole! + frac), exp: frac.length };
          }),
        )
        .sort((a, b) => (a.o !== b.o ? (a.o < b.o ? -1 : 1) : a.id < b.id ? -1 : 1));
      assert.equal(rows.length, want.length);
      rows.forEach((row, k) => {
        const w = want[k]!;
        assert.deepEqual([row.o, row.id, row.at], [w.o, w.id, w.at]);
        // the same value at both exponents, compared as integers
        const e = Math.max(row.exponent, w.exp);
        assert.equal(BigInt(row.minor) * 10n ** BigInt(e - row.exponent), w.units * 10n ** BigInt(e - w.exp), `${w.o}/${w.id}`);
      });
      assert.ok(
        rows.some((r) => r.exponent === 3),
        'extra store digits kept',
      );
      const got = byId(run.orders);
      for (const s of snap) assert.deepEqual(got.get(s.platformId)!.refunds?.length, (s.json as any).refunds.length, s.platformId);
    } finally {
      store.close();
    }
  } finally {
    await sim.close();
  }
});

test('adapter: a refunds call that fails (500, 429) fails the whole page, retryable; the retried page brings every refund', async () => {
  const sim = await startWooSimulator({ count: 40 });
  try {
    const ctx = ctxFor(sim);
    const request = ctx.request.bind(ctx);
    let failWith: number | undefined;
    ctx.request = async (req) => {
      if (failWith !== undefined && /\/refunds/.test(req.url)) {
        sim.failNext(1, failWith); // the simulator itself answers the refunds call with failWith
        failWith = undefined;
      }
      return request(req);
    };
    failWith = 500;
    await assert.rejects(woocommerceOrderAdapter.fetchPage(ctx, {}), TransientApiError);
    failWith = 429;
    await assert.rejects(woocommerceOrderAdapter.fetchPage(ctx, {}), RateLimitedError);
    assert.equal(sim.stats().injectedFailures, 2);
    const page = await woocommerceOrderAdapter.fetchPage(ctx, {});
    assert.equal(page.orders.length, 40);
    const listed = sim.orderSnapshot().reduce((n, s) => n + (s.json as any).refunds.length, 0);
    assert.ok(listed > 0);
    assert.equal(
      page.orders.reduce((n, o) => n + o.refunds!.length, 0),
      listed,
    );
    // the URL the adapter asks for, pretty and plain
    assert.equal(
      wooRefundsUrl('pretty', 723, 4),
      'wp-json/wc/v3/orders/723/refunds?per_page=100&page=1&dp=4&_fields=id%2Cdate_created%2Cdate_created_gmt%2Camount',
    );
    assert.match(wooRefundsUrl('plain', 723, 3, 2), /^\?rest_route=%2Fwc%2Fv3%2Forders%2F723%2Frefunds&per_page=100&page=2&dp=3&/);
  } finally {
    await sim.close();
  }
});

test('a V4 database: WooCommerce connections are read again in full at their next sync (adapter revision 2); Etsy, Square and the demo store keep their watermark', async () => {
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { DatabaseSync } = await import('node:sqlite');
  const { migrate } = await import('../../main/sync/order-schema.ts');
  const { ORDER_ADAPTERS } = await import('../../main/sync/adapters/index.ts');
  const path = join(mkdtempSync(join(tmpdir(), 'sl-v4-')), 'orders.db');
  const db = new DatabaseSync(path);
  migrate(db, 4);
  db.exec(`INSERT INTO sync_checkpoints (connection_id, updated_since) VALUES ('woo', '2025-06-02T00:00:00Z'), ('etsy', '2025-06-02T00:00:00Z');`);
  db.close();
  const s = new OrderStore(path);
  try {
    // read by revision 1 (NULL: before revisions were kept); the engine reads again when the adapter is newer (sync-engine.ts)
    for (const c of ['woo', 'etsy']) assert.equal(s.getCheckpoint(c)!.adapterRevision, null, c);
    assert.equal(ORDER_ADAPTERS.woocommerce!.revision, 2, 'WooCommerce orders stored without dated refunds are read again');
    for (const id of ['etsy', 'square', 'demo']) assert.equal(ORDER_ADAPTERS[id]!.revision ?? 1, 1, `${id} keeps its watermark`);
  } finally {
    s.close();
  }
});
