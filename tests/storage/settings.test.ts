import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openConfSettings } from '../../main/adapters/conf-settings.ts';
import { openSettings, SCHEMA_VERSION_KEY, type ConfConstructor } from '../../main/core/store/open-settings.ts';
import { ErrorCode, StorageError } from '../../main/core/errors.ts';
import Conf from 'conf';

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'storelink-settings-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('a fresh store gets layout version 2 (issue 9: app settings) and empty connection collections, and persists', (t) => {
  const dir = tempDir(t);
  const { settings, recovered } = openConfSettings(dir);
  assert.equal(recovered, undefined);
  assert.equal(settings.get(SCHEMA_VERSION_KEY), 2);
  assert.deepEqual(settings.get('connectionIds'), []);
  settings.set('theme', 'dark');
  const reopened = openConfSettings(dir).settings;
  assert.equal(reopened.get('theme'), 'dark');
  assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, 'storelink.json'), 'utf8')).schemaVersion, 2);
});

test('security.md #34: a file that does not parse is moved aside and reported, not emptied', (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'storelink.json');
  fs.writeFileSync(file, '{"connectionIds": ["a"], "connectionRecords": {');
  const { settings, recovered } = openSettings(Conf as unknown as ConfConstructor, {
    cwd: dir,
    name: 'storelink',
    now: () => Date.UTC(2025, 0, 2, 3, 4, 5, 6),
  });
  assert.ok(recovered);
  assert.equal(recovered.reason, 'the file is not valid JSON');
  assert.equal(recovered.movedTo, path.join(dir, 'storelink.corrupt-2025-01-02T03-04-05-006Z.json'));
  assert.equal(fs.readFileSync(recovered.movedTo, 'utf8'), '{"connectionIds": ["a"], "connectionRecords": {');
  assert.deepEqual(settings.get('connectionIds'), []);
  // Next open of the now-valid file reports nothing.
  assert.equal(openConfSettings(dir).recovered, undefined);
});

test('security.md #34: JSON that is not an object ([] / null / 42) is moved aside too (conf would read it as empty)', (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'storelink.json');
  let i = 0;
  for (const content of ['[]', 'null', '42', '']) {
    fs.writeFileSync(file, content);
    const { recovered } = openSettings(Conf as unknown as ConfConstructor, { cwd: dir, name: 'storelink', now: () => 1_700_000_000_000 + i++ });
    assert.ok(recovered, content);
    assert.match(recovered.reason, content === '' ? /empty/ : /does not hold a settings object/);
    assert.equal(fs.readFileSync(recovered.movedTo, 'utf8'), content);
  }
  assert.equal(fs.readdirSync(dir).filter((f) => f.includes('.corrupt-')).length, 4);
});

test('a file from a newer layout version is refused, not rewritten', (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'storelink.json');
  fs.writeFileSync(file, '{"schemaVersion": 99, "future": true}');
  assert.throws(
    () => openConfSettings(dir),
    (err: unknown) => err instanceof StorageError && err.code === ErrorCode.SettingsCorrupt && /newer version/.test(err.message),
  );
  assert.equal(fs.readFileSync(file, 'utf8'), '{"schemaVersion": 99, "future": true}');
});

test('migrations run in order from the stored version and record each step', (t) => {
  const dir = tempDir(t);
  fs.writeFileSync(path.join(dir, 's.json'), '{"schemaVersion": 1, "n": 1}');
  const seen: number[] = [];
  const migrations = {
    3: (s: { get(k: string): unknown; set(k: string, v: unknown): void }) => {
      seen.push(3);
      s.set('n', (s.get('n') as number) * 10);
    },
    1: () => {
      seen.push(1);
    },
    2: (s: { get(k: string): unknown; set(k: string, v: unknown): void }) => {
      seen.push(2);
      s.set('n', (s.get('n') as number) + 1);
    },
  };
  const { settings } = openSettings(Conf as unknown as ConfConstructor, { cwd: dir, name: 's', migrations });
  assert.deepEqual(seen, [2, 3]);
  assert.equal(settings.get('n'), 20);
  assert.equal(settings.get(SCHEMA_VERSION_KEY), 3);
});

test('security.md #34: a write cut off half-way never replaces the real file (temp file + rename)', async (t) => {
  const dir = tempDir(t);
  const child = path.join(import.meta.dirname, 'fixtures', 'crash-mid-write-child.ts');
  const signal = await new Promise<string | null>((resolve) => {
    execFile(process.execPath, [child, dir], { timeout: 30_000 }, (err) => resolve(err ? ((err as { signal?: string }).signal ?? null) : null));
  });
  assert.equal(signal, 'SIGKILL', 'the child was killed inside the write');
  const file = path.join(dir, 'storelink.json');
  assert.equal(JSON.parse(fs.readFileSync(file, 'utf8')).marker, 'before');
  // The half-written bytes went to a temporary file beside it, not into the real one.
  const others = fs.readdirSync(dir).filter((f) => f !== 'storelink.json');
  assert.ok(
    others.some((f) => f.startsWith('storelink.json.tmp')),
    `temp file left: ${others.join(', ')}`,
  );
  const { settings, recovered } = openConfSettings(dir);
  assert.equal(recovered, undefined);
  assert.equal(settings.get('marker'), 'before');
});
