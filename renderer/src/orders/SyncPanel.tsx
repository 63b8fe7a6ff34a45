import { useState } from 'react';
import type { ConnectionView, SyncStatusView } from '../../../shared/view-models.ts';
import type { ErrorView } from '../../../shared/error-codes.ts';
import { errorViewOf, storelink, unwrap } from '../api.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { useNow } from '../hooks/useNow.ts';
import { SyncRow } from './SyncRow.tsx';

/** Sync status of every connection, with Sync now (one / all) and Cancel. */
export function SyncPanel({ connections, statuses }: { connections: ConnectionView[]; statuses: Map<string, SyncStatusView> }) {
  const [error, setError] = useState<ErrorView | null>(null);
  const now = useNow(1000);
  const call = (p: Promise<unknown>) => {
    setError(null);
    p.catch((err: unknown) => setError(errorViewOf(err)));
  };
  return (
    <section aria-labelledby="sync-title">
      <div className="conn-head">
        <h2 id="sync-title">Order sync</h2>
        <button type="button" onClick={() => call(unwrap(storelink().syncNow({})))} disabled={connections.length === 0}>
          Sync all stores now
        </button>
      </div>
      {[...statuses.values()].some((st) => st.state.kind === 'idle' && st.state.paused) ? (
        <p className="notice warn" data-testid="sync-paused-banner">
          Sync is paused: Storelink does not sync orders on its own until you switch it back on in Settings. Sync now still works.
        </p>
      ) : null}
      {error ? <ErrorNotice error={error} heading="Sync could not start" /> : null}
      <ul className="stat-list">
        {connections.map((c) => (
          <SyncRow
            key={c.id}
            connection={c}
            status={statuses.get(c.id)}
            now={now}
            onSync={() => call(unwrap(storelink().syncNow({ connectionId: c.id })))}
            onCancel={() => call(unwrap(storelink().cancelSync({ connectionId: c.id })))}
          />
        ))}
      </ul>
    </section>
  );
}
