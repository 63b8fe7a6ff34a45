import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ActivityLog, rotatedPath } from '../../main/core/activity/activity-log.ts';

function tempFile(t: { after(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'storelink-activity-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'data', 'activity.jsonl');
}

const base = { connectionId: 'c-1', providerName: 'Shopify', accountLabel: 'my-shop' };

test('append returns the entry; list gives the newest first, limited, and survives reopening', (t) => {
  const file = tempFile(t);
  let now = 1000;
  const log = new ActivityLog(file, () => now++);
  const a = log.append({ ...base, kind: 'connected' });
  const b = log.append({ ...base, kind: 'refreshed' });
  const c = log.append({ ...base, kind: 'disconnected', reason: 'removed by the admin' });
  assert.deepEqual([a.at, b.at, c.at], [1000, 1001, 1002]);
  assert.notEqual(a.id, b.id);
  const again = new ActivityLog(file, () => 0);
  assert.deepEqual(again.list(10), [c, b, a]);
  assert.deepEqual(again.list(2), [c, b]);
  assert.deepEqual(again.list(0), []);
  assert.equal(fs.readFileSync(file, 'utf8').trim().split('\n').length, 3);
});

test('security.md #38: a token-looking reason is redacted before it reaches the file', (t) => {
  const file = tempFile(t);
  const log = new ActivityLog(file, () => 5);
  const e = log.append({ ...base, kind: 'refresh-failed', reason: 'POST failed: Authorization: Bearer eyJhbGciOi.canary-tok and refresh_token=rt-canary-99' });
  assert.equal(e.reason, 'POST failed: Authorization: Bearer [redacted] and refresh_token=[redacted]');
  const text = fs.readFileSync(file, 'utf8');
  assert.equal(text.includes('canary-tok'), false);
  assert.equal(text.includes('rt-canary-99'), false);
  assert.deepEqual(log.list(1), [e]);
});

test('damaged lines (garbage, wrong shape, cut-off last line) are skipped and appending goes on', (t) => {
  const file = tempFile(t);
  const log = new ActivityLog(file, () => 7);
  const a = log.append({ ...base, kind: 'connected' });
  fs.appendFileSync(file, 'not json at all\n{"id":"x","kind":"exploded"}\n');
  const b = log.append({ ...base, kind: 'refreshed' });
  fs.appendFileSync(file, '{"id":"half-written","at":1,"ki');
  const c = log.append({ ...base, kind: 'sync-completed' });
  assert.deepEqual(log.list(10), [c, b, a]);
});

test('past the size limit the file rotates to activity.1.jsonl and list reads across both', (t) => {
  const file = tempFile(t);
  let now = 0;
  const log = new ActivityLog(file, () => now++, { rotateBytes: 600 });
  const all = Array.from({ length: 12 }, (_, i) => log.append({ ...base, kind: 'refreshed', reason: `round ${i}` }));
  assert.equal(path.basename(rotatedPath(file)), 'activity.1.jsonl');
  assert.ok(fs.existsSync(rotatedPath(file)));
  assert.ok(fs.statSync(file).size < 600 + 300);
  const listed = log.list(100);
  // Newest first; the oldest entries may be gone with an earlier rotation, never reordered.
  assert.deepEqual(listed, all.slice(-listed.length).reverse());
  assert.ok(listed.length > 2 && listed.length < 12, `kept ${listed.length}`);
});

test('security.md #47: an append that cannot be written (a folder where the file should be, parent a regular file) does not throw and is reported once', (t) => {
  const file = tempFile(t);
  fs.mkdirSync(file, { recursive: true }); // EISDIR, even for root
  const reported: string[] = [];
  let now = 100;
  const log = new ActivityLog(file, () => now++, { onWriteFailure: (f) => void reported.push(f.reason) });
  const a = log.append({ ...base, kind: 'connected' });
  const b = log.append({ ...base, kind: 'refreshed' });
  assert.equal(a.kind, 'connected');
  assert.equal(b.kind, 'refreshed');
  assert.equal(reported.length, 1, 'reported once');
  assert.deepEqual(log.writeFailure, { at: 100, reason: 'something else is in the place of the activity file' });
  assert.deepEqual(log.list(10), []);

  const parentIsFile = path.join(path.dirname(file), 'plain-file');
  fs.writeFileSync(parentIsFile, 'x');
  const other = new ActivityLog(path.join(parentIsFile, 'activity.jsonl'), () => 5, {
    onWriteFailure: () => {
      throw new Error('a broken hook');
    },
  });
  assert.doesNotThrow(() => other.append({ ...base, kind: 'disconnected' }));
  assert.ok(other.writeFailure);
});
