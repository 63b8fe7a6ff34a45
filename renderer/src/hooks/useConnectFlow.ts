/**
 * The connect flow of state/connect-flow.ts for a component: its state, its actions, and
 * `onDone` called once per flow that ends connected.
 */
import { useEffect, useRef } from 'react';
import type { ConnectFlowView } from '../../../shared/view-models.ts';
import { connectFlowStore, type FlowState } from '../state/connect-flow.ts';
import { useStore } from '../state/useStore.ts';

export type { FlowState };

export interface ConnectFlowControls {
  state: FlowState;
  start(title: string, begin: () => Promise<ConnectFlowView>): Promise<void>;
  cancel(): void;
  reset(): void;
}

export function useConnectFlow(onDone: (connectionId: string) => void): ConnectFlowControls {
  const store = connectFlowStore();
  const state = useStore(store);
  const doneRef = useRef(onDone);
  useEffect(() => {
    doneRef.current = onDone;
  }, [onDone]);
  useEffect(() => store.onDone((id) => doneRef.current(id)), [store]);
  return { state, start: store.start, cancel: store.cancel, reset: store.reset };
}
