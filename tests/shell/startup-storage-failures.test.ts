/**
 * security.md #44: whatever state the data folder is in at launch, the REAL built main bundle (run
 * with the recording Electron stand-in, as electron-main-wiring.test.ts does) opens and loads its
 * window, answers listNotices over the real IPC dispatch with a plain explanation, leaves no
 * unhandled rejection and exits 0. Faults are made with files in the way rather than chmod, which
 * root (CI) ignores.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
// @ts-expect-error -- plain .mjs build script without type declarations
import { mainOptions } from '../../scripts/build-main.mjs';

const harness = path.join(import.meta.dirname, 'fixtures', 'run-main-with-fake-electron.mjs');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'storelink-startup-'));
const outfile = path.join(tmp, 'main', 'electron-main.js');
const built = build({ ...mainOptions, outfile, sourcemap: false, logLevel: 'silent' });
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Prepares a case folder with `setup(userData)`, launches the built main in it and returns what happened. */
async function launch(name: string, setup: (userData: string, caseDir: string) => void, env: Record<string, string> = {}) {
  await built;
  const caseDir = path.join(tmp, name);
  fs.mkdirSync(caseDir, { recursive: true });
  const userData = path.join(caseDir, 'user-data');
  setup(userData, caseDir);
  const r = spawnSync(process.execPath, [harness, outfile], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, FAKE_ELECTRON_USER_DATA: userData, FAKE_ELECTRON_LOCK: '1', ...env },
  });
  assert.equal(r.status, 0, `exit code 0\n${r.stderr}`);
  const out = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '');
  assert.equal(out.window?.loadedUrl, 'app://storelink/index.html', 'the window was created and loaded');
  assert.deepEqual(out.unhandled, [], 'no unhandled rejection');
  assert.ok(!out.calls.some((c: unknown[]) => c[0] === 'app.exit'), 'no exit at startup');
  assert.equal(out.replies.listNotices.ok, true, JSON.stringify(out.replies.listNotices));
  return { out, userData, notices: out.replies.listNotices.value as Array<{ kind: string; message: string }> };
}

test('security.md #44: settings saved by a newer version are left untouched; the window opens and says to update Storelink', async () => {
  const newer = JSON.stringify({ schemaVersion: 99, connectionIds: ['c_future'], somethingNew: { x: 1 } });
  const { notices, userData } = await launch('newer', (dir) => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'storelink.json'), newer);
  });
  const n = notices.find((x) => x.kind === 'settings-unavailable');
  assert.ok(n, JSON.stringify(notices));
  assert.match(n.message, /saved by a newer version of Storelink/);
  assert.match(n.message, /Update Storelink/);
  assert.equal(fs.readFileSync(path.join(userData, 'storelink.json'), 'utf8'), newer, 'the newer file is not overwritten');
});

test('security.md #44: a data folder that cannot be created (its parent is a file) still opens the window, naming the folder and what to do', async () => {
  const blocked = await launch('parent-file-2', (_dir, caseDir) => fs.writeFileSync(path.join(caseDir, 'file'), 'not a folder'), {
    FAKE_ELECTRON_USER_DATA: path.join(tmp, 'parent-file-2', 'file', 'user-data'),
  });
  const n = blocked.notices.find((x) => x.kind === 'data-folder-unavailable');
  assert.ok(n, JSON.stringify(blocked.notices));
  assert.ok(n.message.includes(path.join(tmp, 'parent-file-2', 'file', 'user-data')), n.message);
  assert.match(n.message, /restart Storelink/);
});

test('security.md #44: a settings file that cannot be read (a folder in its place) opens the window and says so, leaving it as it is', async () => {
  const { notices, userData } = await launch('settings-is-dir', (dir) => fs.mkdirSync(path.join(dir, 'storelink.json'), { recursive: true }));
  const n = notices.find((x) => x.kind === 'settings-unavailable');
  assert.ok(n, JSON.stringify(notices));
  assert.match(n.message, /could not read its settings file/);
  assert.ok(fs.statSync(path.join(userData, 'storelink.json')).isDirectory(), 'left as it is');
});

test('security.md #44: an order database that cannot open (a folder named like it) leaves the app working without orders, and the orders screen says why', async () => {
  const { out, notices } = await launch('db-is-dir', (dir) => fs.mkdirSync(path.join(dir, 'orders.sqlite'), { recursive: true }));
  const n = notices.find((x) => x.kind === 'orders-db-unavailable');
  assert.ok(n, JSON.stringify(notices));
  assert.match(n.message, /could not open its order database/);
  assert.deepEqual(out.replies.listConnections, { ok: true, value: [] }, 'connections still answer');
  assert.equal(out.replies.ordersSummary.ok, false);
  assert.equal(out.replies.ordersSummary.error.message, n.message, 'the orders screen gets the same plain reason');
});

test('security.md #44: when no folder at all can be used the core cannot start, yet the window opens and listNotices explains', async () => {
  const { out, notices } = await launch('nothing-usable', (_dir, caseDir) => fs.writeFileSync(path.join(caseDir, 'file'), 'x'), {
    FAKE_ELECTRON_USER_DATA: path.join(tmp, 'nothing-usable', 'file', 'user-data'),
    TMPDIR: path.join(tmp, 'nothing-usable', 'file', 'tmp'),
  });
  const n = notices.find((x) => x.kind === 'startup-failed');
  assert.ok(n, JSON.stringify(notices));
  assert.match(n.message, /Storelink could not start/);
  assert.equal(out.replies.listConnections.ok, true, 'lists answer (empty)');
  assert.equal(out.replies.ordersSummary.ok, false, 'other channels answer with a typed error');
});
