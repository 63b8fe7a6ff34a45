import { useId, useMemo, useState } from 'react';
import type { ConnectionView } from '../../../shared/view-models.ts';
import { storelink } from '../api.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { ExportButton } from '../orders/ExportButton.tsx';
import { formatDateTime, formatDuration, formatInteger } from '../format/intl.ts';
import { activityStore, createFilteredActivityStore } from '../state/activity.ts';
import { useStore } from '../state/useStore.ts';
import { KIND_GROUPS, activityHeadline, type KindGroupId } from './activity-kinds.ts';

const plural = new Intl.PluralRules('en');

/** "412 orders in 3 sec" for a finished sync. */
function syncFacts(orderCount: number | undefined, durationMs: number | undefined): string | null {
  if (orderCount === undefined && durationMs === undefined) return null;
  const orders = orderCount === undefined ? '' : `${formatInteger(orderCount)} ${plural.select(orderCount) === 'one' ? 'order' : 'orders'}`;
  const took = durationMs === undefined ? '' : `in ${formatDuration(durationMs)}`;
  return [orders, took].filter(Boolean).join(' ');
}

/**
 * What Storelink did for each connection, newest first, kept live (state/activity.ts); filtered by
 * store and by kind (issue 10 item 5). The filtered list is asked from main with the filter.
 */
export function ActivityScreen({ connections = [] }: { connections?: readonly ConnectionView[] }) {
  const [store, setStore] = useState<string>('');
  const [group, setGroup] = useState<KindGroupId>('all');
  const storeId = useId();
  const kindId = useId();
  const kinds = KIND_GROUPS.find((g) => g.id === group)?.kinds;
  const source = useMemo(
    () =>
      store === '' && !kinds
        ? activityStore()
        : createFilteredActivityStore(storelink(), { ...(store ? { connectionId: store } : {}), ...(kinds ? { kinds } : {}) }),
    [store, kinds],
  );
  const live = useStore(source);
  const items = live.status === 'ready' ? live.value : null;
  const error = live.status === 'failed' ? live.error : null;
  const filtered = store !== '' || group !== 'all';

  return (
    <section aria-labelledby="activity-title">
      <h1 id="activity-title">Activity</h1>
      <form className="toolbar" aria-label="Filter activity" onSubmit={(e) => e.preventDefault()}>
        <div>
          <label htmlFor={storeId}>Store</label>
          <select id={storeId} value={store} onChange={(e) => setStore(e.target.value)} data-testid="activity-store-filter">
            <option value="">All stores</option>
            {connections.map((c) => (
              <option key={c.id} value={c.id}>
                {c.providerName} — {c.accountLabel}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={kindId}>Show</label>
          <select id={kindId} value={group} onChange={(e) => setGroup(e.target.value as KindGroupId)} data-testid="activity-kind-filter">
            {KIND_GROUPS.map((g) => (
              <option key={g.id} value={g.id}>
                {g.label}
              </option>
            ))}
          </select>
        </div>
      </form>
      <ExportButton label="Export CSV…" what="entries" testId="export-activity" run={() => storelink().exportActivity()} />
      {error ? <ErrorNotice error={error} heading="Could not load activity" /> : null}
      {items === null && !error ? <p>Loading…</p> : null}
      {items && items.length === 0 ? (
        <p className="muted">{filtered ? 'Nothing matches this filter yet.' : 'Nothing has happened yet. Connect a store to get started.'}</p>
      ) : null}
      {items && items.length > 0 ? (
        <ol className="activity card" aria-live="polite" aria-relevant="additions" aria-label="Activity, newest first">
          {items.map((e) => {
            const facts = syncFacts(e.orderCount, e.durationMs);
            return (
              <li key={e.id} data-kind={e.kind} data-trigger={e.trigger}>
                <time dateTime={new Date(e.at).toISOString()}>{formatDateTime(e.at)}</time>
                <div>
                  <strong>{activityHeadline(e)}</strong> — {e.providerName}
                  {e.accountLabel && e.accountLabel !== e.providerName ? `, ${e.accountLabel}` : ''}
                  {e.storeAddress && e.storeAddress !== e.accountLabel ? (
                    <span className="muted" data-testid="activity-store">
                      {' '}
                      ({e.storeAddress})
                    </span>
                  ) : null}
                  {facts ? <div>{facts}</div> : null}
                  {e.reason ? <div className="muted">{e.reason}</div> : null}
                </div>
              </li>
            );
          })}
        </ol>
      ) : null}
    </section>
  );
}
