/**
 * The worker writer's group commit (main/sync/page-writer-worker.ts): pages queued while it writes
 * land together, each group with the checkpoint of its last page; once a page of a run fails, the
 * run's later pages are refused unwritten, so no checkpoint can ever skip a lost page (security.md #35).
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NormalizedOrder } from '../../main/sync/order-adapter.ts';
import { OrderStore } from '../../main/sync/order-store.ts';
import { WorkerPageWriter, workerScript } from '../../main/sync/page-writer.ts';

const order = (i: number, over: Partial<NormalizedOrder> = {}): NormalizedOrder => ({
  platformId: `o${i}`,
  orderNumber: `#${i}`,
  createdAt: 1_700_000_000_000 + i,
  updatedAt: 1_700_000_000_000 + i,
  status: 'open',
  financialStatus: 'paid',
  currency: 'USD',
  totalMinor: 100 * i,
  itemCount: 1,
  ...over,
});
/** A fresh database with a worker writer on it, closed after the test. */
async function openWriter(t: TestContext): Promise<{ store: OrderStore; writer: WorkerPageWriter }> {
  const db = join(mkdtempSync(join(tmpdir(), 'writer-')), 'o.sqlite');
  const store = new OrderStore(db);
  const writer = new WorkerPageWriter(workerScript()!, db, store.dayOffsets);
  t.after(async () => {
    await writer.close();
    store.close();
  });
  await writer.ready;
  return { store, writer };
}

const cp = (page: string) => ({ updatedSince: '2024-01-01T00:00:00.000Z', page, runMaxUpdated: null });

test('security.md #35: pages sent back to back are all committed, the checkpoint is the last page', async (t) => {
  const { store, writer } = await openWriter(t);
  await Promise.all([1, 2, 3, 4, 5].map((p) => writer.commit('c', [order(p * 10), order(p * 10 + 1)], cp(`p${p}`), 1)));
  assert.equal(store.orderCount('c'), 10);
  assert.equal(store.getCheckpoint('c')?.page, 'p5');
});

test('security.md #35: after a page of a run fails, its later pages are refused unwritten and the checkpoint stays before the lost page', async (t) => {
  const { store, writer } = await openWriter(t);
  await writer.commit('c', [order(1)], cp('p1'), 7);
  // Pipelined as the engine does (nobody awaits page 2 before sending 3 and 4), but 3 and 4 reach
  // the writer after it has already tried page 2 on its own: page 2 is invalid (money as a float).
  const p2 = writer.commit('c', [order(2, { totalMinor: 12.5 })], cp('p2'), 7);
  p2.catch(() => {});
  await new Promise((r) => setTimeout(r, 100));
  const results = await Promise.allSettled([p2, writer.commit('c', [order(3)], cp('p3'), 7), writer.commit('c', [order(4)], cp('p4'), 7)]);
  assert.deepEqual(
    results.map((r) => r.status),
    ['rejected', 'rejected', 'rejected'],
  );
  assert.equal(store.orderCount('c'), 1, 'nothing after the failed page was written');
  assert.equal(store.getCheckpoint('c')?.page, 'p1', 'resume from before the lost page');
  // A new run (the retry) is not poisoned.
  await writer.commit('c', [order(2), order(3)], cp('p3'), 8);
  assert.equal(store.orderCount('c'), 3);
});
