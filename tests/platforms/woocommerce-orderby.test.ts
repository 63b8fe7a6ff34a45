/**
 * `orderby` on older WooCommerce stores. The REST API docs (woocommerce/woocommerce-rest-api-docs, wp-api-v3
 * _orders.md "List all orders") list `orderby` options date, id, include, title and slug; `modified` only
 * exists in newer WooCommerce, and an older store answers 400 `rest_invalid_param` (WordPress REST argument
 * validation: `data.params` names the argument). The adapter falls back to `orderby=date` with a fixed
 * `modified_after` and catch-up passes (main/sync/adapters/woocommerce-orders.ts).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { woocommerceOrderAdapter } from '../../main/sync/adapters/woocommerce-orders.ts';
import { basicAuth, byId, fetchAllPages, makeContext } from '../simulators/shopify/adapter-driver.ts';
import { startWooSimulator, type WooSimulator } from '../simulators/woocommerce/server.ts';

const ctxFor = (sim: WooSimulator) =>
  makeContext({ apiBase: `${sim.baseUrl}/`, credentialHeaders: basicAuth(sim.consumerKey, sim.consumerSecret), fields: { storeUrl: sim.baseUrl } });
const orderbyOf = (line: string) => new URLSearchParams(line.split('?')[1]).get('orderby');
const modifiedGmt = (sim: WooSimulator) =>
  new Map(sim.orderSnapshot().map((s) => [s.platformId, Date.parse(`${(s.json as { date_modified_gmt: string }).date_modified_gmt}Z`)]));

test('simulator (older store): orderby=modified is 400 rest_invalid_param naming orderby; the documented values work; bad orderby/order refused in every mode', async () => {
  const older = await startWooSimulator({ count: 5, orderbyModified: false });
  const newer = await startWooSimulator({ count: 5 });
  try {
    const get = (sim: WooSimulator, q: string) =>
      fetch(`${sim.baseUrl}/wp-json/wc/v3/orders?${q}`, { headers: basicAuth(sim.consumerKey, sim.consumerSecret) });
    const refused = await get(older, 'orderby=modified&order=asc');
    assert.equal(refused.status, 400);
    const body = (await refused.json()) as { code: string; message: string; data: { status: number; params: Record<string, string> } };
    assert.equal(body.code, 'rest_invalid_param');
    assert.equal(body.data.status, 400);
    assert.match(body.data.params.orderby!, /date, id, include, title, and slug/);
    for (const v of ['date', 'id', 'include', 'title', 'slug']) assert.equal((await get(older, `orderby=${v}`)).status, 200, v);
    assert.equal((await get(newer, 'orderby=modified')).status, 200, 'newer stores accept modified');
    for (const sim of [older, newer]) {
      assert.equal((await get(sim, 'orderby=price')).status, 400);
      assert.equal((await get(sim, 'order=sideways')).status, 400);
    }
  } finally {
    await older.close();
    await newer.close();
  }
});

test('older store: the adapter falls back to orderby=date once, says so, remembers it, and reads every order', async () => {
  const sim = await startWooSimulator({ count: 345, orderbyModified: false });
  try {
    const run = await fetchAllPages(woocommerceOrderAdapter, ctxFor(sim));
    assert.equal(byId(run.orders).size, 345);
    const lines = sim.stats().requestLines.filter((l) => l.includes('/wc/v3/orders?'));
    assert.equal(lines.filter((l) => orderbyOf(l) === 'modified').length, 1, 'asked once');
    assert.ok(lines.slice(1).every((l) => orderbyOf(l) === 'date' && l.includes('order=asc')));
    assert.match(run.pages[0]!.warnings?.join(' ') ?? '', /older WooCommerce/);
    for (const t of run.tokens) assert.equal(JSON.parse(t).orderby, 'date');
  } finally {
    await sim.close();
  }
});

test('older store: orders changed in the middle of a run are read again in their latest version (catch-up pass)', async () => {
  const sim = await startWooSimulator({ count: 400, orderbyModified: false });
  try {
    const ctx = ctxFor(sim);
    const first = await fetchAllPages(woocommerceOrderAdapter, ctx, { maxPages: 2 });
    const seen = new Set(first.orders.map((o) => o.platformId));
    const touched = sim.touchOrders(80);
    const rest = await fetchAllPages(woocommerceOrderAdapter, ctx, { startPage: first.tokens[1] });
    const all = byId([...first.orders, ...rest.orders]);
    assert.equal(all.size, 400);
    const truth = modifiedGmt(sim);
    assert.ok(
      touched.some((id) => seen.has(id)),
      'some changed orders had already been read',
    );
    for (const id of touched) assert.equal(all.get(id)!.updatedAt, truth.get(id), `order ${id} in its latest version`);
  } finally {
    await sim.close();
  }
});

test('older store: an incremental run returns every change since the bound and nothing older', async () => {
  const sim = await startWooSimulator({ count: 300, orderbyModified: false });
  try {
    const ctx = ctxFor(sim);
    const full = await fetchAllPages(woocommerceOrderAdapter, ctx);
    const lastSeen = Math.max(...full.orders.map((o) => o.updatedAt));
    await new Promise((r) => setTimeout(r, 1100)); // WordPress stores modified times in whole seconds
    const changed = [...sim.touchOrders(120), ...sim.addOrders(3)];
    const inc = await fetchAllPages(woocommerceOrderAdapter, ctx, { updatedSince: new Date(lastSeen + 1000).toISOString() });
    const ids = new Set(inc.orders.map((o) => o.platformId));
    for (const id of changed) assert.ok(ids.has(id), id);
    assert.equal(ids.size, 123);
  } finally {
    await sim.close();
  }
});
