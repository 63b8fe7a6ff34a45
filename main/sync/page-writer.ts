/**
 * Where the sync engine commits pages. Either inline (OrderStore.commitPage on the calling thread)
 * or in a worker thread (node:worker_threads) that owns its own connection to the same SQLite file
 * (WAL: the main thread's read connection sees each commit once it is done), so fetching and
 * parsing the next page overlaps with writing this one on another core.
 *
 * Either way a page's orders and its checkpoint are ONE transaction (security.md #34, #35): the
 * worker runs the very same OrderStore.commitPage and only answers once it has committed. Pages
 * are committed in the order they were sent (one message queue, one thread).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { NormalizedOrder } from './order-adapter.ts';
import type { Checkpoint, OrderStore } from './order-store.ts';

export interface PageWriter {
  /**
   * Resolves once the page and its checkpoint are committed; rejects (nothing written) otherwise.
   * `run` identifies the sync run: after one of its pages failed, its later pages are refused
   * unwritten, so a checkpoint can never skip past a page that did not land.
   */
  commit(connectionId: string, orders: readonly NormalizedOrder[], checkpoint: Checkpoint, run: number): Promise<void>;
  /** Deletes the connection's data after every page already sent (a run being discarded). */
  sweep(connectionId: string): Promise<void>;
  close(): Promise<void>;
}

export function inlineWriter(store: OrderStore): PageWriter {
  return {
    async commit(connectionId, orders, checkpoint) {
      store.commitPage(connectionId, orders, checkpoint);
    },
    async sweep() {
      // commits are synchronous: nothing can land after the caller's delete
    },
    async close() {},
  };
}

/**
 * The worker script next to this file: .ts from the sources, .js in a bundled build. In a packaged
 * app the script is unpacked beside app.asar (electron-builder.yml asarUnpack), since a worker
 * thread is started from a real file.
 */
export function workerScript(): URL | undefined {
  for (const name of ['./page-writer-worker.ts', './page-writer-worker.js']) {
    const url = new URL(name, import.meta.url);
    if (url.protocol !== 'file:') continue;
    const file = fileURLToPath(url).replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
    if (existsSync(file)) return pathToFileURL(file);
  }
  return undefined;
}

export interface WriterRequest {
  id: number;
  op: 'commit' | 'sweep' | 'close';
  connectionId: string;
  orders?: readonly NormalizedOrder[];
  checkpoint?: Checkpoint;
  run?: number;
}

export interface WriterReply {
  id: number;
  error?: { name: string; message: string };
}

export class WorkerPageWriter implements PageWriter {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve(): void; reject(err: Error): void }>();
  readonly #inflight = new Set<Promise<void>>();
  #next = 0;
  #dead: Error | undefined;
  /** Resolves once the worker has opened its connection (the service starts it at launch). */
  readonly ready: Promise<void>;
  #onReady: () => void = () => {};

  /** Opens `dbPath` (already created and migrated by the main thread's OrderStore) in a worker. */
  constructor(script: URL, dbPath: string, dayOffsets: readonly number[]) {
    // A small heap: the writer holds at most a few pages; without limits V8 lets garbage pile up.
    this.#worker = new Worker(script, {
      workerData: { dbPath, dayOffsets: [...dayOffsets] },
      resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 },
    });
    this.ready = new Promise<void>((resolve, reject) => {
      this.#onReady = resolve;
      this.#worker.once('error', reject);
      this.#worker.once('exit', () => reject(new Error('the order writer stopped before it was ready')));
    });
    this.ready.catch(() => {});
    this.#worker.on('message', (m: WriterReply) => {
      if (m.id === 0) return this.#onReady();
      const p = this.#pending.get(m.id);
      if (!p) return;
      this.#pending.delete(m.id);
      if (m.error) p.reject(Object.assign(new Error(m.error.message), { name: m.error.name }));
      else p.resolve();
    });
    const fail = (err: Error): void => {
      this.#dead ??= err;
      for (const p of this.#pending.values()) p.reject(this.#dead);
      this.#pending.clear();
    };
    this.#worker.on('error', fail);
    this.#worker.on('exit', (code) => fail(new Error(`the order writer stopped (exit code ${code})`)));
  }

  #send(req: Omit<WriterRequest, 'id'>): Promise<void> {
    if (this.#dead) return Promise.reject(this.#dead);
    const id = ++this.#next;
    const p = new Promise<void>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ id, ...req } satisfies WriterRequest);
    });
    this.#inflight.add(p);
    const done = (): void => void this.#inflight.delete(p);
    p.then(done, done);
    return p;
  }

  commit(connectionId: string, orders: readonly NormalizedOrder[], checkpoint: Checkpoint, run: number): Promise<void> {
    return this.#send({ op: 'commit', connectionId, orders, checkpoint, run });
  }

  sweep(connectionId: string): Promise<void> {
    return this.#send({ op: 'sweep', connectionId });
  }

  /** Waits for the pages already sent, then stops the worker (which closes its connection). */
  async close(): Promise<void> {
    if (this.#dead) return;
    await Promise.allSettled([...this.#inflight]);
    if (this.#dead) return;
    const exited = new Promise<void>((resolve) => this.#worker.once('exit', () => resolve()));
    this.#worker.postMessage({ id: 0, op: 'close', connectionId: '' } satisfies WriterRequest);
    await exited;
  }
}

/** A worker writer when the worker script is available, else inline on the store. */
export function createPageWriter(store: OrderStore, dbPath: string, options: { worker?: boolean } = {}): PageWriter {
  const script = options.worker === false || dbPath === ':memory:' ? undefined : workerScript();
  return script ? new WorkerPageWriter(script, dbPath, store.dayOffsets) : inlineWriter(store);
}
