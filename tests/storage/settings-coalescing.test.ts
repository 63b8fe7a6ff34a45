import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openConfSettings } from '../../main/adapters/conf-settings.ts';
import { launchCore } from '../helpers/bare-core.ts';
import { COALESCE_MS, ConnectionRecords, RECORDS_KEY, type ConnectionRecord } from '../../main/core/store/connection-records.ts';
import { REFRESH_MARKERS_FILE, RefreshMarkers } from '../../main/core/store/refresh-markers.ts';
import { MemoryKeychain } from '../../main/core/vault/memory-keychain.ts';
import { SecretVault } from '../../main/core/vault/secret-vault.ts';
import type { SettingsPort, TimerHandle } from '../../main/core/ports.ts';

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'storelink-coalesce-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Real conf on disk, counting the writes that reach it. */
function counting(dir: string): { settings: SettingsPort; writes: string[] } {
  const inner = openConfSettings(dir).settings;
  const writes: string[] = [];
  return {
    writes,
    settings: { get: (k) => inner.get(k), set: (k, v) => (writes.push(k), inner.set(k, v)), delete: (k) => (writes.push(k), inner.delete(k)) },
  };
}

/** A fake timer for the coalescing window: nothing fires until the test says so (no timed assertions). */
function fakeTimer(): { setTimer: (fn: () => void, ms: number) => TimerHandle; pending: () => number[]; fire: () => void } {
  let timers: Array<{ fn: () => void; ms: number }> = [];
  return {
    setTimer: (fn, ms) => {
      const t = { fn, ms };
      timers.push(t);
      return { cancel: () => void (timers = timers.filter((x) => x !== t)) };
    },
    pending: () => timers.map((t) => t.ms),
    fire: () => {
      const due = timers;
      timers = [];
      for (const t of due) t.fn();
    },
  };
}

const markersOnDisk = (dir: string): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(dir, REFRESH_MARKERS_FILE), 'utf8')).markers;

const onDisk = (dir: string): Record<string, ConnectionRecord> => JSON.parse(fs.readFileSync(path.join(dir, 'storelink.json'), 'utf8'))[RECORDS_KEY];

const record = (id: string): ConnectionRecord => ({
  id,
  providerId: 'demo',
  accountLabel: id,
  fields: {},
  requestedScopes: [],
  grantedScopes: [],
  hasRefreshToken: true,
  status: { kind: 'connected' },
  createdAt: 1,
});

test('security.md #46: status churn of many connections in one tick is one settings write; a refresh marker is written at once', async (t) => {
  const dir = tempDir(t);
  const { settings, writes } = counting(dir);
  const clock = fakeTimer();
  const records = new ConnectionRecords(settings, undefined, { setTimer: clock.setTimer });
  for (let i = 0; i < 10; i++) records.put(record(`c${i}`)); // new connections: durable, written at once
  assert.equal(onDisk(dir).c9?.status.kind, 'connected');
  writes.length = 0;

  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 10; i++) records.update(`c${i}`, { status: round % 2 ? { kind: 'connected' } : { kind: 'refreshing' }, lastRefreshAt: 100 + round });
  }
  assert.deepEqual(writes, [], 'nothing written yet: 30 status changes wait for the window');
  assert.equal(records.get('c3')?.lastRefreshAt, 102, 'reads see the pending changes');
  assert.deepEqual(clock.pending(), [COALESCE_MS], 'one timer for the whole window');
  clock.fire();
  assert.deepEqual(writes, [RECORDS_KEY], 'exactly one settings write for the whole window');
  assert.equal(onDisk(dir).c3?.lastRefreshAt, 102);
  assert.equal(onDisk(dir).c3?.status.kind, 'refreshing');

  // #12: without a marker file, the marker guarding a rotating refresh token is on disk before update() returns.
  writes.length = 0;
  records.update('c1', { status: { kind: 'refreshing' }, refreshAttempt: { generation: 3, startedAt: 5 } });
  assert.deepEqual(writes, [RECORDS_KEY]);
  assert.deepEqual(onDisk(dir).c1?.refreshAttempt, { generation: 3, startedAt: 5 });

  // flush() writes pending churn now; with nothing pending it writes nothing.
  records.update('c2', { lastActivityAt: 77 });
  records.flush();
  assert.equal(onDisk(dir).c2?.lastActivityAt, 77);
  writes.length = 0;
  records.flush();
  assert.deepEqual(writes, []);
});

test('security.md #46: core.close() writes status changes that were still waiting to be coalesced', async (t) => {
  const dir = tempDir(t);
  const { settings } = counting(dir);
  const keychain = new MemoryKeychain();
  // A record left "refreshing" with a marker older than the saved tokens: launch clears it (a coalesced update).
  new ConnectionRecords(settings).put({ ...record('c1'), status: { kind: 'refreshing' }, refreshAttempt: { generation: 1, startedAt: 5 } });
  await new SecretVault(keychain).save('c1', { tokens: { accessToken: 'at', refreshToken: 'rt', tokenType: 'Bearer', generation: 2 }, secrets: {} });
  const core = await launchCore(dir, keychain, settings);
  assert.equal(core.listConnections()[0]?.status.kind, 'connected');
  await core.close();
  assert.equal(onDisk(dir).c1?.status.kind, 'connected', 'written by close()');
  assert.equal(onDisk(dir).c1?.refreshAttempt, undefined);
});

test('security.md #46, #12: a refresh costs no immediate settings write; its marker is in its own file, on disk before markRefresh resolves', async (t) => {
  const dir = tempDir(t);
  const { settings, writes } = counting(dir);
  const clock = fakeTimer();
  const markers = RefreshMarkers.inDataDir(dir);
  const records = new ConnectionRecords(settings, undefined, { setTimer: clock.setTimer, markers });
  for (let i = 0; i < 5; i++) records.put(record(`c${i}`));
  writes.length = 0;

  // Five refreshes start together, as connections connected together do: one marker file write (group commit).
  const renames: string[] = [];
  const rename = fs.promises.rename;
  fs.promises.rename = async (from, to) => (renames.push(String(to)), rename(from, to));
  t.after(() => void (fs.promises.rename = rename));
  await Promise.all([0, 1, 2, 3, 4].map((i) => records.markRefresh(`c${i}`, { generation: i + 1, startedAt: 10 + i })));
  for (let i = 0; i < 5; i++) records.update(`c${i}`, { status: { kind: 'refreshing' } });
  assert.deepEqual(renames, [path.join(dir, REFRESH_MARKERS_FILE)], 'one atomic write for the five markers');
  assert.deepEqual(markersOnDisk(dir).c3, { generation: 4, startedAt: 13 });
  assert.deepEqual(writes, [], 'no settings write: the status change waits for the window');
  assert.deepEqual(records.refreshMarker('c3'), { generation: 4, startedAt: 13 });

  // The refreshes end: clearing the markers is written with the next write, the status with the window's.
  for (let i = 0; i < 5; i++) records.update(`c${i}`, { status: { kind: 'connected' }, refreshAttempt: undefined, lastRefreshAt: 50 });
  assert.equal(records.refreshMarker('c3'), undefined);
  assert.deepEqual(writes, []);
  clock.fire();
  assert.deepEqual(writes, [RECORDS_KEY], 'one settings write for the whole window');
  assert.equal(onDisk(dir).c3?.status.kind, 'connected');
  await records.settled();
  assert.deepEqual(markersOnDisk(dir), {});

  // A removed connection's marker goes with it; a new process reads what is on disk.
  await records.markRefresh('c1', { generation: 9, startedAt: 99 });
  records.delete('c1');
  await records.markRefresh('c2', { generation: 7, startedAt: 70 });
  await records.settled();
  assert.deepEqual(markersOnDisk(dir), { c2: { generation: 7, startedAt: 70 } });
  assert.deepEqual(RefreshMarkers.inDataDir(dir).get('c2'), { generation: 7, startedAt: 70 });
  await assert.rejects(records.markRefresh('c1', { generation: 1, startedAt: 1 }), /does not exist/);
});

test('security.md #12: a marker left in the marker file by an interrupted refresh asks for a reconnect at launch; one older than the saved tokens, or a "refreshing" status without one, is cleared', async (t) => {
  const dir = tempDir(t);
  const { settings } = counting(dir);
  const keychain = new MemoryKeychain();
  const vault = new SecretVault(keychain);
  const records = new ConnectionRecords(settings, undefined, { markers: RefreshMarkers.inDataDir(dir) });
  const rotating = (id: string) => ({ ...record(id), status: { kind: 'refreshing' } as const });
  records.put(rotating('spent')); // marker generation 2 = the saved tokens': the refresh token may be used up
  records.put(rotating('done')); // marker generation 1 < the saved tokens' 2: the refresh completed
  records.put(rotating('nomarker')); // "refreshing" on disk, the marker's clearing too, the outcome not
  await records.markRefresh('spent', { generation: 2, startedAt: 5 });
  await records.markRefresh('done', { generation: 1, startedAt: 5 });
  await records.settled();
  for (const id of ['spent', 'done', 'nomarker'])
    await vault.save(id, { tokens: { accessToken: 'at', refreshToken: 'rt', tokenType: 'Bearer', generation: 2 }, secrets: {} });

  const core = await launchCore(dir, keychain, settings);
  const status = Object.fromEntries(core.listConnections().map((c) => [c.id, c.status.kind]));
  assert.deepEqual(status, { spent: 'needs-reauth', done: 'connected', nomarker: 'connected' });
  await core.close();
  assert.deepEqual(markersOnDisk(dir), {}, 'every marker cleared');
  assert.equal(onDisk(dir).spent?.status.kind, 'needs-reauth');
  assert.equal(onDisk(dir).nomarker?.status.kind, 'connected');
});
