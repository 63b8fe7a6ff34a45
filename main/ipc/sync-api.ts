/**
 * What the IPC layer needs from order sync (main/sync/**, written separately). Optional: when the
 * shell starts without it, the five sync/order channels answer with a typed error instead.
 */
import type { RequestOf, ResponseOf } from '../../shared/ipc-contract.ts';
import type { SyncStatusView } from '../../shared/view-models.ts';

export interface SyncApi {
  syncNow(request: RequestOf<'syncNow'>): Promise<ResponseOf<'syncNow'>>;
  cancelSync(request: RequestOf<'cancelSync'>): Promise<ResponseOf<'cancelSync'>>;
  listSyncStatus(): Promise<ResponseOf<'listSyncStatus'>>;
  ordersSummary(query: RequestOf<'ordersSummary'>): Promise<ResponseOf<'ordersSummary'>>;
  ordersPage(query: RequestOf<'ordersPage'>): Promise<ResponseOf<'ordersPage'>>;
  /** Optional progress feed, forwarded as the `syncProgress` event; returns an unsubscribe function. */
  onProgress?(listener: (status: SyncStatusView) => void): () => void;
}

/** A core that may carry the sync service alongside it. */
export interface OptionalSyncApi {
  sync?: SyncApi;
}
