import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { demoOrders } from '../../main/sync/adapters/demo-orders.ts';
import { OrderStore } from '../../main/sync/order-store.ts';
import { SyncEngine, type SyncEngineOptions } from '../../main/sync/sync-engine.ts';
import type { SyncStatusView } from '../../shared/view-models.ts';
import { demoTarget, httpHost, OrderSource, sourceOrders, storedOrders } from './fixtures/index.ts';

const sources: OrderSource[] = [];
after(async () => {
  for (const s of sources) await s.close();
});

async function setup(source: OrderSource, extra: Partial<SyncEngineOptions> = {}) {
  sources.push(source);
  const base = await source.start();
  const store = new OrderStore(':memory:');
  const events: SyncStatusView[] = [];
  const host = httpHost(base, [demoTarget('c1')]);
  const engine = new SyncEngine({
    store,
    host,
    adapters: { demo: demoOrders },
    random: () => 0.5,
    backoffBaseMs: 2,
    onProgress: (v) => events.push(structuredClone(v)),
    ...extra,
  });
  return { store, engine, events, host };
}

describe('SyncEngine against a paginating HTTP source', () => {
  test('stores every order exactly once through 429s and 5xx (security.md #35, #36)', async () => {
    const source = new OrderSource({ count: 1234, faults: { every429: 5, every5xx: 7 } });
    const { store, engine, events } = await setup(source);
    const outcome = await engine.syncNow('c1');
    assert.equal(outcome.result, 'ok', JSON.stringify(outcome.error));
    assert.deepEqual(storedOrders(store.db, 'c1'), sourceOrders(source));
    assert.equal(store.orderCount('c1'), 1234);
    assert.equal(outcome.orders, 1234);
    assert.ok(source.requests > source.pagesServed, 'faults were injected');
    const cp = store.getCheckpoint('c1')!;
    assert.equal(cp.page, null);
    assert.equal(cp.updatedSince, new Date(Math.max(...[...source.orders.values()].map((o) => o.updatedAt))).toISOString());
    assert.equal(cp.lastResult, 'ok');
    const running = events.filter((e) => e.state.kind === 'running');
    assert.ok(running.some((e) => e.state.kind === 'running' && e.state.pages === 13 && e.state.orders === 1234));
    assert.equal(events.at(-1)!.state.kind, 'idle');
    assert.equal(events.at(-1)!.orderCount, 1234);
    store.close();
  });

  test('an incremental re-sync fetches only what changed (plus the overlap) and replaces changed orders', async () => {
    const source = new OrderSource({ count: 800 });
    const { store, engine } = await setup(source, { overlapMs: 1000 });
    assert.equal((await engine.syncNow('c1')).result, 'ok');
    const servedBefore = source.ordersServed;
    source.change(30);
    source.add(20);
    const outcome = await engine.syncNow('c1');
    assert.equal(outcome.result, 'ok');
    assert.deepEqual(storedOrders(store.db, 'c1'), sourceOrders(source));
    assert.equal(store.orderCount('c1'), 820);
    const second = source.ordersServed - servedBefore;
    assert.ok(second >= 50 && second < 60, `second run fetched ${second} orders`);
    store.close();
  });

  test('a raised adapter revision reads the stored orders again from the start, once; then incremental again', async () => {
    const source = new OrderSource({ count: 400 });
    sources.push(source);
    const base = await source.start();
    const store = new OrderStore(':memory:');
    const engineWith = (adapter: typeof demoOrders) =>
      new SyncEngine({ store, host: httpHost(base, [demoTarget('c1')]), adapters: { demo: adapter }, random: () => 0.5, backoffBaseMs: 2, overlapMs: 1000 });
    assert.equal((await engineWith(demoOrders).syncNow('c1')).result, 'ok');
    assert.equal(store.getCheckpoint('c1')!.adapterRevision, 1, 'a first run records the revision that read the orders');
    // A database from before revisions were kept (order-schema.ts V5: NULL) counts as revision 1.
    store.db.exec('UPDATE sync_checkpoints SET adapter_revision = NULL');
    let served = source.ordersServed;
    assert.equal((await engineWith(demoOrders).syncNow('c1')).result, 'ok');
    assert.ok(source.ordersServed - served < 50, `same revision: incremental, fetched ${source.ordersServed - served}`);

    const revised = { ...demoOrders, revision: 2 };
    served = source.ordersServed;
    const again = await engineWith(revised).syncNow('c1');
    assert.equal(again.result, 'ok');
    assert.equal(source.ordersServed - served, 400, 'revision 2 reads every order again');
    assert.equal(store.orderCount('c1'), 400, 'upserted by id: nothing doubles');
    assert.deepEqual(storedOrders(store.db, 'c1'), sourceOrders(source));
    assert.equal(store.getCheckpoint('c1')!.adapterRevision, 2);
    source.change(5);
    served = source.ordersServed;
    assert.equal((await engineWith(revised).syncNow('c1')).result, 'ok');
    const third = source.ordersServed - served;
    assert.ok(third >= 5 && third < 50, `then incremental again, fetched ${third}`);
    store.close();
  });

  test('a second syncNow joins the running run: one run per connection', async () => {
    const source = new OrderSource({ count: 500, delayMs: 5 });
    const { store, engine } = await setup(source);
    const a = engine.syncNow('c1');
    const b = engine.syncNow('c1');
    assert.equal(a, b);
    assert.equal(engine.isRunning('c1'), true);
    await a;
    assert.equal(source.pagesServed, 5);
    assert.equal(engine.isRunning('c1'), false);
    store.close();
  });

  test('cancel stops the run as idle/cancelled; the next run resumes from the checkpoint', async () => {
    const source = new OrderSource({ count: 3000, delayMs: 10 });
    const { store, engine, events } = await setup(source);
    let cancelled = false;
    const run = engine.syncNow('c1');
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (events.some((e) => e.state.kind === 'running' && e.state.pages >= 3)) {
          clearInterval(poll);
          cancelled = engine.cancel('c1');
          resolve();
        }
      }, 2);
    });
    const outcome = await run;
    assert.equal(cancelled, true);
    assert.equal(outcome.result, 'cancelled');
    const status = engine.status('c1');
    assert.equal(status.state.kind, 'idle');
    assert.equal(status.state.kind === 'idle' && status.state.lastResult, 'cancelled');
    assert.ok(store.getCheckpoint('c1')!.page, 'an unfinished run keeps its page');
    assert.ok(store.orderCount('c1') < 3000);
    const pagesBefore = source.pagesServed;
    assert.equal((await engine.syncNow('c1')).result, 'ok');
    assert.deepEqual(storedOrders(store.db, 'c1'), sourceOrders(source));
    assert.ok(source.pagesServed - pagesBefore < 30, 'resumed, not restarted');
    store.close();
  });

  test('persistent 5xx: bounded retries, then a typed failure in plain words; checkpoint kept', async () => {
    const source = new OrderSource({ count: 300 });
    const { store, engine } = await setup(source, { maxRetries: 3 });
    assert.equal((await engine.syncNow('c1')).result, 'ok');
    const cpBefore = store.getCheckpoint('c1')!.updatedSince;
    source.add(5);
    source.failWith = 503;
    const before = source.requests;
    const outcome = await engine.syncNow('c1');
    assert.equal(outcome.result, 'failed');
    assert.equal(outcome.error!.code, 'sync_failed');
    assert.match(outcome.error!.message, /could not be reached after 4 tries/);
    assert.equal(source.requests - before, 4);
    assert.equal(store.getCheckpoint('c1')!.updatedSince, cpBefore);
    const status = engine.status('c1');
    assert.equal(status.state.kind === 'idle' && status.state.lastError?.code, 'sync_failed');
    source.failWith = undefined;
    assert.equal((await engine.syncNow('c1')).result, 'ok');
    assert.equal(store.orderCount('c1'), 305);
    store.close();
  });

  test('rate limits: Retry-After is waited with waitingUntil shown, and bounded (security.md #36)', async () => {
    const source = new OrderSource({ count: 150, faults: { every429: 2, retryAfter: '1' } });
    const { store, engine, events } = await setup(source, { random: () => 0, maxRateLimitWaits: 3 });
    assert.equal((await engine.syncNow('c1')).result, 'ok');
    assert.deepEqual(storedOrders(store.db, 'c1'), sourceOrders(source));
    const waits = events.filter((e) => e.state.kind === 'running' && e.state.waitingUntil !== undefined);
    assert.ok(waits.length >= 1, 'a waitingUntil progress event');
    source.add(1);
    source.faults = { every429: 1, retryAfter: '0' };
    const before = source.requests;
    const outcome = await engine.syncNow('c1');
    assert.equal(outcome.result, 'failed');
    assert.equal(outcome.error!.code, 'rate_limited');
    assert.equal(source.requests - before, 4, 'first try + 3 waits');
    store.close();
  });

  test('a 401 that survives the core refresh fails at once asking to reconnect; inactive and unknown targets are refused', async () => {
    const source = new OrderSource({ count: 10 });
    const { store, engine, host } = await setup(source);
    source.failWith = 401;
    const before = source.requests;
    const outcome = await engine.syncNow('c1');
    assert.equal(outcome.error!.code, 'needs_reauthorization');
    assert.equal(source.requests - before, 1);
    host.targets.push(demoTarget('off', { active: false }), demoTarget('odd', { adapterId: 'nope' }));
    assert.equal((await engine.syncNow('off')).error!.code, 'needs_reauthorization');
    assert.equal((await engine.syncNow('odd')).error!.code, 'unknown_provider');
    store.close();
  });
});
