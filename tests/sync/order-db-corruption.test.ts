/**
 * security.md #45: damage anywhere in the order database (a table or index page, not the header) is
 * found, at open by `PRAGMA quick_check` and at run time from SQLITE_CORRUPT; the file and its
 * -wal/-shm are moved aside, the admin is told, and a fresh database is synced again in full.
 * Real node:sqlite files, real HTTP (tests/sync/fixtures OrderSource), the real writer thread.
 */
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, test } from 'node:test';
import { createSyncService, ORDERS_DB_FILE, ORDERS_DB_RECOVERED_MESSAGE } from '../../main/sync/sync-service.ts';
import { demoTarget, httpHost, OrderSource } from './fixtures/index.ts';

const source = new OrderSource({ count: 1500 });
const started = source.start();
const dirs: string[] = [];
after(async () => {
  await source.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const ALL = { fromMs: 0, toMs: Date.UTC(2100, 0, 1) };

/** Overwrites whole pages in the middle of the file (page 3 and later, never the header page). */
function corruptMiddle(file: string): void {
  const pageSize = 4096;
  const pages = Math.floor(statSync(file).size / pageSize);
  assert.ok(pages > 12, `the database has enough pages to damage (${pages})`);
  const fd = openSync(file, 'r+');
  try {
    for (let p = Math.max(3, Math.floor(pages / 3)); p < pages - 1; p += 2) writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, p * pageSize);
  } finally {
    closeSync(fd);
  }
}

async function syncedService(host: ReturnType<typeof httpHost>, dataDir: string) {
  const service = createSyncService({ dataDir, host, intervalMs: 0, dayOffsets: [0] });
  const [outcome] = await service.syncNow('c1');
  assert.equal(outcome!.result, 'ok', JSON.stringify(outcome));
  assert.equal(service.ordersSummary(ALL).orderCount, 1500);
  return service;
}

test('security.md #45: damage past the header is found by quick_check at open; the file is moved aside and orders are synced again', async () => {
  const url = await started;
  const dataDir = mkdtempSync(join(tmpdir(), 'storelink-corrupt-open-'));
  dirs.push(dataDir);
  const host = httpHost(url, [demoTarget('c1')]);
  const first = await syncedService(host, dataDir);
  await first.close(); // the last connection checkpoints the WAL into the file
  const db = join(dataDir, ORDERS_DB_FILE);
  corruptMiddle(db);
  const header = new DatabaseSync(db); // the header is intact: the file opens and its schema reads
  assert.ok(header.prepare('SELECT count(*) AS n FROM sqlite_schema').get());
  header.close();

  const service = createSyncService({ dataDir, host, intervalMs: 0, dayOffsets: [0] });
  assert.ok(service.movedAside, 'the damaged file was moved aside');
  assert.ok(readdirSync(dataDir).some((f) => f.startsWith(`${ORDERS_DB_FILE}.unreadable-`)));
  assert.equal(service.ordersSummary(ALL).orderCount, 0, 'a fresh database with no checkpoints');
  const [outcome] = await service.syncNow('c1');
  assert.equal(outcome!.result, 'ok');
  assert.equal(service.ordersSummary(ALL).orderCount, 1500, 'every order synced again');
  await service.close();
});

test('security.md #45: damage found at run time (SQLITE_CORRUPT from a query) moves the file aside, tells the admin and syncs everything again', async () => {
  const url = await started;
  const dataDir = mkdtempSync(join(tmpdir(), 'storelink-corrupt-run-'));
  dirs.push(dataDir);
  const host = httpHost(url, [demoTarget('c1')]);
  const service = await syncedService(host, dataDir);
  assert.equal(service.movedAside, undefined);
  const db = join(dataDir, ORDERS_DB_FILE);
  const other = new DatabaseSync(db);
  other.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  other.close();
  corruptMiddle(db);

  let error: unknown;
  try {
    for (let offset = 0; offset < 1500; offset += 100) service.ordersPage({ ...ALL, sort: 'createdAt', direction: 'asc', offset, limit: 100 });
    service.ordersSummary(ALL);
  } catch (err) {
    error = err;
  }
  assert.ok(error instanceof Error, 'the damaged page was read');
  assert.equal(error.message, ORDERS_DB_RECOVERED_MESSAGE, 'the admin reads what happened, not "internal"');
  // recovery runs in the background: moved aside, fresh database, full re-sync
  for (let i = 0; i < 400 && !(service.movedAside && safeCount(service) === 1500); i++) await new Promise((r) => setTimeout(r, 25));
  assert.ok(service.movedAside, 'moved aside');
  const aside = readdirSync(dataDir).filter((f) => f.startsWith(`${ORDERS_DB_FILE}.unreadable-`));
  assert.ok(aside.length >= 1, aside.join());
  assert.equal(safeCount(service), 1500, 'the full order set is back');
  await service.close();
});

function safeCount(service: ReturnType<typeof createSyncService>): number {
  try {
    return service.ordersSummary(ALL).orderCount;
  } catch {
    return -1;
  }
}
