/** The Shopify order adapter against the simulator: every page, incremental runs, money, throttling, faults. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { ApiError, StorelinkError } from '../../main/core/errors.ts';
import { ErrorCode } from '../../shared/error-codes.ts';
import { SHOPIFY_API_VERSION } from '../../main/core/providers/shopify.ts';
import { createShopifyOrderAdapter, shopifyOrderAdapter } from '../../main/sync/adapters/shopify-orders.ts';
import { RateLimitedError } from '../../main/sync/order-adapter.ts';
import { parseDecimalAmount } from '../../main/sync/money.ts';
import { OrderStore } from '../../main/sync/order-store.ts';
import { SummaryQueries } from '../../main/sync/summary-queries.ts';
import { byId, fetchAllPages, makeContext } from '../simulators/shopify/adapter-driver.ts';
import { startShopifySimulator, type ShopifySimulator } from '../simulators/shopify/server.ts';

const SHOP = 'orders-shop.myshopify.com';

function ctxFor(sim: ShopifySimulator, token = sim.issueToken(SHOP)) {
  return makeContext({ apiBase: `${sim.shopBase(SHOP)}/`, credentialHeaders: { 'x-shopify-access-token': token }, fields: { shop: SHOP } });
}

test('fetches every order over all pages, each normalised exactly (security.md #10: token only in the header)', async () => {
  const sim = await startShopifySimulator({ count: 1234, maxAvailable: 1e6, restoreRate: 1e6 });
  try {
    const token = sim.issueToken(SHOP);
    const ctx = ctxFor(sim, token);
    const run = await fetchAllPages(shopifyOrderAdapter, ctx);
    // A first sync counts the store's orders first (an empty page: at most 10,000, so paged, not bulk).
    assert.equal(run.pages.length, 1 + 5);
    assert.equal(run.orders.length, 1234);
    const got = byId(run.orders);
    for (const s of sim.orderSnapshot()) {
      const o = got.get(s.platformId);
      assert.ok(o, s.platformId);
      const node = s.node as any;
      assert.equal(o.orderNumber, node.name);
      assert.equal(o.totalMinor, s.totalMinor);
      assert.equal(o.currency, node.totalPriceSet.shopMoney.currencyCode);
      assert.equal(o.updatedAt, Date.parse(node.updatedAt));
      assert.equal(o.createdAt, Date.parse(node.createdAt));
      assert.equal(o.itemCount, node.currentSubtotalLineItemsQuantity);
      assert.equal(o.financialStatus, node.displayFinancialStatus.toLowerCase());
      assert.equal(o.financialStatusRaw, node.displayFinancialStatus);
      assert.equal(o.status, node.cancelledAt ? 'cancelled' : node.displayFulfillmentStatus.toLowerCase());
    }
    assert.ok(ctx.calls.every((c) => c.url === `admin/api/${SHOPIFY_API_VERSION}/graphql.json` && c.method === 'POST'));
    assert.ok(sim.stats().requestLines.every((l) => !l.includes(token)));
    for (const t of run.tokens.slice(1)) assert.deepEqual(Object.keys(JSON.parse(t)).sort(), ['after', 'first', 'mode', 'seen', 'v']);
  } finally {
    await sim.close();
  }
});

test('incremental: after touchOrders/addOrders, a run from the last seen updatedAt returns exactly the changes', async () => {
  const sim = await startShopifySimulator({ count: 800, maxAvailable: 1e6, restoreRate: 1e6 });
  try {
    const ctx = ctxFor(sim);
    const full = await fetchAllPages(shopifyOrderAdapter, ctx);
    const since = new Date(Math.max(...full.orders.map((o) => o.updatedAt)) + 1).toISOString();
    await new Promise((r) => setTimeout(r, 5));
    const touched = sim.touchOrders(30);
    const added = sim.addOrders(7);
    const inc = await fetchAllPages(shopifyOrderAdapter, ctx, { updatedSince: since });
    assert.deepEqual(new Set(inc.orders.map((o) => o.platformId)), new Set([...touched, ...added]));
    const before = byId(full.orders);
    for (const id of touched) assert.ok(byId(inc.orders).get(id)!.updatedAt > before.get(id)!.updatedAt);
    assert.equal(JSON.parse(ctx.calls.at(-1)!.body!).variables.query, `updated_at:>='${since}'`);
  } finally {
    await sim.close();
  }
});

test('money is exact per currency: USD 2 decimals, JPY 0, KWD and BHD 3, USDC as many as sent (enums/CurrencyCode)', async () => {
  const sim = await startShopifySimulator({ count: 500, currencies: ['USD', 'JPY', 'KWD', 'BHD', 'USDC'], maxAvailable: 1e6, restoreRate: 1e6 });
  try {
    const got = byId((await fetchAllPages(shopifyOrderAdapter, ctxFor(sim))).orders);
    const seen = new Set<string>();
    const usdcExponents = new Set<number>();
    for (const s of sim.orderSnapshot()) {
      const o = got.get(s.platformId)!;
      const amount = (s.node as any).totalPriceSet.shopMoney.amount as string;
      seen.add(o.currency);
      assert.equal(o.attention, undefined, `${amount} ${o.currency}`);
      // value = totalMinor / 10^totalExponent, exactly the decimal text Shopify sent
      const [whole, rawFrac = ''] = amount.split('.');
      const frac = rawFrac.replace(/0+$/, '');
      const exp = o.totalExponent!;
      assert.ok(exp >= ({ USD: 2, JPY: 0, KWD: 3, BHD: 3, USDC: 0 } as Record<string, number>)[o.currency]!);
      assert.ok(frac.length <= exp);
      assert.equal(BigInt(o.totalMinor), BigInt(whole! + frac.padEnd(exp, '0')), `${amount} ${o.currency}`);
      if (o.currency === 'USDC') usdcExponents.add(exp);
    }
    assert.deepEqual([...seen].sort(), ['BHD', 'JPY', 'KWD', 'USD', 'USDC']);
    assert.deepEqual([...usdcExponents], [2], 'USDC orders on the exponent their amounts carry (cents here)');
    // USDC has no minor unit in money.ts: the decimals sent decide the exponent, exactly
    assert.deepEqual(parseDecimalAmount('7.0', 'USDC'), { minor: 7, exponent: 0 });
    assert.deepEqual(parseDecimalAmount('10.5', 'USDC'), { minor: 105, exponent: 1 });
    assert.deepEqual(parseDecimalAmount('0.000001', 'USDC'), { minor: 1, exponent: 6 });
  } finally {
    await sim.close();
  }
});

test('the simulator serves only CurrencyCode values: CLF (an ISO 4217 code Shopify does not list) is refused', async () => {
  const started: ShopifySimulator | Error = await startShopifySimulator({ count: 1, currencies: ['CLF'] }).catch((e: Error) => e);
  if (!(started instanceof Error)) await started.close();
  assert.match(String(started), /not a value of the CurrencyCode enum/);
});

test('cost throttling: waitBeforeNextMs from throttleStatus; a caller ignoring it gets RateLimitedError and still finishes', async () => {
  const sim = await startShopifySimulator({ count: 700, maxAvailable: 300, restoreRate: 2000 });
  try {
    const honour = await fetchAllPages(shopifyOrderAdapter, ctxFor(sim));
    assert.equal(honour.orders.length, 700);
    assert.ok(honour.pages[1]!.waitBeforeNextMs! > 0, 'the next 252-point query does not fit right after the first');
    const rude = await fetchAllPages(shopifyOrderAdapter, ctxFor(sim), { ignoreWaits: true, maxRetries: 20 });
    assert.equal(byId(rude.orders).size, 700);
    assert.ok(rude.rateLimited.length > 0);
    assert.ok(rude.rateLimited.every((e) => e.retryAfterMs > 0));
  } finally {
    await sim.close();
  }
});

test('5xx and 429 answers are retryable errors; every order still arrives once retried', async () => {
  const sim = await startShopifySimulator({ count: 600, failEvery: 2, failStatus: 502, maxAvailable: 1e6, restoreRate: 1e6 });
  try {
    sim.failNext(1, 429);
    const run = await fetchAllPages(shopifyOrderAdapter, ctxFor(sim), { maxSleepMs: 10 });
    assert.equal(byId(run.orders).size, 600);
    assert.ok(run.transient >= 2);
    assert.equal(run.rateLimited.length, 1);
    assert.equal(sim.stats().injectedFailures, run.transient + 1);
  } finally {
    await sim.close();
  }
});

test('a crash-resumed run continues from the saved page token: no order lost', async () => {
  const sim = await startShopifySimulator({ count: 900, maxAvailable: 1e6, restoreRate: 1e6 });
  try {
    const first = await fetchAllPages(shopifyOrderAdapter, ctxFor(sim), { maxPages: 2 });
    const rest = await fetchAllPages(shopifyOrderAdapter, ctxFor(sim), { startPage: first.tokens.at(-1) });
    assert.equal(first.orders.length + rest.orders.length, 900);
    assert.equal(byId([...first.orders, ...rest.orders]).size, 900);
  } finally {
    await sim.close();
  }
});

test('typed errors: bad token -> unauthorized, no read_orders -> insufficient_scope, garbage page token -> sync_failed', async () => {
  const sim = await startShopifySimulator({ count: 3 });
  try {
    await assert.rejects(
      fetchAllPages(shopifyOrderAdapter, ctxFor(sim, 'shpat_not_a_real_token')),
      (e: unknown) => e instanceof ApiError && e.code === ErrorCode.Unauthorized,
    );
    await assert.rejects(
      fetchAllPages(shopifyOrderAdapter, ctxFor(sim, sim.issueToken(SHOP, []))),
      (e: unknown) => e instanceof ApiError && e.code === ErrorCode.InsufficientScope && e.missingScope === 'read_orders',
    );
    await assert.rejects(
      shopifyOrderAdapter.fetchPage(ctxFor(sim), { page: 'not json' }),
      (e: unknown) => e instanceof StorelinkError && e.code === ErrorCode.SyncFailed,
    );
  } finally {
    await sim.close();
  }
});

test('security.md #37: an HTML page or malformed JSON in place of API data is a bad_response error, not a crash', async () => {
  const bodies = [
    ['text/html', '<!doctype html><h1>Store unavailable</h1>'],
    ['application/json', '{"data":'],
    ['application/json', '{"data":{"orders":{"edges":[{"node":{"id":"gid://shopify/Order/1","name":"#1","createdAt":"x"}}],"pageInfo":{}}}}'],
    ['application/json', '{"data":{"orders":{"edges":[{"node":{"id":"Order/1","name":"#1","createdAt":"2025-01-01T00:00:00Z"}}],"pageInfo":{}}}}'],
  ];
  let k = 0;
  const server = createServer((_req, res) => {
    const [type, body] = bodies[k++ % bodies.length]!;
    res.writeHead(200, { 'content-type': type! }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  try {
    const ctx = makeContext({ apiBase: `http://127.0.0.1:${port}/`, credentialHeaders: {} });
    for (let i = 0; i < bodies.length; i++) {
      await assert.rejects(
        shopifyOrderAdapter.fetchPage(ctx, {}),
        (e: unknown) => e instanceof ApiError && e.code === ErrorCode.BadResponse && !(e instanceof RateLimitedError),
      );
    }
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});

test('the simulator serves a 100,000-order history lazily (first, middle and last pages)', async () => {
  const sim = await startShopifySimulator({ count: 100_000, maxAvailable: 1e6, restoreRate: 1e6 });
  try {
    const ctx = ctxFor(sim);
    // the paged first page (a bulk export for a first sync this big is tested in shopify-bulk.test.ts)
    const p1 = await createShopifyOrderAdapter({ bulkThreshold: Infinity }).fetchPage(ctx, {
      page: JSON.stringify({ v: 2, mode: 'paged', first: 250, seen: 0 }),
    });
    assert.equal(p1.orders.length, 250);
    const snap = sim.orderSnapshot();
    const tail = await fetchAllPages(shopifyOrderAdapter, ctx, { updatedSince: new Date(Date.parse((snap[99_400]!.node as any).updatedAt)).toISOString() });
    assert.equal(tail.orders.length, 600);
    assert.equal(tail.orders.at(-1)!.platformId, snap.at(-1)!.platformId);
  } finally {
    await sim.close();
  }
});

test('issue 8: extra decimals are kept exactly; an unrecognized currency (XXX) or unreadable amount makes that ORDER need attention, not the page fail', async () => {
  const money = (amount: string, currencyCode = 'USD') => ({ shopMoney: { amount, currencyCode } });
  const node = (id: number, total: ReturnType<typeof money>) => ({
    id: `gid://shopify/Order/${id}`,
    name: `#${id}`,
    createdAt: '2025-01-01T00:00:00Z',
    updatedAt: '2025-01-01T00:00:00Z',
    displayFinancialStatus: 'PAID',
    test: false,
    totalPriceSet: total,
    subtotalPriceSet: money('1.000', total.shopMoney.currencyCode),
    totalDiscountsSet: money('0.0', total.shopMoney.currencyCode),
    totalShippingPriceSet: money('0.0', total.shopMoney.currencyCode),
    totalTaxSet: money('0.005', total.shopMoney.currencyCode),
    taxesIncluded: false,
    taxLines: [{ priceSet: money('0.005', total.shopMoney.currencyCode) }],
    refunds: [],
    currentSubtotalLineItemsQuantity: 1,
  });
  // scalars/Decimal is arbitrary precision; enums/CurrencyCode XXX = "Unrecognized currency"
  const edges = [node(1, money('1.005')), node(2, money('7.00', 'XXX')), node(3, money('1,5')), node(4, money('12.30'))].map((n) => ({ node: n }));
  // A first sync counts the orders first (queries/ordersCount: { count, precision }), then pages them.
  const asked: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const query = String((JSON.parse(body) as { query?: unknown }).query);
      const counting = /\bordersCount\b/.test(query);
      asked.push(counting ? 'ordersCount' : 'orders');
      const data = counting ? { ordersCount: { count: edges.length, precision: 'EXACT' } } : { orders: { edges, pageInfo: { hasNextPage: false } } };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  try {
    const ctx = makeContext({ apiBase: `http://127.0.0.1:${port}/`, credentialHeaders: {} });
    const counted = await shopifyOrderAdapter.fetchPage(ctx, {});
    assert.equal(counted.orders.length, 0, 'the count page carries no orders');
    assert.ok(counted.nextPage, 'a few orders are paged after the count');
    const page = await shopifyOrderAdapter.fetchPage(ctx, { page: counted.nextPage });
    assert.deepEqual(asked, ['ordersCount', 'orders']);
    const [exact, unknown, unreadable, plain] = page.orders;
    assert.deepEqual([exact!.totalMinor, exact!.totalExponent, exact!.grossMinor, exact!.taxMinor, exact!.attention], [1005, 3, 1000, 5, undefined]);
    // every amount of an order on one exponent: its tax 0.005 takes the order to 3 decimals, exactly
    assert.deepEqual([plain!.totalMinor, plain!.totalExponent], [12300, 3]);
    for (const o of [unknown!, unreadable!]) {
      assert.ok(o.attention, o.platformId);
      assert.match(o.attention.reason, /could not read/);
    }
    assert.match(unknown!.attention!.raw, /"XXX"/);
    assert.match(unreadable!.attention!.raw, /"1,5"/);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});

/** An exact decimal text at `exp` decimals, as a BigInt (independent of money.ts). */
const at = (text: string, exp: number): bigint => {
  const [whole, frac = ''] = text.split('.');
  const digits = frac.replace(/0+$/, '');
  assert.ok(digits.length <= exp, `${text} at ${exp}`);
  return BigInt(whole! + digits.padEnd(exp, '0'));
};

test('taxesIncluded orders and null figures (objects/Order, objects/Refund): each figure from the node, a null one not available for that order only', async () => {
  const sim = await startShopifySimulator({ count: 600, currencies: ['USD', 'KWD'], taxesIncluded: 'mixed', nulls: true, maxAvailable: 1e6, restoreRate: 1e6 });
  try {
    const got = byId((await fetchAllPages(shopifyOrderAdapter, ctxFor(sim))).orders);
    const seen = { included: 0, excluded: 0, subtotal: 0, discounts: 0, tax: 0, refundDate: 0 };
    for (const s of sim.orderSnapshot()) {
      const n = s.node as any;
      const o = got.get(s.platformId)!;
      assert.equal(o.attention, undefined, 'a null figure never makes the order need attention');
      const exp = o.totalExponent!;
      const money = (bag: any) => (bag === null ? undefined : at(bag.shopMoney.amount, exp));
      const [total, subtotal, discounts, shipping, tax] = [
        n.totalPriceSet,
        n.subtotalPriceSet,
        n.totalDiscountsSet,
        n.totalShippingPriceSet,
        n.totalTaxSet,
      ].map(money);
      const lineTax = (n.taxLines as any[]).reduce((sum, t) => sum + at(t.priceSet.shopMoney.amount, exp), 0n);
      const included = n.taxesIncluded === true;
      seen[included ? 'included' : 'excluded']++;
      if (subtotal === undefined) seen.subtotal++;
      if (discounts === undefined) seen.discounts++;
      if (tax === undefined) seen.tax++;
      // gross excludes tax: a tax-inclusive subtotal holds the line items' tax
      const gross = subtotal === undefined || discounts === undefined ? undefined : subtotal - (included ? lineTax : 0n) + discounts;
      // shipping excludes tax: a tax-inclusive shipping price holds the tax not on line items
      const ship = !included ? shipping : tax === undefined ? undefined : shipping! - (tax - lineTax);
      const opt = (v: number | undefined) => (v === undefined ? undefined : BigInt(v));
      assert.deepEqual(
        [BigInt(o.totalMinor), opt(o.grossMinor), opt(o.discountsMinor), opt(o.shippingMinor), opt(o.taxMinor)],
        [total, gross, discounts, ship, tax],
        `${s.platformId} included=${included}`,
      );
      // the figures add up to the order's total whenever all are there
      if (gross !== undefined && tax !== undefined && ship !== undefined) assert.equal(gross - discounts! + ship + tax, total);
      const undated = (n.refunds as any[]).some((r) => r.createdAt === null);
      if (undated) seen.refundDate++;
      if (undated) assert.equal(o.refunds, undefined, 'returns not available for an order with an undated refund');
      else
        assert.deepEqual(
          o.refunds?.map((r) => [r.at, BigInt(r.amountMinor)]),
          (n.refunds as any[]).map((r) => [Date.parse(r.createdAt), money(r.totalRefundedSet)]),
        );
    }
    assert.ok(
      Object.values(seen).every((v) => v > 0),
      JSON.stringify(seen),
    );

    // In the summary, an order's null figure makes that figure "not available"; the order and its total still count.
    const store = new OrderStore(':memory:');
    try {
      store.commitPage('c', [...got.values()], { updatedSince: null, page: null, runMaxUpdated: null });
      const sums = new SummaryQueries(store).summary({ fromMs: 0, toMs: Date.UTC(2100, 0) }, { platformOf: () => 'Shopify' }).byCurrency;
      for (const c of sums) {
        const counted = sim.orderSnapshot().filter((x) => (x.node as any).totalPriceSet.shopMoney.currencyCode === c.currency && !(x.node as any).test);
        assert.equal(c.orderCount, counted.length);
        assert.equal(
          c.revenueMinor,
          counted.reduce((sum, x) => sum + x.totalMinor, 0),
        );
        assert.equal(c.grossSalesMinor, undefined);
        assert.ok(c.unavailable?.some((u) => u.figure === 'grossSales' && /Not available from Shopify/.test(u.message)));
      }
    } finally {
      store.close();
    }
  } finally {
    await sim.close();
  }
});
