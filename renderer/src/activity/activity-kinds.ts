/**
 * Words for each activity row and the kind groups of the Activity filter (issue 10 item 5).
 * A refresh or sync says whether Storelink did it on its own or the admin asked for it.
 */
import type { ActivityKind, ActivityView } from '../../../shared/view-models.ts';

const KIND_TEXT: Record<ActivityKind, string> = {
  connected: 'Connected',
  refreshed: 'Access refreshed',
  'refresh-failed': 'Refreshing access failed',
  're-authorized': 'Signed in again (reconnected)',
  revoked: 'Access revoked',
  disconnected: 'Disconnected',
  'sync-started': 'Order sync started',
  'sync-completed': 'Orders synced',
  'sync-failed': 'Order sync failed',
  'sync-cancelled': 'Order sync cancelled',
  'connect-denied': 'Sign-in not allowed at the store',
  'connect-cancelled': 'Sign-in cancelled',
  'connect-failed': 'Connecting failed',
};

const TRIGGER_TEXT = { automatic: 'automatically', 'on-request': 'on request' } as const;

/** "Access refreshed automatically", "Orders synced on request", "Connected". */
export function activityHeadline(e: Pick<ActivityView, 'kind' | 'trigger'>): string {
  const base = KIND_TEXT[e.kind];
  return e.trigger ? `${base} ${TRIGGER_TEXT[e.trigger]}` : base;
}

export const KIND_GROUPS = [
  { id: 'all', label: 'Everything', kinds: undefined },
  {
    id: 'connections',
    label: 'Connects and disconnects',
    kinds: ['connected', 're-authorized', 'revoked', 'disconnected', 'connect-denied', 'connect-cancelled', 'connect-failed'],
  },
  { id: 'refresh', label: 'Access refreshes', kinds: ['refreshed', 'refresh-failed'] },
  { id: 'sync', label: 'Order syncs', kinds: ['sync-started', 'sync-completed', 'sync-failed', 'sync-cancelled'] },
  { id: 'problems', label: 'Problems only', kinds: ['refresh-failed', 'sync-failed', 'connect-denied', 'connect-failed'] },
] as const satisfies ReadonlyArray<{ id: string; label: string; kinds: readonly ActivityKind[] | undefined }>;

export type KindGroupId = (typeof KIND_GROUPS)[number]['id'];
