import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openConfSettings } from '../../main/adapters/conf-settings.ts';
import { ConnectionRecords, RECORDS_KEY, IDS_KEY, type ConnectionRecord } from '../../main/core/store/connection-records.ts';
import { ErrorCode, InputError, StorelinkError } from '../../main/core/errors.ts';
import type { LoggerPort } from '../../main/core/ports.ts';

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'storelink-records-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const full: ConnectionRecord = {
  id: 'c-1',
  providerId: 'shopify',
  accountLabel: 'my-shop.myshopify.com',
  store: 'my-shop.myshopify.com',
  fields: { shop: 'my-shop', clientId: 'abc' },
  requestedScopes: ['read_orders', 'read_products'],
  grantedScopes: ['read_orders'],
  accessExpiresAt: 1_800_000_000_000,
  refreshExpiresAt: 1_900_000_000_000,
  hasRefreshToken: true,
  status: { kind: 'error', reason: 'server said 503', retryAt: 1_800_000_100_000 },
  lastRefreshAt: 1_700_000_000_000,
  lastActivityAt: 1_700_000_000_500,
  createdAt: 1_690_000_000_000,
  refreshAttempt: { generation: 4, startedAt: 1_700_000_000_001 },
};
const minimal: ConnectionRecord = {
  id: 'c-2',
  providerId: 'woo',
  accountLabel: 'shop 2',
  fields: {},
  requestedScopes: [],
  grantedScopes: [],
  hasRefreshToken: false,
  status: { kind: 'connected' },
  createdAt: 1,
};

test('records round-trip through the settings file in insertion order (schema with every field)', (t) => {
  const dir = tempDir(t);
  const records = new ConnectionRecords(openConfSettings(dir).settings);
  records.put(full);
  records.put(minimal);
  const again = new ConnectionRecords(openConfSettings(dir).settings);
  assert.deepEqual(again.list(), [full, minimal]);
  assert.deepEqual(again.get('c-2'), minimal);
  assert.equal(again.get('nope'), undefined);
  assert.deepEqual(again.problems(), []);
  // security.md #20: the id list lives in the settings file.
  assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, 'storelink.json'), 'utf8'))[IDS_KEY], ['c-1', 'c-2']);
});

test('update merges, clears keys set to undefined, and refuses unknown ids', (t) => {
  const records = new ConnectionRecords(openConfSettings(tempDir(t)).settings);
  records.put(full);
  const next = records.update('c-1', { status: { kind: 'connected' }, refreshAttempt: undefined, grantedScopes: ['read_orders', 'read_products'] });
  assert.deepEqual(next.status, { kind: 'connected' });
  assert.equal('refreshAttempt' in next, false);
  assert.deepEqual(records.get('c-1'), next);
  assert.throws(
    () => records.update('missing', { accountLabel: 'x' }),
    (e: unknown) => e instanceof StorelinkError && e.code === ErrorCode.ConnectionNotFound,
  );
  records.delete('c-1');
  records.delete('c-1');
  assert.deepEqual(records.list(), []);
});

test('security.md #10: put refuses a record with a token field or a malformed status', (t) => {
  const records = new ConnectionRecords(openConfSettings(tempDir(t)).settings);
  assert.throws(
    () => records.put({ ...minimal, accessToken: 'tok-canary-123' } as ConnectionRecord),
    (e: unknown) => e instanceof InputError && !e.message.includes('tok-canary-123'),
  );
  assert.throws(() => records.put({ ...minimal, status: { kind: 'needs-reauth' } } as unknown as ConnectionRecord), InputError);
  assert.throws(() => records.put({ ...minimal, id: 'a#b' }), InputError);
  assert.deepEqual(records.ids(), []);
});

test('an invalid record on read is skipped and reported, the others still load', (t) => {
  const dir = tempDir(t);
  const { settings } = openConfSettings(dir);
  const warnings: unknown[] = [];
  const logger: LoggerPort = { info() {}, error() {}, warn: (m, f) => warnings.push({ m, f }) };
  const records = new ConnectionRecords(settings, logger);
  records.put(full);
  records.put(minimal);
  // Damage one record by hand (wrong type), and list an id without a record.
  const raw = settings.get(RECORDS_KEY) as Record<string, Record<string, unknown>>;
  settings.set(RECORDS_KEY, { ...raw, 'c-1': { ...raw['c-1'], createdAt: 'yesterday' } });
  settings.set(IDS_KEY, ['c-1', 'c-2', 'c-ghost']);
  const fresh = new ConnectionRecords(openConfSettings(dir).settings, logger);
  assert.deepEqual(fresh.list(), [minimal]);
  assert.deepEqual(
    fresh.problems().map((p) => p.id),
    ['c-1', 'c-ghost'],
  );
  assert.match(fresh.problems()[0]!.reason, /createdAt/);
  assert.equal(warnings.length, 2);
  assert.equal(fresh.get('c-1'), undefined);
  assert.deepEqual(fresh.ids(), ['c-1', 'c-2', 'c-ghost']);
  // Replacing the damaged record fixes it.
  fresh.put(full);
  assert.deepEqual(fresh.list(), [full, minimal]);
});
