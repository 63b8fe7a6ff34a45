import { formatDateTime, formatDuration } from '../format/intl.ts';

/**
 * A live countdown to (or time since) a moment, plus the absolute local time.
 * `now` comes from useNow() in the parent so one timer drives a whole list.
 */
export function TimeUntil({ at, now, pastLabel = 'expired' }: { at: number; now: number; pastLabel?: string }) {
  const left = at - now;
  const absolute = formatDateTime(at);
  return (
    <span>
      {left > 0 ? (
        <span className="countdown" data-testid="countdown">
          in {formatDuration(left)}
        </span>
      ) : (
        <span className="countdown" data-testid="countdown">
          {pastLabel} {formatDuration(-left)} ago
        </span>
      )}{' '}
      <span className="muted">
        (<time dateTime={new Date(at).toISOString()}>{absolute}</time>)
      </span>
    </span>
  );
}

/** An absolute time with its relative age, or a dash when unknown. */
export function When({ at, fallback = 'Never' }: { at: number | undefined; fallback?: string }) {
  if (at === undefined) return <span className="muted">{fallback}</span>;
  return <time dateTime={new Date(at).toISOString()}>{formatDateTime(at)}</time>;
}
