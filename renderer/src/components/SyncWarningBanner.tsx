import { useEffect, useState } from 'react';
import type { NoticeView } from '../../../shared/view-models.ts';
import { storelink, unwrap } from '../api.ts';
import { useSyncStatus } from '../orders/useSyncStatus.ts';

/**
 * Warnings from store syncs (notice kind `sync-warning`: e.g. Shopify flagged an API version or
 * feature as deprecated), asked for again each time a sync finishes, so a new one shows without a
 * restart. Plain words from main, which already say what to do.
 */
export function SyncWarningBanner() {
  const { finished } = useSyncStatus();
  const [notices, setNotices] = useState<NoticeView[]>([]);
  useEffect(() => {
    let live = true;
    unwrap(storelink().listNotices()).then(
      (list) => live && setNotices(list.filter((n) => n.kind === 'sync-warning')),
      () => {}, // NoticeBanner reports a failing listNotices
    );
    return () => {
      live = false;
    };
  }, [finished]);
  if (notices.length === 0) return null;
  return (
    <section className="card notice" role="status" aria-label="Sync warnings">
      <ul>
        {notices.map((n) => (
          <li key={n.id}>{n.message}</li>
        ))}
      </ul>
    </section>
  );
}
