import { useEffect, useRef, useState } from 'react';
import type { ConnectionView } from '../../../shared/view-models.ts';
import type { ErrorView } from '../../../shared/error-codes.ts';
import { errorViewOf, storelink, unwrap } from '../api.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { TimeUntil, When } from '../components/TimeUntil.tsx';
import { useAnnounce } from '../hooks/announcer.tsx';
import { PlatformMark } from '../components/PlatformMark.tsx';
import { formatDateTime } from '../format/intl.ts';
import { ScopeList } from './ScopeList.tsx';
import { StatusBadge } from './StatusBadge.tsx';
import { HealthHeadline } from './HealthHeadline.tsx';
import { HealthFactValue } from './HealthFactValue.tsx';
import { RenameConnection } from './RenameConnection.tsx';
import { connectionLabel } from './label.ts';

/** How long after a second connect of this store the card says it renewed this connection. */
const RECONNECTED_NOTE_MS = 10 * 60_000;

export interface ConnectionActions {
  onReconnect(c: ConnectionView): void;
  onDisconnect(c: ConnectionView): void;
}

export function ConnectionCard(props: { connection: ConnectionView; now: number; highlighted: boolean } & ConnectionActions) {
  const { connection: c, now, highlighted } = props;
  const [refreshing, setRefreshing] = useState(false);
  const [error, setError] = useState<ErrorView | null>(null);
  /** The last manual refresh's result, shown beside the button (not only announced to screen readers). */
  const [refreshedAt, setRefreshedAt] = useState<number | null>(null);
  const errorRef = useRef<HTMLDivElement>(null);
  // The refresh button may be gone after a failure (tokens cleared): then the failure takes focus.
  useEffect(() => {
    if (error && (document.activeElement === document.body || document.activeElement === null)) errorRef.current?.focus();
  }, [error]);
  const announce = useAnnounce();
  const headingId = `conn-${c.id}`;

  const refresh = () => {
    if (refreshing || c.status.kind === 'refreshing') return;
    setRefreshing(true);
    setError(null);
    setRefreshedAt(null);
    unwrap(storelink().refreshConnection({ connectionId: c.id }))
      .then(() => {
        setRefreshedAt(Date.now());
        announce(`${connectionLabel(c)}: access refreshed.`);
      })
      .catch((err: unknown) => {
        setError(errorViewOf(err));
      })
      .finally(() => setRefreshing(false));
  };
  const canRefresh = c.kind !== 'api-key' && c.hasRefreshToken;

  return (
    <article className="card connection" aria-labelledby={headingId} data-connection-id={c.id} data-highlighted={highlighted || undefined} tabIndex={-1}>
      <div className="conn-head">
        <div className="provider">
          <PlatformMark providerId={c.providerId} icon={c.providerIcon} />
          <div>
            <h2 id={headingId} className="card-title">
              {c.providerName} — {c.name ?? c.accountLabel}
            </h2>
            {c.storeAddress || c.store ? <div className="muted">{c.storeAddress ?? c.store}</div> : null}
          </div>
        </div>
        {c.health ? <HealthHeadline health={c.health} /> : <StatusBadge status={c.status} now={now} />}
      </div>
      {c.reconnectedExistingAt !== undefined && now - c.reconnectedExistingAt < RECONNECTED_NOTE_MS ? (
        <p className="notice" data-testid="reconnected-existing">
          This store was already connected, so Storelink reconnected this connection with your new sign-in instead of adding a second one.
        </p>
      ) : null}
      {c.duplicateOf ? (
        // One store, one connection (main/core/connections/duplicate-connections.ts): main says which copy counts.
        <div className="notice warning" data-testid="duplicate-connection" data-tone="warning">
          <p>This store is connected twice: its orders are counted once, under the other connection “{c.duplicateOf.name}”, so you can disconnect this copy.</p>
          <div className="button-row">
            <button type="button" onClick={() => props.onDisconnect(c)}>
              Disconnect this copy
            </button>
          </div>
        </div>
      ) : null}
      <dl className="facts">
        <div>
          <dt>{c.health ? 'Access' : 'Access expires'}</dt>
          <dd data-testid="access-expiry">
            {c.health ? (
              <HealthFactValue fact={c.health.access} now={now} />
            ) : c.accessExpiresAt === undefined ? (
              'Does not expire'
            ) : (
              <TimeUntil at={c.accessExpiresAt} now={now} />
            )}
          </dd>
        </div>
        <div>
          <dt>Sign-in renewal (refresh token)</dt>
          <dd data-testid="renewal">
            {c.health ? (
              <HealthFactValue fact={c.health.renewal} now={now} />
            ) : !c.hasRefreshToken ? (
              'None — sign in again when access expires'
            ) : c.refreshExpiresAt === undefined ? (
              'Valid, no known end date'
            ) : (
              <TimeUntil at={c.refreshExpiresAt} now={now} />
            )}
          </dd>
        </div>
        {c.health?.sync ? (
          <div>
            <dt>Last sync</dt>
            <dd data-testid="card-last-sync">
              <HealthFactValue fact={c.health.sync} now={now} />
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Last refresh</dt>
          <dd data-testid="last-refresh">
            <When at={c.lastRefreshAt} />
          </dd>
        </div>
        {c.nextRefreshAt !== undefined ? (
          <div>
            <dt>Next automatic refresh</dt>
            <dd>
              <TimeUntil at={c.nextRefreshAt} now={now} pastLabel="due" />
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Last activity</dt>
          <dd>
            <When at={c.lastActivityAt} fallback="None yet" />
          </dd>
        </div>
        <div>
          <dt>Connected since</dt>
          <dd>
            <When at={c.createdAt} />
          </dd>
        </div>
      </dl>
      <h3>What Storelink may do</h3>
      <ScopeList scopes={c.scopes} {...(c.scopeStates ? { states: c.scopeStates } : {})} onReauthorize={() => props.onReconnect(c)} />
      {error ? <ErrorNotice ref={errorRef} error={error} heading="Refresh failed" /> : null}
      <div className="button-row">
        <button type="button" onClick={() => props.onReconnect(c)}>
          Reconnect
        </button>
        {canRefresh ? (
          // aria-disabled, not disabled: a disabled button drops keyboard focus to <body>.
          <button type="button" onClick={refresh} aria-disabled={refreshing || c.status.kind === 'refreshing' || undefined}>
            {refreshing ? 'Refreshing…' : 'Refresh now'}
          </button>
        ) : null}
        <RenameConnection connection={c} />
        <button type="button" onClick={() => props.onDisconnect(c)}>
          Disconnect
        </button>
      </div>
      {refreshedAt !== null ? (
        <p className="notice ok action-result" data-testid="refresh-result">
          Access refreshed at {formatDateTime(refreshedAt)}.
        </p>
      ) : null}
    </article>
  );
}
