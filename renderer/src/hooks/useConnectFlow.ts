/**
 * One authorization flow at a time, as a state machine keyed on `kind` (style.md). The outcome
 * arrives as a `connectFlow` event; events that arrive before `startConnect` has answered are kept
 * until the flow id is known.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConnectFlowView } from '../../../shared/view-models.ts';
import type { ErrorView } from '../../../shared/error-codes.ts';
import { errorViewOf, storelink, unwrap } from '../api.ts';

type Waiting = Extract<ConnectFlowView, { kind: 'waiting' }>;

export type FlowState =
  | { kind: 'idle' }
  | { kind: 'starting'; title: string }
  | { kind: 'waiting'; title: string; flow: Waiting }
  | { kind: 'failed'; title: string; error: ErrorView }
  | { kind: 'cancelled'; title: string };

export interface ConnectFlowControls {
  state: FlowState;
  start(title: string, begin: () => Promise<ConnectFlowView>): Promise<void>;
  cancel(): void;
  reset(): void;
}

export function useConnectFlow(onDone: (connectionId: string) => void): ConnectFlowControls {
  const [state, setState] = useState<FlowState>({ kind: 'idle' });
  const current = useRef<{ flowId: string | null; title: string } | null>(null);
  const early = useRef(new Map<string, ConnectFlowView>());
  const doneRef = useRef(onDone);
  doneRef.current = onDone;

  const apply = useCallback((view: ConnectFlowView, title: string) => {
    switch (view.kind) {
      case 'waiting':
        setState({ kind: 'waiting', title, flow: view });
        return;
      case 'done':
        current.current = null;
        setState({ kind: 'idle' });
        doneRef.current(view.connectionId);
        return;
      case 'failed':
        current.current = null;
        setState({ kind: 'failed', title, error: view.error });
        return;
      case 'cancelled':
        current.current = null;
        setState({ kind: 'cancelled', title });
        return;
    }
  }, []);

  useEffect(
    () =>
      storelink().on('connectFlow', (view) => {
        const cur = current.current;
        if (cur && cur.flowId === view.flowId) apply(view, cur.title);
        else if (cur && cur.flowId === null) early.current.set(view.flowId, view);
      }),
    [apply],
  );

  const start = useCallback(
    async (title: string, begin: () => Promise<ConnectFlowView>) => {
      current.current = { flowId: null, title };
      early.current.clear();
      setState({ kind: 'starting', title });
      try {
        const view = await begin();
        current.current = { flowId: view.flowId, title };
        const later = early.current.get(view.flowId);
        early.current.clear();
        apply(later && later.kind !== 'waiting' ? later : view, title);
      } catch (err) {
        current.current = null;
        setState({ kind: 'failed', title, error: errorViewOf(err) });
      }
    },
    [apply],
  );

  const cancel = useCallback(() => {
    const cur = current.current;
    if (!cur?.flowId) return;
    const flowId = cur.flowId;
    unwrap(storelink().cancelConnect({ flowId })).then(
      () => {
        if (current.current?.flowId === flowId) apply({ kind: 'cancelled', flowId }, cur.title);
      },
      (err: unknown) => setState({ kind: 'failed', title: cur.title, error: errorViewOf(err) }),
    );
  }, [apply]);

  const reset = useCallback(() => {
    current.current = null;
    setState({ kind: 'idle' });
  }, []);

  return { state, start, cancel, reset };
}
