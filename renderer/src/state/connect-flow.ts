/**
 * One authorization flow at a time, as a state machine keyed on `kind` (style.md). A flow's
 * outcome can come back two ways: the reply of the call that began it and the `connectFlow`
 * event. The event subscription is open before the call is made (`start` retains the store), and
 * events for a flow whose id is not known yet are kept until the reply names it; then an outcome
 * that already arrived wins over the reply's "waiting".
 */
import type { StorelinkApi } from '../../../shared/ipc-contract.ts';
import type { ErrorView } from '../../../shared/error-codes.ts';
import type { ConnectFlowView } from '../../../shared/view-models.ts';
import { errorViewOf, storelink, unwrap } from '../api.ts';
import { createStore, once, type Store } from './store.ts';

type Waiting = Extract<ConnectFlowView, { kind: 'waiting' }>;

export type FlowState =
  | { kind: 'idle' }
  | { kind: 'starting'; title: string }
  | { kind: 'waiting'; title: string; flow: Waiting }
  | { kind: 'failed'; title: string; error: ErrorView }
  | { kind: 'cancelled'; title: string };

export interface ConnectFlowStore extends Store<FlowState> {
  start(title: string, begin: () => Promise<ConnectFlowView>): Promise<void>;
  cancel(): void;
  reset(): void;
  /** Called once per flow that ends connected; returns the unsubscribe function. */
  onDone(listener: (connectionId: string) => void): () => void;
}

interface Current {
  title: string;
  flowId: string | null;
  /** Events that arrived before the reply named this flow's id, last one per flow id. */
  early: Map<string, ConnectFlowView>;
  release: () => void;
}

const IDLE: FlowState = { kind: 'idle' };

export function createConnectFlowStore(api: Pick<StorelinkApi, 'cancelConnect' | 'on'>): ConnectFlowStore {
  let current: Current | null = null;
  const doneListeners = new Set<(connectionId: string) => void>();

  const end = (cur: Current) => {
    if (current === cur) current = null;
    cur.release();
  };

  const store = createStore<FlowState>(IDLE, () =>
    api.on('connectFlow', (view) => {
      const cur = current;
      if (!cur) return;
      if (cur.flowId === view.flowId) apply(cur, view);
      else if (cur.flowId === null) cur.early.set(view.flowId, view);
    }),
  );

  function apply(cur: Current, view: ConnectFlowView): void {
    if (current !== cur) return;
    switch (view.kind) {
      case 'waiting':
        store.set({ kind: 'waiting', title: cur.title, flow: view });
        return;
      case 'done':
        end(cur);
        store.set(IDLE);
        for (const l of [...doneListeners]) l(view.connectionId);
        return;
      case 'failed':
        end(cur);
        store.set({ kind: 'failed', title: cur.title, error: view.error });
        return;
      case 'cancelled':
        end(cur);
        store.set({ kind: 'cancelled', title: cur.title });
        return;
    }
  }

  return {
    getSnapshot: store.getSnapshot,
    subscribe: store.subscribe,
    async start(title, begin) {
      if (current) end(current);
      const cur: Current = { title, flowId: null, early: new Map(), release: store.retain() };
      current = cur;
      store.set({ kind: 'starting', title });
      try {
        const view = await begin();
        if (current !== cur) return;
        cur.flowId = view.flowId;
        const later = cur.early.get(view.flowId);
        cur.early.clear();
        apply(cur, later && later.kind !== 'waiting' ? later : view);
      } catch (err) {
        if (current !== cur) return;
        end(cur);
        store.set({ kind: 'failed', title, error: errorViewOf(err) });
      }
    },
    cancel() {
      const cur = current;
      if (!cur?.flowId) return;
      const flowId = cur.flowId;
      unwrap(api.cancelConnect({ flowId })).then(
        () => apply(cur, { kind: 'cancelled', flowId }),
        (err: unknown) => {
          if (current !== cur) return;
          end(cur);
          store.set({ kind: 'failed', title: cur.title, error: errorViewOf(err) });
        },
      );
    },
    reset() {
      if (current) end(current);
      store.set(IDLE);
    },
    onDone(listener) {
      doneListeners.add(listener);
      return () => doneListeners.delete(listener);
    },
  };
}

export const connectFlowStore = once(() => createConnectFlowStore(storelink()));
