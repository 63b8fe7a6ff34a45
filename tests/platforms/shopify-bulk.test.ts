/**
 * Big Shopify stores, through the real sync engine and real SQLite against the simulator on loopback:
 * a first sync of more than 25,000 orders as a Bulk Operation (exact counts and totals), the incremental
 * sync after it, a run killed (SIGKILL) in the middle of the bulk export and resumed, `updated_at`
 * windows when more than 25,000 orders changed, a failed export falling back to windows, and the
 * simulator's refusals (pagination cap, bulk query checks, one export at a time, signed URL).
 * Sources: shopify.dev/docs/api/usage/limits, shopify.dev/docs/api/usage/bulk-operations/queries.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DatabaseSync } from 'node:sqlite';
import { createShopifyOrderAdapter, SHOPIFY_GRAPHQL_PATH } from '../../main/sync/adapters/shopify-orders.ts';
import {
  BULK_RUN_MUTATION,
  BULK_STATUS_QUERY,
  bulkOrdersQuery,
  ORDERS_COUNT_QUERY,
  RUNNING_BULK_FILTER,
  RUNNING_BULK_QUERY,
} from '../../main/sync/adapters/shopify-bulk.ts';
import { RateLimitedError } from '../../main/sync/order-adapter.ts';
import { SHOPIFY_ORDERS_QUERY } from '../../main/sync/adapters/shopify-orders.ts';
import { OrderStore } from '../../main/sync/order-store.ts';
import { SyncEngine } from '../../main/sync/sync-engine.ts';
import { fetchAllPages, makeContext } from '../simulators/shopify/adapter-driver.ts';
import { startShopifySimulator, type ShopifySimulator } from '../simulators/shopify/server.ts';
import { shopifyHost } from './fixtures/shopify-host.ts';

const SHOP = 'big-store.myshopify.com';
const CHILD = fileURLToPath(new URL('./fixtures/shopify-sync-child.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'storelink-shopify-bulk-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const FAST = { maxAvailable: 1e6, restoreRate: 1e6 };

function engineFor(store: OrderStore, sim: ShopifySimulator, token: string, options = { bulkPollMs: 5 }) {
  return new SyncEngine({ store, host: shopifyHost(sim.shopBase(SHOP), token, SHOP), adapters: { shopify: createShopifyOrderAdapter(options) } });
}

function dbTotals(path: string): { count: number; sum: number } {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const row = db.prepare('SELECT count(*) AS count, coalesce(sum(total_minor), 0) AS sum FROM orders').get() as { count: number; sum: number };
    return { count: row.count, sum: row.sum };
  } finally {
    db.close();
  }
}

const expected = (sim: ShopifySimulator) => {
  const snap = sim.orderSnapshot();
  return { count: snap.length, sum: snap.reduce((s, o) => s + o.totalMinor, 0) };
};

async function gql(sim: ShopifySimulator, token: string, query: string, variables: Record<string, unknown>) {
  const res = await fetch(sim.graphqlUrl(SHOP), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-shopify-access-token': token },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: any; errors?: { message: string; extensions: { code: string } }[] };
}

test('first sync of a store with 30,000 orders runs as one bulk export: exact count and totals; the incremental sync after it pages', async () => {
  const sim = await startShopifySimulator({ count: 30_000, ...FAST });
  const path = join(dir, 'first.sqlite');
  const store = new OrderStore(path);
  try {
    const token = sim.issueToken(SHOP);
    const engine = engineFor(store, sim, token);
    const outcome = await engine.syncNow('c1');
    assert.equal(outcome.result, 'ok', JSON.stringify(outcome.error));
    assert.deepEqual(dbTotals(path), expected(sim));
    assert.equal(sim.bulk.stats.runs, 1, 'one bulk export');
    assert.ok(sim.bulk.stats.polls >= 2, 'polled until COMPLETED');
    assert.equal(sim.bulk.stats.downloads, 1, 'the result file streamed over one download');
    assert.ok(sim.stats().ordersServed < 250, `paged queries served only the after-export window (${sim.stats().ordersServed})`);
    assert.ok(sim.stats().requestLines.every((l) => !l.includes(token)));

    // Incremental: changed and new orders, by paged windows from the watermark (no new export).
    sim.touchOrders(40);
    sim.addOrders(25);
    const next = await engine.syncNow('c1');
    assert.equal(next.result, 'ok', JSON.stringify(next.error));
    assert.deepEqual(dbTotals(path), expected(sim));
    assert.equal(sim.bulk.stats.runs, 1, 'an incremental sync never exports');
    assert.ok(next.orders >= 65 && next.orders < 200, `incremental read ${next.orders}`);
  } finally {
    store.close();
    await sim.close();
  }
});

test('a sync killed in the middle of the bulk export resumes the same export at the saved byte: nothing lost, nothing read twice', async () => {
  const sim = await startShopifySimulator({ count: 30_000, ...FAST });
  const path = join(dir, 'crash.sqlite');
  try {
    const token = sim.issueToken(SHOP);
    new OrderStore(path).close(); // schema first, so the watcher can read
    const killedAt = await new Promise<number>((resolve, reject) => {
      const child = spawn(process.execPath, [CHILD, path, sim.shopBase(SHOP), token], { stdio: ['ignore', 'ignore', 'inherit'] });
      const watch = setInterval(() => {
        try {
          if (dbTotals(path).count >= 6000) child.kill('SIGKILL');
        } catch {
          // the child holds a write lock for a moment
        }
      }, 15);
      child.on('error', reject);
      child.on('exit', (code, signal) => {
        clearInterval(watch);
        if (signal !== 'SIGKILL') return reject(new Error(`the child ended by itself (${code}) before it could be killed`));
        resolve(dbTotals(path).count);
      });
    });
    assert.ok(killedAt >= 6000 && killedAt < 30_000, `killed with ${killedAt} orders committed`);
    const cp = new DatabaseSync(path, { readOnly: true }).prepare('SELECT page FROM sync_checkpoints WHERE connection_id = ?').get('c1') as { page: string };
    const saved = JSON.parse(cp.page) as { mode: string; byte: number };
    assert.equal(saved.mode, 'bulk', 'the checkpoint sits inside the export');
    assert.ok(!cp.page.includes('sig='), 'the signed result URL is never stored');

    const store = new OrderStore(path);
    try {
      const resumed = await engineFor(store, sim, token).syncNow('c1');
      assert.equal(resumed.result, 'ok', JSON.stringify(resumed.error));
      assert.deepEqual(dbTotals(path), expected(sim));
      assert.equal(sim.bulk.stats.runs, 1, 'the same export was resumed, not started again');
      assert.equal(sim.bulk.stats.rangeDownloads, 1, 'the file was read on from the saved byte (Range)');
      // Exactly the orders not yet committed came from the file; the rest are the after-export window.
      const op = [...sim.bulk.ops.values()][0]!;
      const windowOrders = sim.orderSnapshot().filter((o) => Date.parse(o.node.updatedAt as string) >= op.createdAt - 60_000).length;
      assert.equal(resumed.orders, 30_000 - killedAt + windowOrders);
    } finally {
      store.close();
    }
  } finally {
    await sim.close();
  }
});

test('windows: an incremental run over 26,000 changed orders never pages one query past 25,000 objects', async () => {
  const sim = await startShopifySimulator({ count: 26_000, ...FAST });
  try {
    const token = sim.issueToken(SHOP);
    const ctx = makeContext({ apiBase: `${sim.shopBase(SHOP)}/`, credentialHeaders: { 'x-shopify-access-token': token } });
    const run = await fetchAllPages(createShopifyOrderAdapter(), ctx, { updatedSince: '2000-01-01T00:00:00.000Z' });
    assert.equal(new Set(run.orders.map((o) => o.platformId)).size, 26_000, 'every order, once retried windows are merged');
    const tokens = run.tokens.map((t) => JSON.parse(t) as { since?: string; seen: number; after?: string });
    assert.ok(Math.max(...tokens.map((t) => t.seen)) <= 25_000);
    const reopened = tokens.filter((t) => t.after === undefined);
    assert.equal(reopened.length, 1, 'one new window after 25,000 objects');
    assert.ok(reopened[0]!.since! > '2000-01-01', 'the new window starts at the last order read');
    assert.ok(run.orders.length - 26_000 <= 1, 'only orders sharing the boundary instant are read twice');
  } finally {
    await sim.close();
  }
});

test('a failed bulk export falls back to paged windows, with a warning for the admin; counts still exact', async () => {
  const sim = await startShopifySimulator({ count: 26_000, ...FAST, bulk: { failWith: 'INTERNAL_SERVER_ERROR' } });
  const path = join(dir, 'failed.sqlite');
  const store = new OrderStore(path);
  try {
    const outcome = await engineFor(store, sim, sim.issueToken(SHOP)).syncNow('c1');
    assert.equal(outcome.result, 'ok', JSON.stringify(outcome.error));
    assert.deepEqual(dbTotals(path), expected(sim));
    assert.match(outcome.warnings?.join(' ') ?? '', /bulk export of your orders stopped \(INTERNAL_SERVER_ERROR\).*page by page/);
  } finally {
    store.close();
    await sim.close();
  }
});

test('simulator refuses what Shopify refuses: paging past 25,000, counts above 25,000, bad bulk queries, a second export, a wrong signature', async () => {
  const sim = await startShopifySimulator({ count: 25_300, ...FAST, bulk: { pollsToComplete: 1 } });
  try {
    const token = sim.issueToken(SHOP);
    // One query paged to its 25,000th object: the next page is an error.
    let after: string | null = null;
    for (let p = 0; p < 100; p++) {
      const r = await gql(sim, token, SHOPIFY_ORDERS_QUERY, { first: 250, after, query: null });
      after = r.data.orders.pageInfo.endCursor;
      assert.equal(r.data.orders.pageInfo.hasNextPage, true);
    }
    const past = await gql(sim, token, SHOPIFY_ORDERS_QUERY, { first: 250, after, query: null });
    assert.equal(past.errors?.[0]?.extensions.code, 'BAD_REQUEST');
    assert.match(past.errors![0]!.message, /limited to 25000 objects/);
    // Counts: exact up to the limit, AT_LEAST above; never above 25,001.
    assert.deepEqual((await gql(sim, token, ORDERS_COUNT_QUERY, { query: null, limit: 100 })).data.ordersCount, { count: 100, precision: 'AT_LEAST' });
    assert.deepEqual((await gql(sim, token, ORDERS_COUNT_QUERY, { query: null, limit: 100_000 })).data.ordersCount, { count: 25_001, precision: 'AT_LEAST' });
    // queries/ordersCount `limit: Int = 10000`, "Use `null` to have no limit": omitted -> 10,000; null -> no limit (25,001 cap)
    assert.deepEqual((await gql(sim, token, ORDERS_COUNT_QUERY, { query: null })).data.ordersCount, { count: 10_000, precision: 'AT_LEAST' });
    assert.deepEqual((await gql(sim, token, ORDERS_COUNT_QUERY, { query: null, limit: null })).data.ordersCount, { count: 25_001, precision: 'AT_LEAST' });
    // Bulk: unknown field, then a valid export, then a second one while it runs.
    const badField = await gql(sim, token, BULK_RUN_MUTATION, { query: '{ orders { edges { node { id customerEmail } } } }' });
    assert.equal(badField.data.bulkOperationRunQuery.userErrors[0].code, 'INVALID');
    const ok = await gql(sim, token, BULK_RUN_MUTATION, { query: bulkOrdersQuery(SHOPIFY_ORDERS_QUERY) });
    assert.deepEqual(ok.data.bulkOperationRunQuery.userErrors, []);
    const again = await gql(sim, token, BULK_RUN_MUTATION, { query: bulkOrdersQuery(SHOPIFY_ORDERS_QUERY) });
    assert.equal(again.data.bulkOperationRunQuery.userErrors[0].code, 'OPERATION_IN_PROGRESS');
    const status = await gql(sim, token, BULK_STATUS_QUERY, { id: ok.data.bulkOperationRunQuery.bulkOperation.id });
    assert.equal(status.data.bulkOperation.status, 'COMPLETED');
    assert.equal(status.data.bulkOperation.objectCount, '25300');
    const url = new URL(status.data.bulkOperation.url as string);
    url.searchParams.set('sig', 'forged');
    assert.equal((await fetch(url)).status, 403);
    // Another app's token cannot see this app's export.
    const other = await gql(sim, sim.issueTokens(SHOP, ['read_orders'], false).access_token, BULK_STATUS_QUERY, {
      id: ok.data.bulkOperationRunQuery.bulkOperation.id,
    });
    assert.equal(other.data.bulkOperation, null);
    assert.equal(SHOPIFY_GRAPHQL_PATH.endsWith('graphql.json'), true);
  } finally {
    await sim.close();
  }
});

test('count and bulk export respect read_orders: without read_all_orders only the last 60 days, as paged queries', async () => {
  const sim = await startShopifySimulator({ count: 24_000, spanDays: 120, ...FAST });
  const path = join(dir, 'sixty.sqlite');
  const store = new OrderStore(path);
  try {
    const outcome = await engineFor(store, sim, sim.issueToken(SHOP, ['read_orders'])).syncNow('c1');
    assert.equal(outcome.result, 'ok', JSON.stringify(outcome.error));
    assert.equal(sim.bulk.stats.runs, 1, 'about 12,000 visible orders: more than the 10,000 threshold');
    const since = Date.now() - 60 * 86_400_000;
    const visible = sim.orderSnapshot().filter((o) => Date.parse(o.node.createdAt as string) >= since);
    assert.ok(visible.length > 11_000 && visible.length < 13_000, `${visible.length} orders in 60 days`);
    assert.deepEqual(dbTotals(path), { count: visible.length, sum: visible.reduce((s, o) => s + o.totalMinor, 0) });
  } finally {
    store.close();
    await sim.close();
  }
});

/** The adapter's first sync of a small store made "big" by a low threshold, run page by page (no engine). */
async function bulkRun(sim: ShopifySimulator, token: string) {
  const ctx = makeContext({ apiBase: `${sim.shopBase(SHOP)}/`, credentialHeaders: { 'x-shopify-access-token': token } });
  const run = await fetchAllPages(createShopifyOrderAdapter({ bulkThreshold: 100, bulkPollMs: 5, bulkRetryMs: 20 }), ctx);
  const documents = ctx.calls.map((c) => String(JSON.parse(c.body!).query));
  return { run, documents };
}

test('OPERATION_IN_PROGRESS: our own export left by a dead run is found with bulkOperations (not the deprecated currentBulkOperation) and adopted', async () => {
  const sim = await startShopifySimulator({ count: 300, ...FAST });
  try {
    const token = sim.issueToken(SHOP);
    // the dead run started the export, then died before committing its position
    const started = await gql(sim, token, BULK_RUN_MUTATION, { query: bulkOrdersQuery(SHOPIFY_ORDERS_QUERY) });
    const id = started.data.bulkOperationRunQuery.bulkOperation.id as string;
    const { run, documents } = await bulkRun(sim, token);
    assert.equal(new Set(run.orders.map((o) => o.platformId)).size, 300);
    assert.equal(sim.bulk.stats.runs, 1, 'no second export');
    assert.ok(
      run.tokens.some((t) => JSON.parse(t).op === id),
      'the dead run’s export was adopted',
    );
    assert.ok(documents.some((d) => d === RUNNING_BULK_QUERY));
    assert.ok(documents.every((d) => !/currentBulkOperation/.test(d)));
  } finally {
    await sim.close();
  }
});

test('LIMIT_REACHED is "try again later": a RateLimitedError the engine waits out, then the export starts; counts exact', async () => {
  const sim = await startShopifySimulator({ count: 300, ...FAST, bulk: { limitReached: 2 } });
  try {
    const token = sim.issueToken(SHOP);
    const { run, documents } = await bulkRun(sim, token);
    assert.equal(new Set(run.orders.map((o) => o.platformId)).size, 300);
    assert.equal(run.rateLimited.length, 2);
    assert.ok(run.rateLimited.every((e) => e instanceof RateLimitedError && e.retryAfterMs === 20 && /limit of bulk exports/.test(e.message)));
    assert.equal(sim.bulk.stats.runs, 1);
    assert.equal(documents.filter((d) => d === RUNNING_BULK_QUERY).length, 2, 'each refusal first looked for our own running export');

    // Through the engine: a store that keeps answering LIMIT_REACHED ends the run as rate-limited (not a generic
    // failure), with its position kept, and the next sync starts the export.
    sim.bulk.answerLimitReached(1000);
    const path = join(dir, 'limit.sqlite');
    const store = new OrderStore(path);
    try {
      const engine = new SyncEngine({
        store,
        host: shopifyHost(sim.shopBase(SHOP), token, SHOP),
        adapters: { shopify: createShopifyOrderAdapter({ bulkThreshold: 100, bulkPollMs: 5, bulkRetryMs: 1 }) },
      });
      const limited = await engine.syncNow('c1');
      assert.equal(limited.result, 'failed');
      assert.equal(limited.error?.code, 'rate_limited', JSON.stringify(limited.error));
      sim.bulk.answerLimitReached(0);
      const next = await engine.syncNow('c1');
      assert.equal(next.result, 'ok', JSON.stringify(next.error));
      assert.deepEqual(dbTotals(path), expected(sim));
      assert.equal(sim.bulk.stats.runs, 2);
    } finally {
      store.close();
    }
  } finally {
    await sim.close();
  }
});

test('simulator: bulkOperations lists only this app’s operations, filtered by status and type, newest first; currentBulkOperation is flagged deprecated', async () => {
  const sim = await startShopifySimulator({ count: 300, ...FAST, bulk: { pollsToComplete: 1 } });
  try {
    const token = sim.issueToken(SHOP);
    const run = async () =>
      (await gql(sim, token, BULK_RUN_MUTATION, { query: bulkOrdersQuery(SHOPIFY_ORDERS_QUERY) })).data.bulkOperationRunQuery.bulkOperation.id;
    const a = await run();
    assert.equal((await gql(sim, token, BULK_STATUS_QUERY, { id: a })).data.bulkOperation.status, 'COMPLETED');
    const b = await run();
    const list = async (filter: unknown, doc = RUNNING_BULK_QUERY, t = token) => gql(sim, t, doc, { query: filter });
    assert.deepEqual(
      (await list(RUNNING_BULK_FILTER)).data.bulkOperations.nodes.map((n: any) => [n.id, n.status]),
      [[b, 'CREATED']],
    );
    assert.deepEqual(
      (await list('status:completed operation_type:query')).data.bulkOperations.nodes.map((n: any) => n.id),
      [a],
    );
    assert.deepEqual((await list('operation_type:mutation')).data.bulkOperations.nodes, []);
    assert.deepEqual(
      (await list(null)).data.bulkOperations.nodes.map((n: any) => n.id),
      [b, a],
      'newest first',
    );
    const oldestFirst = RUNNING_BULK_QUERY.replace('sortKey: CREATED_AT', 'sortKey: CREATED_AT, reverse: true');
    assert.deepEqual(
      (await list(null, oldestFirst)).data.bulkOperations.nodes.map((n: any) => n.id),
      [a, b],
    );
    // "Returns the app's bulk operations": another app sees none of them
    const other = sim.issueTokens(SHOP, ['read_orders'], false).access_token;
    assert.deepEqual((await list(null, RUNNING_BULK_QUERY, other)).data.bulkOperations.nodes, []);
    // not modelled / not a field: errors, never a silent empty list
    assert.equal((await list('created_at:>2025-10-10')).errors?.[0]?.extensions.code, 'BAD_REQUEST');
    assert.equal((await list('(status:running')).errors?.[0]?.extensions.code, 'BAD_REQUEST');
    assert.equal((await list(null, RUNNING_BULK_QUERY.replace('first: 5', 'first: 251'))).errors?.[0]?.extensions.code, 'BAD_REQUEST');
    assert.equal((await list(null, RUNNING_BULK_QUERY.replace('query } }', 'query shopName } }'))).errors?.[0]?.extensions.code, 'undefinedField');
    // the deprecated query still answers, with X-Shopify-API-Deprecated-Reason
    const res = await fetch(sim.graphqlUrl(SHOP), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shopify-access-token': token },
      body: JSON.stringify({ query: 'query { currentBulkOperation(type: QUERY) { id status } }' }),
    });
    assert.equal(((await res.json()) as any).data.currentBulkOperation.id, b);
    assert.match(res.headers.get('x-shopify-api-deprecated-reason') ?? '', /currentBulkOperation/);
  } finally {
    await sim.close();
  }
});
