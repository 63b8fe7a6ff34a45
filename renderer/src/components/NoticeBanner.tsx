import { useEffect, useState } from 'react';
import type { NoticeView } from '../../../shared/view-models.ts';
import { storelink, unwrap } from '../api.ts';

/** Startup problems (a damaged settings file moved aside, a record skipped), shown until dismissed. */
export function NoticeBanner() {
  const [notices, setNotices] = useState<NoticeView[]>([]);
  useEffect(() => {
    unwrap(storelink().listNotices()).then(setNotices, () => setNotices([]));
  }, []);
  if (notices.length === 0) return null;
  return (
    <section className="card notice" role="status" aria-label="Notices">
      <ul>
        {notices.map((n) => (
          <li key={n.id}>{n.message}</li>
        ))}
      </ul>
      <button type="button" onClick={() => setNotices([])}>
        Dismiss
      </button>
    </section>
  );
}
