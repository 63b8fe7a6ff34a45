/**
 * The order writer thread (main/sync/page-writer.ts): owns one OrderStore connection and commits
 * pages in message order, answering only after COMMIT. Pages that queued up while it was writing
 * are group-committed: consecutive pages of one connection in ONE transaction with the last page's
 * checkpoint (security.md #34, #35). 'sweep' deletes a discarded connection's data after earlier pages.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { OrderStore } from './order-store.ts';
import type { WriterReply, WriterRequest } from './page-writer.ts';

const { dbPath, dayOffsets } = workerData as { dbPath: string; dayOffsets: number[] };
const store = new OrderStore(dbPath, { dayOffsets });
const port = parentPort!;
const MAX_GROUP = 16;
let queue: WriterRequest[] = [];
/** Runs with a failed page: their later pages are refused unwritten (no checkpoint past a lost page). */
const failedRuns = new Set<string>();
const runKey = (r: WriterRequest): string => `${r.connectionId}#${r.run ?? 0}`;
let scheduled = false;
port.postMessage({ id: 0 } satisfies WriterReply); // ready

function errorOf(err: unknown): WriterReply['error'] {
  const e = err instanceof Error ? err : new Error(String(err));
  return { name: e.name, message: e.message };
}

function flush(): void {
  scheduled = false;
  const work = queue;
  queue = [];
  for (let i = 0; i < work.length;) {
    const req = work[i]!;
    if (req.op === 'close') {
      store.close();
      port.close();
      return;
    }
    if (req.op === 'sweep') {
      let error: WriterReply['error'];
      try {
        store.deleteConnection(req.connectionId);
      } catch (err) {
        error = errorOf(err);
      }
      port.postMessage({ id: req.id, ...(error ? { error } : {}) } satisfies WriterReply);
      i++;
      continue;
    }
    let j = i;
    while (j < work.length && j - i < MAX_GROUP && work[j]!.op === 'commit' && runKey(work[j]!) === runKey(req)) j++;
    const group = work.slice(i, j);
    let error: WriterReply['error'];
    if (failedRuns.has(runKey(req))) {
      error = { name: 'Error', message: 'an earlier page of this sync run was not saved' };
    } else {
      try {
        store.commitPages(
          req.connectionId,
          group.map((g) => ({ orders: g.orders ?? [], checkpoint: g.checkpoint! })),
        );
      } catch (err) {
        error = errorOf(err);
        failedRuns.add(runKey(req));
      }
    }
    for (const g of group) port.postMessage({ id: g.id, ...(error ? { error } : {}) } satisfies WriterReply);
    i = j;
  }
}

port.on('message', (req: WriterRequest) => {
  queue.push(req);
  if (!scheduled) {
    scheduled = true;
    setImmediate(flush);
  }
});
