/**
 * Sync status per connection: `listSyncStatus`, then every `syncProgress`. `finished` counts the
 * running -> idle transitions seen since the store opened (order views reload when it changes);
 * it is derived in `applySyncProgress`, a pure function the store calls once per event.
 */
import type { StorelinkApi } from '../../../shared/ipc-contract.ts';
import type { SyncStatusView } from '../../../shared/view-models.ts';
import { storelink, unwrap } from '../api.ts';
import { createLiveStore, type LiveStore } from './live-store.ts';
import { once } from './store.ts';

export interface SyncStatuses {
  /** Replaced, never mutated, on every event. */
  byConnection: Map<string, SyncStatusView>;
  finished: number;
}

export function syncStatusesFrom(list: SyncStatusView[]): SyncStatuses {
  return { byConnection: new Map(list.map((s) => [s.connectionId, s])), finished: 0 };
}

export function applySyncProgress(state: SyncStatuses, s: SyncStatusView): SyncStatuses {
  const prev = state.byConnection.get(s.connectionId);
  const done = prev?.state.kind === 'running' && s.state.kind === 'idle';
  return { byConnection: new Map(state.byConnection).set(s.connectionId, s), finished: state.finished + (done ? 1 : 0) };
}

export function createSyncStatusStore(api: Pick<StorelinkApi, 'listSyncStatus' | 'on'>): LiveStore<SyncStatuses> {
  return createLiveStore({
    load: () => unwrap(api.listSyncStatus()),
    subscribe: (onEvent) => api.on('syncProgress', onEvent),
    init: syncStatusesFrom,
    apply: applySyncProgress,
  });
}

export const syncStatusStore = once(() => createSyncStatusStore(storelink()));
