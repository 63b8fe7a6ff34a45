import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { OrderStore } from '../../main/sync/order-store.ts';
import { SummaryQueries } from '../../main/sync/summary-queries.ts';
import { OrderSource, oracleSummary, seeded, sourceOrders, storedOrders } from './fixtures/index.ts';

const CHILD = fileURLToPath(new URL('./fixtures/sync-child.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'storelink-crash-'));
const source = new OrderSource({ count: 5000, delayMs: 10, faults: { every429: 11, every5xx: 13 }, seed: 99 });
after(async () => {
  await source.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Runs the child and kills it with SIGKILL `extraMs` after the source has seen `afterRequests`
 * requests of this run (0 = counted from spawn), unless it ends first.
 */
function runChild(dbPath: string, url: string, kill?: { afterRequests: number; extraMs: number }, mode = 'inline'): Promise<'ok' | 'failed' | 'killed'> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dbPath, url, mode], { stdio: ['ignore', 'ignore', 'inherit'] });
    let timer: NodeJS.Timeout | undefined;
    const arm = (): void => {
      timer ??= setTimeout(() => child.kill('SIGKILL'), kill!.extraMs);
    };
    let seen = 0;
    if (kill && kill.afterRequests === 0) arm();
    else if (kill) source.onRequest = () => ++seen >= kill.afterRequests && arm();
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      source.onRequest = undefined;
      resolve(signal === 'SIGKILL' ? 'killed' : code === 0 ? 'ok' : 'failed');
    });
  });
}

let started: Promise<string> | undefined;

async function crashResume(mode: 'inline' | 'worker', wantKills: number): Promise<void> {
  const url = await (started ??= source.start()); // one source for both tests
  const dbPath = join(dir, `orders-${mode}.sqlite`);
  const rand = seeded(2024);
  let kills = 0;
  let completions = 0;
  // Runs killed after a random delay until 25 kills landed (runs that finish first also count as
  // progress); the source keeps changing between runs, so every run has pages to fetch.
  for (let run = 0; run < 80 && kills < wantKills; run++) {
    // a third of the kills at a random time from spawn, the rest mid-run after 1-8 requests
    const kill =
      run % 3 === 0 ? { afterRequests: 0, extraMs: Math.floor(rand() * 500) } : { afterRequests: 1 + Math.floor(rand() * 8), extraMs: Math.floor(rand() * 15) };
    const outcome = await runChild(dbPath, url, kill, mode);
    if (outcome === 'killed') kills++;
    else if (outcome === 'ok') completions++;
    else assert.fail(`child run ${run} failed`);
    source.change(400);
    source.add(50);
  }
  // then re-run without killing until a run completes
  let final: string = '';
  for (let i = 0; i < 5 && final !== 'ok'; i++) final = await runChild(dbPath, url, undefined, mode);
  assert.equal(final, 'ok');
  assert.equal(kills, wantKills);

  const store = new OrderStore(dbPath, { dayOffsets: [-300, 330] });
  try {
    const stored = storedOrders(store.db, 'c1');
    const expected = sourceOrders(source);
    assert.equal(stored.size, expected.size);
    assert.deepEqual(stored, expected);
    const rows = store.db.prepare("SELECT COUNT(*) AS n, COUNT(DISTINCT platform_id) AS d FROM orders WHERE connection_id = 'c1'").get() as {
      n: number;
      d: number;
    };
    assert.equal(rows.n, rows.d);
    assert.equal(store.orderCount('c1'), expected.size);
    // the rollups written with each page are exact too: money sums per currency equal the source's
    const summary = new SummaryQueries(store).summary({ fromMs: 0, toMs: Date.UTC(2030, 0, 1) });
    const want = oracleSummary(expected.values(), 0, Date.UTC(2030, 0, 1));
    assert.deepEqual(
      Object.fromEntries(summary.byCurrency.map((c) => [c.currency, [c.orderCount, c.revenueMinor]])),
      Object.fromEntries([...want.byCurrency].map(([k, v]) => [k, [v.orderCount, v.revenueMinor]])),
    );
    assert.deepEqual(Object.fromEntries(summary.byStatus.map((s) => [s.status, s.count])), Object.fromEntries(want.byStatus));
    // and so are the local-day rollups, for a whole-hour and a half-hour offset (vs. a plain JS computation)
    for (const tz of [-300, 330]) {
      const local = new SummaryQueries(store).summary({ fromMs: 0, toMs: Date.UTC(2030, 0, 1) }, { tzOffsetMinutes: tz });
      const oracle = oracleSummary(expected.values(), 0, Date.UTC(2030, 0, 1), tz);
      assert.deepEqual(
        local.perDay.filter((d) => d.orders > 0).map((d) => [d.day, d.orders, d.revenueByCurrency]),
        [...oracle.perDay].sort((x, y) => x[0].localeCompare(y[0])).map(([day, v]) => [day, v.orders, v.revenueByCurrency]),
      );
    }
    assert.equal(store.getCheckpoint('c1')!.page, null);
  } finally {
    store.close();
  }
  console.log(`# crash-resume (${mode}): ${kills} kills, ${completions} runs completed before their kill, ${source.requests} requests`);
}

test('a sync killed with SIGKILL at random points resumes from its checkpoint: no order lost, none duplicated (security.md #35)', () =>
  crashResume('inline', 25));

test('the same with pages committed by the writer thread: each page and its checkpoint still one transaction (security.md #34, #35)', () =>
  crashResume('worker', 15));
