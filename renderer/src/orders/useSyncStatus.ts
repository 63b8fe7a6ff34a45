import type { SyncStatusView } from '../../../shared/view-models.ts';
import type { ErrorView } from '../../../shared/error-codes.ts';
import { syncStatusStore } from '../state/sync-status.ts';
import { useStore } from '../state/useStore.ts';

const EMPTY: Map<string, SyncStatusView> = new Map();

/**
 * Sync status per connection, kept live through `syncProgress` (state/sync-status.ts). `finished`
 * counts syncs that went from running to idle, once each, so order views know when to reload.
 */
export function useSyncStatus(): { statuses: Map<string, SyncStatusView>; finished: number; error: ErrorView | null } {
  const live = useStore(syncStatusStore());
  if (live.status === 'ready') return { statuses: live.value.byConnection, finished: live.value.finished, error: null };
  return { statuses: EMPTY, finished: 0, error: live.status === 'failed' ? live.error : null };
}
