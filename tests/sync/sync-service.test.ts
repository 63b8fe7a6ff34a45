import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { ClockPort, TimerHandle } from '../../main/core/ports.ts';
import { createSyncService, ORDERS_DB_FILE } from '../../main/sync/sync-service.ts';
import type { SyncStatusView } from '../../shared/view-models.ts';
import { demoTarget, httpHost, OrderSource } from './fixtures/index.ts';

/** A clock whose timers fire only when the test advances time. */
class ManualClock implements ClockPort {
  t = Date.UTC(2025, 5, 1);
  timers: Array<{ at: number; fn: () => void; live: boolean }> = [];
  now = (): number => this.t;
  setTimeout = (fn: () => void, ms: number): TimerHandle => {
    const timer = { at: this.t + ms, fn, live: true };
    this.timers.push(timer);
    return { cancel: () => void (timer.live = false) };
  };
  advance(ms: number): void {
    this.t += ms;
    for (const timer of this.timers.filter((x) => x.live && x.at <= this.t)) {
      timer.live = false;
      timer.fn();
    }
  }
  pending(): number {
    return this.timers.filter((x) => x.live).length;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'storelink-service-'));
const source = new OrderSource({ count: 420 });
after(async () => {
  await source.close();
  rmSync(dir, { recursive: true, force: true });
});

const idleAfterRun = (events: SyncStatusView[], id: string, n: number): Promise<void> =>
  new Promise((resolve) => {
    const poll = setInterval(() => {
      if (events.filter((e) => e.connectionId === id && e.state.kind === 'idle').length >= n) {
        clearInterval(poll);
        resolve();
      }
    }, 5);
  });

test('the service syncs once at launch and then on its interval, reports nextRunAt, summarises and deletes', async () => {
  const url = await source.start();
  const clock = new ManualClock();
  const host = httpHost(url, [demoTarget('c1'), demoTarget('off', { active: false })]);
  const service = createSyncService({ dataDir: dir, host, clock, intervalMs: 60_000, launchDelayMs: 2_000 });
  const events: SyncStatusView[] = [];
  const unsubscribe = service.onProgress((v) => events.push(v));
  assert.ok(existsSync(join(dir, ORDERS_DB_FILE)));
  assert.equal(service.movedAside, undefined);

  const initial = service.listSyncStatus();
  assert.deepEqual(
    initial.map((s) => s.connectionId),
    ['c1', 'off'],
  );
  assert.equal(initial[0]!.state.kind === 'idle' && initial[0]!.state.nextRunAt, clock.t + 2_000);
  assert.equal(initial[1]!.state.kind === 'idle' && initial[1]!.state.nextRunAt, undefined, 'inactive connections are not scheduled');

  clock.advance(2_000); // launch run
  await idleAfterRun(events, 'c1', 1);
  await new Promise((r) => setImmediate(r));
  const afterLaunch = service.listSyncStatus()[0]!;
  assert.equal(afterLaunch.orderCount, 420);
  assert.equal(afterLaunch.state.kind === 'idle' && afterLaunch.state.lastResult, 'ok');
  assert.equal(afterLaunch.state.kind === 'idle' && afterLaunch.state.nextRunAt, clock.t + 60_000);
  assert.equal(source.pagesServed, 5);

  source.add(10);
  clock.advance(60_000); // periodic run
  await idleAfterRun(events, 'c1', 2);
  await new Promise((r) => setImmediate(r));
  assert.equal(service.listSyncStatus()[0]!.orderCount, 430);

  const summary = service.ordersSummary({ fromMs: 0, toMs: Date.UTC(2030, 0, 1) });
  assert.equal(summary.orderCount, 430);
  const page = service.ordersPage({ fromMs: 0, toMs: Date.UTC(2030, 0, 1), sort: 'createdAt', direction: 'desc', offset: 0, limit: 10 });
  assert.equal(page.total, 430);

  // on demand, for one connection
  const [outcome] = await service.syncNow('c1');
  assert.equal(outcome!.result, 'ok');
  const inactive = await service.syncNow('off');
  assert.equal(inactive[0]!.error!.code, 'needs_reauthorization');

  assert.equal(service.deleteConnection('c1'), 430);
  assert.equal(service.listSyncStatus()[0]!.orderCount, 0);
  assert.equal(service.ordersSummary({ fromMs: 0, toMs: Date.UTC(2030, 0, 1) }).orderCount, 0);
  unsubscribe();
  await service.close();
  assert.equal(clock.pending(), 0, 'close cancels the schedule');
});
