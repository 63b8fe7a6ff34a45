/**
 * The setup guide's shell part, in the real built main bundle with the recording Electron stand-in
 * (tests/shell/fixtures/fake-electron.mjs): "Save the forwarding page" asks with
 * dialog.showSaveDialog bound to the app window and writes the page where the admin chose, the reply
 * carries no path; docs links open through shell.openExternal only for the guides' own pages.
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

async function runBuiltMain(savePath: string) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'storelink-setup-shell-'));
  try {
    const outfile = path.join(tmp, 'main', 'electron-main.js');
    await build({ ...mainOptions, outfile, sourcemap: false, logLevel: 'silent' });
    const r = spawnSync(process.execPath, [harness, outfile], {
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        ...process.env,
        FAKE_ELECTRON_USER_DATA: path.join(tmp, 'user-data'),
        FAKE_ELECTRON_LOCK: '1',
        FAKE_ELECTRON_SETUP_GUIDE: '1',
        FAKE_ELECTRON_SAVE_PATH: savePath,
      },
    });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '');
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

test('save dialog: the forwarding page is written where the admin chose; the reply says only "saved"', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'storelink-chosen-'));
  const chosen = path.join(dir, 'my page.html');
  try {
    const out = await runBuiltMain(chosen);
    assert.deepEqual(out.replies.saveForwardingPage, { ok: true, value: { saved: true } });
    assert.ok(!JSON.stringify(out.replies.saveForwardingPage).includes(dir), 'no path in the reply');
    const html = fs.readFileSync(chosen, 'utf8');
    assert.match(html, /<title>Storelink: Square sign-in<\/title>/);
    assert.match(html, /'http:\/\/127\.0\.0\.1:' \+ port \+ '\/callback' \+ location\.search/);
    const asked = out.calls.filter((c: unknown[]) => c[0] === 'dialog.showSaveDialog');
    assert.equal(asked.length, 1);
    assert.equal(asked[0][1].withWindow, true, 'the dialog is bound to the app window');
    assert.equal(path.basename(asked[0][1].options.defaultPath), 'storelink-square-forwarding.html');
    assert.deepEqual(asked[0][1].options.filters, [{ name: 'Web page', extensions: ['html'] }]);
    // A platform without a forwarder: refused before any dialog.
    assert.equal(out.replies.saveForwardingPageNoForwarder.ok, false);
    assert.equal(out.replies.saveForwardingPageNoForwarder.error.code, 'invalid_input');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('save dialog cancelled: nothing written, reply saved=false', async () => {
  const out = await runBuiltMain('');
  assert.deepEqual(out.replies.saveForwardingPage, { ok: true, value: { saved: false } });
});

test('docs links: a guide page opens through shell.openExternal (IPC and window.open); any other page does not', async () => {
  const out = await runBuiltMain('');
  const opened = out.calls.filter((c: unknown[]) => c[0] === 'shell.openExternal').map((c: unknown[]) => c[1]);
  assert.deepEqual(out.replies.openSetupDoc, { ok: true });
  assert.equal(out.replies.openSetupDocOther.ok, false);
  assert.deepEqual(out.windowOpenDoc, { action: 'deny' }, 'never a new Electron window');
  assert.deepEqual(opened, ['https://developer.squareup.com/apps', 'https://developer.woocommerce.com/docs/apis/rest-api/authentication/']);
});
