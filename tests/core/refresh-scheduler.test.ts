/**
 * The refresh scheduler on its own, with a fake clock and a refresher that answers at once: after a
 * sleep the heartbeat's catch-up and the connection's own timer (due during the sleep) both fire in
 * one clock advance; the connection must be refreshed once (security.md #40). With a real provider
 * this showed as a flaky extra token request whenever a refresh finished within one timer step.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CoreContext } from '../../main/core/connections/context.ts';
import { Status } from '../../main/core/lifecycle/connection-status.ts';
import { RefreshScheduler } from '../../main/core/lifecycle/refresh-scheduler.ts';
import type { TokenRefresher } from '../../main/core/lifecycle/token-refresher.ts';
import type { ConnectionRecord } from '../../main/core/store/connection-records.ts';
import { FakeClock } from '../helpers/fake-clock.ts';

const HOUR = 3_600_000;

function fixture() {
  const clock = new FakeClock(Date.parse('2026-12-01T08:00:00Z'));
  const record = {
    id: 'c_one',
    providerId: 'demo',
    createdAt: clock.now(),
    lastActivityAt: clock.now(),
    accessExpiresAt: clock.now() + HOUR,
    hasRefreshToken: true,
    status: Status.connected(),
  } as unknown as ConnectionRecord;
  const records = new Map([[record.id, record]]);
  const refreshes: number[] = [];
  // A refresh that completes at once and moves the expiry an hour on, like a fast provider.
  const refresher = {
    isRefreshing: () => false,
    proactiveRefreshAllowedAt: () => 0,
    refresh: async (id: string) => {
      refreshes.push(clock.now());
      const r = records.get(id)!;
      records.set(id, { ...r, accessExpiresAt: clock.now() + HOUR, lastRefreshAt: clock.now() });
      return {};
    },
  } as unknown as TokenRefresher;
  const ctx = {
    clock,
    records: { get: (id: string) => records.get(id), list: () => [...records.values()] },
    profiles: { get: () => undefined },
    logger: { warn: () => {} },
  } as unknown as CoreContext;
  const scheduler = new RefreshScheduler(ctx, refresher);
  return { clock, scheduler, refreshes };
}

test('security.md #40: after a sleep past the due time, the catch-up and the stale timer make one refresh', async () => {
  const { clock, scheduler, refreshes } = fixture();
  scheduler.start();
  clock.jump(HOUR - 60_000); // slept past the due time (1 h - 5 min margin)
  await clock.advance(30_000); // the heartbeat notices the jump; the connection's timer is overdue too
  await clock.advance(1_000);
  assert.equal(refreshes.length, 1, `refreshed at ${refreshes.map((t) => new Date(t).toISOString()).join(', ')}`);
  // And the renewed token is refreshed again once, before its own expiry.
  await clock.advance(HOUR - 5 * 60_000 + 1_000);
  assert.equal(refreshes.length, 2);
  scheduler.close();
});

test('a due connection is refreshed by its timer without a sleep, once', async () => {
  const { clock, scheduler, refreshes } = fixture();
  scheduler.start();
  await clock.advance(HOUR - 5 * 60_000 - 1);
  assert.equal(refreshes.length, 0, 'not before the margin');
  await clock.advance(2);
  assert.equal(refreshes.length, 1);
  scheduler.close();
});
