import { useEffect, useState } from 'react';
import type { SyncStatusView } from '../../../shared/view-models.ts';
import type { ErrorView } from '../../../shared/error-codes.ts';
import { errorViewOf, storelink, unwrap } from '../api.ts';

/**
 * Sync status per connection, kept live through `syncProgress`. `finished` counts syncs that went
 * from running to idle, so order views know when to reload.
 */
export function useSyncStatus(): { statuses: Map<string, SyncStatusView>; finished: number; error: ErrorView | null } {
  const [statuses, setStatuses] = useState<Map<string, SyncStatusView>>(new Map());
  const [finished, setFinished] = useState(0);
  const [error, setError] = useState<ErrorView | null>(null);
  useEffect(() => {
    const off = storelink().on('syncProgress', (s) => {
      setStatuses((old) => {
        const prev = old.get(s.connectionId);
        if (prev?.state.kind === 'running' && s.state.kind === 'idle') setFinished((n) => n + 1);
        return new Map(old).set(s.connectionId, s);
      });
    });
    unwrap(storelink().listSyncStatus()).then(
      (list) => setStatuses(new Map(list.map((s) => [s.connectionId, s]))),
      (err: unknown) => setError(errorViewOf(err)),
    );
    return off;
  }, []);
  return { statuses, finished, error };
}
