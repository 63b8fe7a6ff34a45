import { useRef, useState } from 'react';
import type { NoticeView } from '../../../shared/view-models.ts';
import { noticesStore } from '../state/notices.ts';
import { useStore } from '../state/useStore.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { focusSoon } from '../hooks/focus.ts';

export type NoticeTone = 'info' | 'warning' | 'error';

/** How serious each startup notice is: error = something does not work now; warning = something was lost or set aside; info = handled. */
export const NOTICE_TONE: Record<NoticeView['kind'], NoticeTone> = {
  'settings-recovered': 'warning',
  'record-skipped': 'warning',
  'orders-db-recovered': 'info',
  'activity-log-failed': 'warning',
  'settings-unavailable': 'error',
  'data-folder-unavailable': 'error',
  'orders-db-unavailable': 'error',
  'startup-failed': 'error',
  'app-settings-reset': 'warning',
  'sync-warning': 'warning',
};

/** One notice per distinct message (the same sentence is never shown twice). */
export function distinctNotices(list: NoticeView[]): NoticeView[] {
  const seen = new Set<string>();
  return list.filter((n) => {
    const key = n.message.trim();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Startup problems (a damaged settings file moved aside, a record skipped), each styled by kind, shown until dismissed. */
export function NoticeBanner() {
  const live = useStore(noticesStore());
  const [dismissed, setDismissed] = useState<Set<string>>(() => new Set());
  const listRef = useRef<HTMLElement>(null);
  if (live.status === 'failed') return <ErrorNotice error={live.error} heading="Could not check for problems found at startup" />;
  if (live.status !== 'ready') return null;
  const shown = distinctNotices(live.value).filter((n) => n.kind !== 'sync-warning' && !dismissed.has(n.id)); // sync warnings: SyncWarningBanner
  if (shown.length === 0) return null;
  const dismiss = (id: string) => {
    setDismissed((old) => new Set(old).add(id));
    // The dismissed notice's button had focus: move it to the notices that remain, or to the page heading.
    focusSoon(() => listRef.current?.querySelector<HTMLElement>('button'));
  };
  return (
    <section className="notices" aria-label="Notices" ref={listRef}>
      {shown.map((n) => {
        const tone = NOTICE_TONE[n.kind] ?? 'warning';
        return (
          <div key={n.id} className={`notice ${tone}`} role={tone === 'error' ? 'alert' : 'status'} data-notice-kind={n.kind} data-tone={tone}>
            <p>{n.message}</p>
            <button type="button" onClick={() => dismiss(n.id)} aria-label={`Dismiss: ${n.message}`}>
              Dismiss
            </button>
          </div>
        );
      })}
    </section>
  );
}
