import type { ConnectionView } from '../../../shared/view-models.ts';
import type { ErrorView } from '../../../shared/error-codes.ts';
import { connectionsStore } from '../state/connections.ts';
import { useStore } from '../state/useStore.ts';

export interface ConnectionsState {
  connections: ConnectionView[];
  loaded: boolean;
  error: ErrorView | null;
  /** Asks for the list again after a failed load. */
  reload: () => void;
}

const NONE: ConnectionView[] = [];

/** The connection list, kept live through the `connectionsChanged` event (state/connections.ts). */
export function useConnections(): ConnectionsState {
  const store = connectionsStore();
  const live = useStore(store);
  return {
    connections: live.status === 'ready' ? live.value : NONE,
    loaded: live.status !== 'loading',
    error: live.status === 'failed' ? live.error : null,
    reload: store.retry,
  };
}
