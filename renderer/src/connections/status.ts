import type { ConnectionStatus, StatusKind } from '../../../shared/view-models.ts';

export const STATUS_LABEL: Record<StatusKind, string> = {
  connected: 'Connected',
  refreshing: 'Refreshing access',
  'needs-reauth': 'Needs you to sign in again',
  error: 'Problem',
  revoked: 'Access revoked',
};

/** The status in plain words, with its reason when the status has one. */
export function describeStatus(status: ConnectionStatus, now: number): string {
  switch (status.kind) {
    case 'connected':
      return 'Working normally.';
    case 'refreshing':
      return 'Getting fresh access from the platform…';
    case 'needs-reauth':
      return `${status.reason} Press Reconnect to sign in again.`;
    case 'error': {
      const retry = status.retryAt !== undefined && status.retryAt > now ? ' Storelink will retry by itself shortly.' : '';
      return `${status.reason}${retry}`;
    }
    case 'revoked':
      return `${status.reason} Reconnect to give access again.`;
  }
}
