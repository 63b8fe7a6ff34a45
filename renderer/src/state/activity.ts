/** The activity log, newest first: `listActivity`, then every `activityAppended` (de-duplicated by id). */
import type { StorelinkApi } from '../../../shared/ipc-contract.ts';
import type { ActivityKind, ActivityView } from '../../../shared/view-models.ts';
import { storelink, unwrap } from '../api.ts';
import { createLiveStore, type LiveStore } from './live-store.ts';
import { once } from './store.ts';

export const ACTIVITY_LIMIT = 200;

const newestFirst = (list: ActivityView[]) => [...list].sort((a, b) => b.at - a.at).slice(0, ACTIVITY_LIMIT);

export function applyActivity(items: ActivityView[], entry: ActivityView): ActivityView[] {
  return items.some((e) => e.id === entry.id) ? items : newestFirst([entry, ...items]);
}

export function createActivityStore(api: Pick<StorelinkApi, 'listActivity' | 'on'>): LiveStore<ActivityView[]> {
  return createLiveStore({
    load: () => unwrap(api.listActivity({ limit: ACTIVITY_LIMIT })),
    subscribe: (onEvent) => api.on('activityAppended', onEvent),
    init: newestFirst,
    apply: applyActivity,
  });
}

export const activityStore = once(() => createActivityStore(storelink()));

/** Issue 10 item 5: rows of one store and/or some kinds; absent fields = all. */
export interface ActivityFilter {
  connectionId?: string;
  kinds?: readonly ActivityKind[];
}

export function matchesActivity(filter: ActivityFilter, e: ActivityView): boolean {
  return (filter.connectionId === undefined || e.connectionId === filter.connectionId) && (!filter.kinds || filter.kinds.includes(e.kind));
}

/** The filtered list: asked for with the filter (so the limit counts matching rows), then live rows that match. */
export function createFilteredActivityStore(api: Pick<StorelinkApi, 'listActivity' | 'on'>, filter: ActivityFilter): LiveStore<ActivityView[]> {
  return createLiveStore({
    load: () =>
      unwrap(
        api.listActivity({
          limit: ACTIVITY_LIMIT,
          ...(filter.connectionId !== undefined ? { connectionId: filter.connectionId } : {}),
          ...(filter.kinds ? { kinds: [...filter.kinds] } : {}),
        }),
      ),
    subscribe: (onEvent) => api.on('activityAppended', onEvent),
    init: newestFirst,
    apply: (items: ActivityView[], entry: ActivityView) => (matchesActivity(filter, entry) ? applyActivity(items, entry) : items),
  });
}
