/**
 * Issue 9 item 4 / issue 10 item 5: the sync scheduler follows the app settings (interval, "pause all
 * sync") live, with the fake clock (tests/helpers/fake-clock.ts), the real sync service (SQLite) and a
 * real order source on loopback HTTP. Sync now still works while paused; every idle view carries the
 * next run or "paused", also the progress event after a Sync now; each run is reported with its trigger.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { memoryAppSettingsStore, type AppSettingsStore } from '../../main/core/settings/app-settings-store.ts';
import { createSyncService, type SyncService } from '../../main/sync/sync-service.ts';
import type { SyncRunEvent, SyncScheduleSource } from '../../main/sync/sync-scheduler.ts';
import type { SyncStatusView } from '../../shared/view-models.ts';
import { FakeClock } from '../helpers/fake-clock.ts';
import { demoTarget, httpHost, OrderSource } from './fixtures/index.ts';

const MIN = 60_000;
const source = new OrderSource({ count: 30 });
const dirs: string[] = [];
let url: string;
before(async () => {
  url = await source.start();
});
after(async () => {
  await source.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function scheduleOf(settings: AppSettingsStore): SyncScheduleSource {
  return {
    get: () => ({ intervalMs: settings.get().syncIntervalMinutes * MIN, paused: settings.get().syncPaused }),
    subscribe: (l) => settings.subscribe(() => l()),
  };
}

async function setup(t: { after(fn: () => Promise<void> | void): void }) {
  const dir = mkdtempSync(join(tmpdir(), 'storelink-schedule-'));
  dirs.push(dir);
  const clock = new FakeClock(Date.UTC(2026, 0, 5, 9));
  const settings = memoryAppSettingsStore();
  const runs: SyncRunEvent[] = [];
  const progress: SyncStatusView[] = [];
  const service: SyncService = createSyncService({
    dataDir: dir,
    host: httpHost(url, [demoTarget('c1')]),
    clock,
    launchDelayMs: 1_000,
    schedule: scheduleOf(settings),
    onRun: (e) => runs.push(e),
    writerThread: false,
  });
  service.onProgress((v) => progress.push(v));
  t.after(() => service.close());
  const ended = (n: number) => waitFor(() => runs.filter((r) => r.phase === 'ended').length >= n);
  const idle = () => service.listSyncStatus()[0]!.state as Extract<SyncStatusView['state'], { kind: 'idle' }>;
  return { clock, settings, runs, progress, service, ended, idle };
}

async function waitFor(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(cond(), 'condition not reached');
}

test('the interval comes from the settings, and a change moves the next run at once', async (t) => {
  const { clock, settings, runs, ended, idle } = await setup(t);
  assert.equal(idle().nextRunAt, clock.now() + 1_000, 'launch run first');
  await clock.advance(1_000);
  await ended(1);
  assert.equal(runs[0]!.phase === 'started' && runs[0]!.trigger, 'automatic');
  const launchEnd = clock.now();
  assert.equal(idle().nextRunAt, launchEnd + 15 * MIN, 'default: every 15 minutes');

  settings.update({ syncIntervalMinutes: 60 });
  assert.equal(idle().nextRunAt, launchEnd + 60 * MIN, 'longer interval: later');
  await clock.advance(15 * MIN);
  assert.equal(runs.filter((r) => r.phase === 'ended').length, 1, 'no run at the old 15 minutes');

  settings.update({ syncIntervalMinutes: 5 });
  // 15 minutes already passed since the last run: with a 5-minute interval it is due now
  assert.equal(idle().nextRunAt, clock.now());
  await clock.advance(0);
  await ended(2);
  const second = runs.filter((r) => r.phase === 'ended')[1]!;
  assert.equal(second.trigger, 'automatic');
  assert.equal(idle().nextRunAt, clock.now() + 5 * MIN);
  await clock.advance(5 * MIN);
  await ended(3);
});

test('pause all sync: no automatic run, the views say paused, Sync now still works; resuming arms the schedule again', async (t) => {
  const { clock, settings, runs, progress, service, ended, idle } = await setup(t);
  await clock.advance(1_000);
  await ended(1);
  const served = source.pagesServed;

  settings.update({ syncPaused: true });
  assert.equal(idle().paused, true);
  assert.equal(idle().nextRunAt, undefined, 'no next run while paused');
  assert.equal(clock.pending(), 0, 'no timer armed');
  await clock.advance(4 * 60 * MIN);
  assert.equal(runs.filter((r) => r.phase === 'started').length, 1, 'nothing ran on its own for 4 hours');
  assert.equal(source.pagesServed, served);

  // Sync now while paused
  const before = progress.length;
  const outcomes = await service.syncNow('c1', 'on-request');
  assert.equal(outcomes[0]!.result, 'ok');
  assert.ok(source.pagesServed > served, 'Sync now reached the store');
  const now = runs.filter((r) => r.phase === 'ended').at(-1)!;
  assert.equal(now.trigger, 'on-request');
  const lastIdle = progress
    .slice(before)
    .filter((p) => p.state.kind === 'idle')
    .at(-1)!;
  assert.equal(lastIdle.state.kind === 'idle' && lastIdle.state.paused, true, 'the progress event after Sync now says paused');

  settings.update({ syncPaused: false });
  assert.equal(idle().paused, undefined);
  // the last automatic run was 4 hours ago: due at once
  assert.equal(idle().nextRunAt, clock.now());
  await clock.advance(0);
  await ended(3);
  assert.equal(runs.filter((r) => r.phase === 'ended').at(-1)!.trigger, 'automatic');
});

test('after Sync now the progress event carries the next run (never "Not scheduled"), and each run reports orders and duration', async (t) => {
  const { clock, runs, progress, service, ended } = await setup(t);
  await clock.advance(1_000);
  await ended(1);
  const before = progress.length;
  source.add(3);
  await service.syncNow('c1', 'on-request');
  const lastIdle = progress
    .slice(before)
    .filter((p) => p.state.kind === 'idle')
    .at(-1)!;
  assert.equal(lastIdle.state.kind === 'idle' && typeof lastIdle.state.nextRunAt, 'number');
  const end = runs.filter((r) => r.phase === 'ended').at(-1)!;
  assert.ok(end.phase === 'ended' && end.outcome.result === 'ok' && end.outcome.orders >= 3, JSON.stringify(end));
  assert.ok(end.phase === 'ended' && end.durationMs >= 0);
});

test('a schedule change is announced to progress listeners at once: the idle view with the new next run, then "paused" (the Orders screen stays true)', async (t) => {
  const { clock, settings, progress, idle } = await setup(t);
  assert.equal(idle().nextRunAt, clock.now() + 1_000);
  progress.length = 0;
  settings.update({ syncIntervalMinutes: 60 });
  await waitFor(() => progress.length >= 1);
  const moved = progress.at(-1)!;
  assert.equal(moved.connectionId, 'c1');
  assert.equal(moved.state.kind, 'idle');
  assert.equal((moved.state as { nextRunAt?: number }).nextRunAt, idle().nextRunAt, 'the event carries the next run listSyncStatus has');
  progress.length = 0;
  settings.update({ syncPaused: true });
  await waitFor(() => progress.length >= 1);
  assert.equal((progress.at(-1)!.state as { paused?: boolean }).paused, true, 'the event says paused');
  assert.equal((progress.at(-1)!.state as { nextRunAt?: number }).nextRunAt, undefined, 'and no next run');
});
