import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canTransition, InvalidTransitionError, Status, transition } from '../../main/core/lifecycle/connection-status.ts';
import type { StatusKind } from '../../shared/view-models.ts';

const KINDS: StatusKind[] = ['connected', 'refreshing', 'error', 'needs-reauth', 'revoked'];
/** The documented state machine (connection-status.ts header; security.md #13 #16), self-loops included. */
const ALLOWED: Record<StatusKind, StatusKind[]> = {
  connected: ['connected', 'refreshing', 'needs-reauth', 'error', 'revoked'],
  refreshing: ['connected', 'needs-reauth', 'error'],
  error: ['error', 'refreshing', 'connected', 'needs-reauth', 'revoked'],
  'needs-reauth': ['needs-reauth', 'connected', 'revoked'],
  revoked: ['revoked', 'connected'],
};

test('security.md #13 #16: the status machine allows exactly the documented transitions (full 5x5 table)', () => {
  for (const from of KINDS) {
    for (const to of KINDS) assert.equal(canTransition(from, to), ALLOWED[from].includes(to), `${from} -> ${to}`);
  }
});

test('security.md #13: a dead grant cannot silently go back to refreshing; forbidden transitions throw', () => {
  // invalid_grant -> needs-reauth: no retry loop, only a re-authorization (or revoke) leaves it
  assert.throws(() => transition(Status.needsReauth('grant expired'), Status.refreshing()), InvalidTransitionError);
  assert.throws(() => transition(Status.revoked('gone'), Status.refreshing()), InvalidTransitionError);
  assert.throws(() => transition(Status.refreshing(), Status.revoked('x')), InvalidTransitionError);
  assert.deepEqual(transition(Status.refreshing(), Status.error('AS down', 123)), { kind: 'error', reason: 'AS down', retryAt: 123 });
  assert.deepEqual(transition(Status.needsReauth('x'), Status.connected()), { kind: 'connected' });
  assert.deepEqual(Status.error('r'), { kind: 'error', reason: 'r' });
});
