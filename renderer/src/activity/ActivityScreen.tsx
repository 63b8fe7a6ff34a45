import type { ActivityKind } from '../../../shared/view-models.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { storelink } from '../api.ts';
import { ExportButton } from '../orders/ExportButton.tsx';
import { formatDateTime } from '../format/intl.ts';
import { activityStore } from '../state/activity.ts';
import { useStore } from '../state/useStore.ts';

const KIND_TEXT: Record<ActivityKind, string> = {
  connected: 'Connected',
  refreshed: 'Access refreshed automatically or on request',
  'refresh-failed': 'Refreshing access failed',
  're-authorized': 'Signed in again (reconnected)',
  revoked: 'Access revoked',
  disconnected: 'Disconnected',
  'sync-completed': 'Orders synced',
  'sync-failed': 'Order sync failed',
};

/** What Storelink did for each connection, newest first, kept live (state/activity.ts). */
export function ActivityScreen() {
  const live = useStore(activityStore());
  const items = live.status === 'ready' ? live.value : null;
  const error = live.status === 'failed' ? live.error : null;

  return (
    <section aria-labelledby="activity-title">
      <h1 id="activity-title">Activity</h1>
      <ExportButton label="Export CSV…" what="entries" testId="export-activity" run={() => storelink().exportActivity()} />
      {error ? <ErrorNotice error={error} heading="Could not load activity" /> : null}
      {items === null && !error ? <p>Loading…</p> : null}
      {items && items.length === 0 ? <p className="muted">Nothing has happened yet. Connect a store to get started.</p> : null}
      {items && items.length > 0 ? (
        <ol className="activity card" aria-live="polite" aria-relevant="additions">
          {items.map((e) => (
            <li key={e.id} data-kind={e.kind}>
              <time dateTime={new Date(e.at).toISOString()}>{formatDateTime(e.at)}</time>
              <div>
                <strong>{KIND_TEXT[e.kind]}</strong> — {e.providerName}, {e.accountLabel}
                {e.reason ? <div className="muted">{e.reason}</div> : null}
              </div>
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
