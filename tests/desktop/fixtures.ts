/** Connection views and sync statuses for the desktop rules' tests (shapes from shared/view-models.ts). */
import { ErrorCode } from '../../shared/error-codes.ts';
import type { ConnectionStatus, ConnectionView, SyncStatusView } from '../../shared/view-models.ts';

export function connection(id: string, status: ConnectionStatus = { kind: 'connected' }, extra: Partial<ConnectionView> = {}): ConnectionView {
  return {
    id,
    providerId: 'shopify',
    providerName: 'Shopify',
    providerIcon: 'S',
    kind: 'oauth-pkce',
    accountLabel: `Shop ${id}`,
    store: `${id}.myshopify.com`,
    status,
    scopes: [],
    hasRefreshToken: true,
    createdAt: 0,
    revocation: 'rfc7009',
    ...extra,
  };
}

export function idle(
  connectionId: string,
  lastSyncAt?: number,
  lastResult?: 'ok' | 'failed' | 'cancelled',
  orderCount = 0,
  message = 'failed',
): SyncStatusView {
  return {
    connectionId,
    orderCount,
    state: {
      kind: 'idle',
      ...(lastSyncAt !== undefined ? { lastSyncAt } : {}),
      ...(lastResult ? { lastResult } : {}),
      ...(lastResult === 'failed' ? { lastError: { code: ErrorCode.HttpNetwork, message } } : {}),
    },
  };
}

export function running(connectionId: string): SyncStatusView {
  return { connectionId, orderCount: 0, state: { kind: 'running', startedAt: 1, pages: 0, orders: 0 } };
}
