/**
 * Sync warnings (run-warnings.ts) as notices the UI shows (NoticeView kind `sync-warning`), each
 * naming the store it is about. The message is the adapter's own plain words, which already say
 * what to do (e.g. "update Storelink before Shopify removes them").
 */
import type { ConnectionView, NoticeView } from '../../shared/view-models.ts';
import type { SyncWarning } from './run-warnings.ts';

export function syncWarningNotices(warnings: readonly SyncWarning[], connections: readonly Pick<ConnectionView, 'id' | 'accountLabel'>[]): NoticeView[] {
  const labels = new Map(connections.map((c) => [c.id, c.accountLabel]));
  return warnings.map((w, i) => ({
    id: `sync-warning-${w.connectionId}-${i}`,
    kind: 'sync-warning' as const,
    at: w.at,
    message: `${labels.get(w.connectionId) ?? 'A store'}: ${w.message}`,
  }));
}
