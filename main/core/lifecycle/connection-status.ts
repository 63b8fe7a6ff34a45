import type { ConnectionStatus, StatusKind } from '../../../shared/view-models.ts';

/**
 * The connection status state machine (style.md: a union keyed on `kind`, as GitHub Desktop models
 * sign-in). Transitions not listed here are programming errors and are refused.
 *
 *   connected  -> refreshing | needs-reauth | error | revoked
 *   refreshing -> connected | needs-reauth | error
 *   error      -> refreshing | connected | needs-reauth | revoked
 *   needs-reauth -> connected (re-authorized) | revoked
 *   revoked    -> connected (reconnected)
 */
const ALLOWED: Record<StatusKind, readonly StatusKind[]> = {
  connected: ['refreshing', 'needs-reauth', 'error', 'revoked', 'connected'],
  refreshing: ['connected', 'needs-reauth', 'error'],
  error: ['refreshing', 'connected', 'needs-reauth', 'revoked', 'error'],
  'needs-reauth': ['connected', 'revoked', 'needs-reauth'],
  revoked: ['connected', 'revoked'],
};

export class InvalidTransitionError extends Error {
  readonly code = 'internal';
  override readonly name = 'InvalidTransitionError';
}

export function canTransition(from: StatusKind, to: StatusKind): boolean {
  return ALLOWED[from].includes(to);
}

export function transition(from: ConnectionStatus, to: ConnectionStatus): ConnectionStatus {
  if (!canTransition(from.kind, to.kind)) throw new InvalidTransitionError(`connection status cannot go from ${from.kind} to ${to.kind}`);
  return to;
}

export const Status = {
  connected: (): ConnectionStatus => ({ kind: 'connected' }),
  refreshing: (): ConnectionStatus => ({ kind: 'refreshing' }),
  needsReauth: (reason: string): ConnectionStatus => ({ kind: 'needs-reauth', reason }),
  error: (reason: string, retryAt?: number): ConnectionStatus => (retryAt === undefined ? { kind: 'error', reason } : { kind: 'error', reason, retryAt }),
  revoked: (reason: string): ConnectionStatus => ({ kind: 'revoked', reason }),
};
