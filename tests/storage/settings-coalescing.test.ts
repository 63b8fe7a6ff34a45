import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openConfSettings } from '../../main/adapters/conf-settings.ts';
import { launchCore } from '../helpers/bare-core.ts';
import { ConnectionRecords, RECORDS_KEY, type ConnectionRecord } from '../../main/core/store/connection-records.ts';
import { MemoryKeychain } from '../../main/core/vault/memory-keychain.ts';
import { SecretVault } from '../../main/core/vault/secret-vault.ts';
import type { SettingsPort } from '../../main/core/ports.ts';

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
  const records = new ConnectionRecords(settings);
  for (let i = 0; i < 10; i++) records.put(record(`c${i}`)); // new connections: durable, written at once
  assert.equal(onDisk(dir).c9?.status.kind, 'connected');
  writes.length = 0;

  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 10; i++) records.update(`c${i}`, { status: round % 2 ? { kind: 'connected' } : { kind: 'refreshing' }, lastRefreshAt: 100 + round });
  }
  assert.deepEqual(writes, [], 'nothing written yet: 30 status changes wait for the window');
  assert.equal(records.get('c3')?.lastRefreshAt, 102, 'reads see the pending changes');
  await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual(writes, [RECORDS_KEY], 'exactly one settings write for the whole window');
  assert.equal(onDisk(dir).c3?.lastRefreshAt, 102);
  assert.equal(onDisk(dir).c3?.status.kind, 'refreshing');

  // #12: the marker guarding a rotating refresh token is on disk before update() returns.
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
