/**
 * The real built main bundle (dist/main/electron-main.js as scripts/build-main.mjs makes it), run in
 * plain Node with `electron` replaced by a recording fake (tests/shell/fixtures/fake-electron.mjs):
 * the Electron binary cannot be downloaded on this machine, but the wiring of electron-main.ts to the
 * real core, the IPC guard, the protocol and the navigation guard can still be exercised end to end.
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
import { REQUEST_CHANNELS, channelOf } from '../../shared/ipc-contract.ts';
import { checkWebPreferences } from '../../main/electron/window-options.ts';

const harness = path.join(import.meta.dirname, 'fixtures', 'run-main-with-fake-electron.mjs');

async function runBuiltMain(lock: boolean) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'storelink-wiring-'));
  try {
    const outfile = path.join(tmp, 'main', 'electron-main.js');
    const saveDir = path.join(tmp, 'saves');
    fs.mkdirSync(saveDir);
    await build({ ...mainOptions, outfile, sourcemap: false, logLevel: 'silent' });
    const r = spawnSync(process.execPath, [harness, outfile], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, FAKE_ELECTRON_USER_DATA: path.join(tmp, 'user-data'), FAKE_ELECTRON_LOCK: lock ? '1' : '0', FAKE_ELECTRON_SAVE_DIR: saveDir },
    });
    assert.equal(r.status, 0, r.stderr);
    const last = r.stdout.trim().split('\n').at(-1) ?? '';
    const saved = Object.fromEntries(fs.readdirSync(saveDir).map((f) => [f, fs.readFileSync(path.join(saveDir, f), 'utf8')]));
    return { out: JSON.parse(last), stderr: r.stderr, saved, userData: path.join(tmp, 'user-data') };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

test('security.md #26-#30: the built main process wires the guarded IPC, protocol and window to the real core', async () => {
  const { out, stderr } = await runBuiltMain(true);
  const names = out.calls.map((c: unknown[]) => c[0]);
  assert.ok(names.indexOf('app.enableSandbox') < names.indexOf('app.requestSingleInstanceLock'));
  assert.ok(names.includes('app.commandLine.appendSwitch:js-flags=--max-semi-space-size=4'), 'the sync process runs with the benchmarked V8 flags');
  assert.deepEqual(out.calls.find((c: unknown[]) => c[0] === 'protocol.registerSchemesAsPrivileged')[1], [
    { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
  assert.ok(names.includes('protocol.handle'));
  assert.deepEqual(
    out.channels,
    REQUEST_CHANNELS.map((c) => channelOf(c)),
    'one ipcMain.handle per contract channel',
  );

  assert.equal(out.replies.listProviders.ok, true);
  assert.ok(out.replies.listProviders.value.length > 0, 'the real core answered');
  assert.deepEqual(out.replies.listConnections, { ok: true, value: [] });
  for (const k of ['subFrame', 'evil', 'nullFrame']) assert.equal(out.replies[k].error.code, 'forbidden_sender', k);
  assert.equal(out.replies.badArg.error.code, 'invalid_input');
  assert.equal(typeof out.replies.listSyncStatus.ok, 'boolean');
  // Settings (issue 9): the data folder is shown and opened by main (shell.openPath with the path main knows).
  assert.equal(out.replies.getDataLocation.ok, true);
  assert.match(out.replies.getDataLocation.value.path, /user-data/);
  assert.deepEqual(out.replies.showDataFolder, { ok: true });
  assert.deepEqual(
    out.calls.filter((c: unknown[]) => c[0] === 'shell.openPath').map((c: unknown[]) => c[1]),
    [out.replies.getDataLocation.value.path],
  );
  assert.equal(out.replies.updateSettings.value.syncPaused, true);
  assert.equal(out.replies.updateSettingsRefused.error.code, 'invalid_input');

  assert.deepEqual(checkWebPreferences(out.window.options.webPreferences), []);
  assert.match(out.window.options.webPreferences.preload, /[\\/]preload\.cjs$/);
  assert.equal(out.window.loadedUrl, 'app://storelink/index.html');
  assert.equal(out.navigationPrevented, true);
  assert.deepEqual(out.windowOpen, { action: 'deny' });
  assert.equal(out.permissionGranted, false);
  assert.equal(out.protocolTraversal.status, 404);
  assert.match(out.protocolTraversal.csp, /^default-src 'self'/);
  assert.ok(names.includes('window.focus'), 'security.md #32: a second launch focuses the window');
  assert.ok(names.includes('app.quit.done'), 'before-quit closes the core, then quits');
  assert.equal(out.quitCount, 2);
  assert.doesNotMatch(stderr, /Error|TypeError/, stderr);
});

test('issue 9: exports ask the save dialog (parented to the window), write the CSV there and answer rows, cancelled or plain words; never a path', async () => {
  const { out, saved, userData } = await runBuiltMain(true);
  const dialogs = out.calls.filter((c: unknown[]) => c[0] === 'dialog.showSaveDialog').map((c: unknown[]) => c[1]);
  assert.equal(dialogs.length, 4, 'one dialog per export request from the window; none for the untrusted sender');
  for (const d of dialogs) {
    assert.equal(d.parentIsWindow, true);
    assert.deepEqual(d.options.filters, [{ name: 'CSV (comma-separated values)', extensions: ['csv'] }]);
    assert.ok(d.options.defaultPath.startsWith(userData), 'default folder from app.getPath("documents")');
  }
  assert.match(dialogs[0].options.defaultPath, /storelink-orders-\d{4}-\d{2}-\d{2}-to-2099-12-3[01]\.csv$/);
  assert.match(dialogs[3].options.defaultPath, /storelink-activity-\d{4}-\d{2}-\d{2}\.csv$/);
  assert.deepEqual(out.replies.exportOrders, { ok: true, value: { saved: true, rows: 0 } });
  assert.deepEqual(out.replies.exportCancelled, { ok: true, value: { saved: false } });
  assert.equal(out.replies.exportNoFolder.ok, false);
  assert.equal(out.replies.exportNoFolder.error.code, 'export_failed');
  assert.match(out.replies.exportNoFolder.error.message, /That folder does not exist any more/);
  assert.doesNotMatch(JSON.stringify(out.replies), /saves|orders\.csv/, 'no path in any reply');
  assert.equal(out.replies.exportEvil.error.code, 'forbidden_sender');
  assert.equal(out.replies.openOrderInAdmin.error.code, 'connection_not_found');
  assert.deepEqual(Object.keys(saved).sort(), ['activity.csv', 'orders.csv'], 'no partial file left behind; .csv added to a bare name');
  assert.ok(saved['orders.csv']!.startsWith('\uFEFFOrder,Order ID,Store,Created,'), 'BOM and header');
  assert.ok(saved['orders.csv']!.endsWith('\r\n'));
  assert.ok(saved['activity.csv']!.startsWith('\uFEFFDate,Event,Platform,Account,Details,Connection ID\r\n'));
});

test('security.md #32: without the single-instance lock the process quits before creating anything', async () => {
  const { out } = await runBuiltMain(false);
  const names = out.calls.map((c: unknown[]) => c[0]);
  assert.ok(names.includes('app.requestSingleInstanceLock'));
  assert.ok(!names.includes('protocol.handle') && !names.includes('app.getPath'));
  assert.deepEqual(out.channels, []);
  assert.equal(out.quitCount, 1);
});
