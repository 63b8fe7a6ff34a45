import { useState } from 'react';
import { noticesStore } from '../state/notices.ts';
import { useStore } from '../state/useStore.ts';
import { ErrorNotice } from './ErrorNotice.tsx';

/** Startup problems (a damaged settings file moved aside, a record skipped), shown until dismissed. */
export function NoticeBanner() {
  const live = useStore(noticesStore());
  const [dismissed, setDismissed] = useState(false);
  if (dismissed) return null;
  if (live.status === 'failed') return <ErrorNotice error={live.error} heading="Could not check for problems found at startup" />;
  if (live.status !== 'ready') return null;
  const startup = live.value.filter((n) => n.kind !== 'sync-warning'); // those: SyncWarningBanner
  if (startup.length === 0) return null;
  return (
    <section className="card notice" role="status" aria-label="Notices">
      <ul>
        {startup.map((n) => (
          <li key={n.id}>{n.message}</li>
        ))}
      </ul>
      <button type="button" onClick={() => setDismissed(true)}>
        Dismiss
      </button>
    </section>
  );
}
