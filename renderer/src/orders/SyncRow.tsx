import type { ConnectionView, SyncStatusView } from '../../../shared/view-models.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { When } from '../components/TimeUntil.tsx';
import { formatDateTime, formatDuration } from '../format/intl.ts';
import { connectionLabel } from '../connections/label.ts';
import { NOUNS, countOf } from '../format/plural.ts';
import { PlatformMark } from '../components/PlatformMark.tsx';

const RESULT: Record<'ok' | 'failed' | 'cancelled', string> = { ok: 'Succeeded', failed: 'Failed', cancelled: 'Cancelled' };

/** One connection's sync: last run and result, next run, or live progress with Cancel. */
export function SyncRow(props: { connection: ConnectionView; status: SyncStatusView | undefined; now: number; onSync(): void; onCancel(): void }) {
  const { connection: c, status, now } = props;
  const s = status?.state;
  const name = connectionLabel(c);
  return (
    <li className="card" data-sync-connection={c.id} data-sync-state={s?.kind ?? 'unknown'}>
      <div className="conn-head">
        <h3 className="with-mark">
          <PlatformMark providerId={c.providerId} icon={c.providerIcon} size="small" /> <span>{name}</span>
        </h3>
        <span className="muted">{countOf(status?.orderCount ?? 0, NOUNS.order)} stored</span>
      </div>
      {s?.kind === 'running' ? (
        <div>
          <p>
            Syncing: {countOf(s.pages, NOUNS.page)}, {countOf(s.orders, NOUNS.order)} so far
            {s.estimatedRemainingMs !== undefined ? `, about ${formatDuration(s.estimatedRemainingMs)} left` : ''}.
          </p>
          {s.waitingUntil !== undefined && s.waitingUntil > now ? (
            <p className="notice warn">The platform asked Storelink to slow down; continuing at {formatDateTime(s.waitingUntil)}.</p>
          ) : null}
          {s.estimatedRemainingMs !== undefined ? (
            <progress aria-label={`Sync progress for ${name}`} max={1} value={(now - s.startedAt) / Math.max(1, now - s.startedAt + s.estimatedRemainingMs)} />
          ) : (
            <progress aria-label={`Sync progress for ${name}`} />
          )}
        </div>
      ) : (
        <dl className="facts">
          <div>
            <dt>Last sync</dt>
            <dd data-testid="last-sync">
              <When at={s?.lastSyncAt} fallback="Not synced yet" />
            </dd>
          </div>
          <div>
            <dt>Result</dt>
            <dd data-testid="sync-result">{s?.lastResult ? RESULT[s.lastResult] : '—'}</dd>
          </div>
          <div>
            <dt>Next run</dt>
            <dd data-testid="next-run">
              {s?.kind === 'idle' && s.paused ? <span>Paused (all sync is paused in Settings)</span> : <When at={s?.nextRunAt} fallback="Not scheduled" />}
            </dd>
          </div>
        </dl>
      )}
      {s?.kind === 'idle' && s.lastResult === 'failed' && s.lastError ? <ErrorNotice error={s.lastError} /> : null}
      <div className="button-row">
        {s?.kind === 'running' ? (
          <button type="button" onClick={props.onCancel}>
            Cancel sync
          </button>
        ) : (
          <button type="button" onClick={props.onSync} aria-label={`Sync now: ${name}`}>
            Sync now
          </button>
        )}
      </div>
    </li>
  );
}
