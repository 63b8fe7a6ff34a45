/** Conformance of the WooCommerce simulator with the WC REST v3 / WP REST docs, awkward sites included. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basicAuth } from '../simulators/shopify/adapter-driver.ts';
import { startWooSimulator, type WooSimulator } from '../simulators/woocommerce/server.ts';

const get = (sim: WooSimulator, path: string, auth: Record<string, string> = basicAuth(sim.consumerKey, sim.consumerSecret)) =>
  fetch(`${sim.baseUrl}${path}`, { headers: auth });

test('orders: X-WP-Total / X-WP-TotalPages, per_page limit, decimal-string money, *_gmt dates without zone', async () => {
  const sim = await startWooSimulator({ count: 250, currencies: ['EUR'] });
  try {
    const res = await get(sim, '/wp-json/wc/v3/orders?per_page=100&page=3&orderby=modified&order=asc');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-wp-total'), '250');
    assert.equal(res.headers.get('x-wp-totalpages'), '3');
    assert.match(res.headers.get('link')!, /rel="prev"/);
    const orders = (await res.json()) as any[];
    assert.equal(orders.length, 50);
    assert.match(orders[0].total, /^\d+\.\d{2}$/);
    assert.equal(orders[0].currency, 'EUR');
    assert.match(orders[0].date_modified_gmt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    assert.notEqual(orders[0].date_created, orders[0].date_created_gmt, 'site local time differs from GMT');
    assert.ok(Array.isArray(orders[0].line_items));
    assert.equal((await get(sim, '/wp-json/wc/v3/orders?per_page=101')).status, 400);
  } finally {
    await sim.close();
  }
});

test('modified_after is exclusive and compared in GMT with dates_are_gmt=true; _fields trims the objects', async () => {
  const sim = await startWooSimulator({ count: 20 });
  try {
    const all = (await (await get(sim, '/wp-json/wc/v3/orders?per_page=100&orderby=modified&order=asc&dates_are_gmt=true')).json()) as any[];
    const pivot = all[9].date_modified_gmt as string;
    const after = (await (
      await get(sim, `/wp-json/wc/v3/orders?per_page=100&orderby=modified&order=asc&dates_are_gmt=true&modified_after=${pivot}`)
    ).json()) as any[];
    assert.deepEqual(
      after.map((o) => o.id),
      all.slice(10).map((o) => o.id),
    );
    const slim = (await (await get(sim, '/wp-json/wc/v3/orders?per_page=1&_fields=id,total,line_items.quantity')).json()) as any[];
    assert.deepEqual(Object.keys(slim[0]).sort(), ['id', 'line_items', 'total']);
    assert.deepEqual(Object.keys(slim[0].line_items[0]), ['quantity']);
  } finally {
    await sim.close();
  }
});

test('HTTP Basic: a wrong or missing key is 401 JSON woocommerce_rest_cannot_view', async () => {
  const sim = await startWooSimulator({ count: 1 });
  try {
    for (const auth of [basicAuth(sim.consumerKey, 'cs_wrong'), {}]) {
      const res = await get(sim, '/wp-json/wc/v3/orders', auth);
      assert.equal(res.status, 401);
      assert.equal(((await res.json()) as { code: string }).code, 'woocommerce_rest_cannot_view');
    }
  } finally {
    await sim.close();
  }
});

test('plain permalinks: /wp-json/ is the theme 404 page, /?rest_route=/wc/v3/orders works', async () => {
  const sim = await startWooSimulator({ count: 3, plainPermalinks: true });
  try {
    const pretty = await get(sim, '/wp-json/wc/v3/orders');
    assert.equal(pretty.status, 404);
    assert.match(pretty.headers.get('content-type')!, /text\/html/);
    const plain = await get(sim, '/?rest_route=%2Fwc%2Fv3%2Forders&per_page=10');
    assert.equal(plain.status, 200);
    assert.equal(((await plain.json()) as unknown[]).length, 3);
    assert.equal((await get(sim, '/?rest_route=/wc/v3/nothing')).status, 404);
  } finally {
    await sim.close();
  }
});

test('security plugin -> HTML 403; maintenance -> HTML 503 with Retry-After; injected 429 carries Retry-After', async () => {
  const sim = await startWooSimulator({ count: 1, securityPlugin: true });
  try {
    const blocked = await get(sim, '/wp-json/wc/v3/orders');
    assert.equal(blocked.status, 403);
    assert.match(await blocked.text(), /^<!DOCTYPE html>/);
    sim.setOptions({ securityPlugin: false, maintenance: true });
    const maint = await get(sim, '/wp-json/wc/v3/orders');
    assert.equal(maint.status, 503);
    assert.equal(maint.headers.get('retry-after'), '600');
    sim.setOptions({ maintenance: false });
    sim.failNext(1, 429);
    const limited = await get(sim, '/wp-json/wc/v3/orders');
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '1');
    assert.equal((await get(sim, '/wp-json/wc/v3/orders')).status, 200);
  } finally {
    await sim.close();
  }
});
