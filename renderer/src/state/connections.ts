/** The connection list: `listConnections`, then every `connectionsChanged` (each carries the whole list). */
import type { StorelinkApi } from '../../../shared/ipc-contract.ts';
import type { ConnectionView } from '../../../shared/view-models.ts';
import { storelink, unwrap } from '../api.ts';
import { createLiveStore, type LiveStore } from './live-store.ts';
import { once } from './store.ts';

export function createConnectionsStore(api: Pick<StorelinkApi, 'listConnections' | 'on'>): LiveStore<ConnectionView[]> {
  return createLiveStore<ConnectionView[], ConnectionView[], ConnectionView[]>({
    load: () => unwrap(api.listConnections()),
    subscribe: (onEvent) => api.on('connectionsChanged', onEvent),
    init: (list) => list,
    apply: (_old, list) => list,
  });
}

export const connectionsStore = once(() => createConnectionsStore(storelink()));
