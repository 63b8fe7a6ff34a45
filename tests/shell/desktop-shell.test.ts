/**
 * Issue 9 items 1, 2, 3, 7 in the REAL built main bundle, run in plain Node with the recording
 * Electron stand-in (fixtures/fake-electron.mjs: Tray, Menu, Notification, nativeImage, login items,
 * About panel) and the real core: tray and its menu, closing the window keeps the app running (or
 * quits when the setting is off), macOS Dock convention, hidden start, start at login, a notification
 * about a store that needs signing in (with the window closed) whose click opens the window on it,
 * and Quit closing the core before the app exits. Scenarios: fixtures/run-desktop-with-fake-electron.mjs.
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

const harness = path.join(import.meta.dirname, 'fixtures', 'run-desktop-with-fake-electron.mjs');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'storelink-desktop-'));
const outfile = path.join(tmp, 'main', 'electron-main.js');
const built = build({ ...mainOptions, outfile, sourcemap: false, logLevel: 'silent' });
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface TrayView {
  tooltip: string;
  labels: string[];
  pauseChecked: boolean;
  image: Array<{ scaleFactor: number; png: string; bytes: number }>;
  template: boolean;
}
type Calls = Array<[string, ...unknown[]]>;

async function run(name: string, scenario: string, options: { appSettings?: Record<string, unknown>; env?: Record<string, string> } = {}) {
  await built;
  const userData = path.join(tmp, name, 'user-data');
  fs.mkdirSync(userData, { recursive: true });
  if (options.appSettings) fs.writeFileSync(path.join(userData, 'storelink.json'), JSON.stringify({ appSettings: options.appSettings }));
  const r = spawnSync(process.execPath, [harness, outfile, scenario], {
    encoding: 'utf8',
    timeout: 90_000,
    env: { ...process.env, FAKE_ELECTRON_USER_DATA: userData, ...options.env },
  });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '');
  assert.deepEqual(out.unhandled, [], 'no unhandled rejection');
  assert.doesNotMatch(r.stderr, /TypeError|ZodError/, r.stderr);
  const file = path.join(userData, 'storelink.json');
  const saved = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
  return { out, saved, names: (out.calls as Calls).map((c) => c[0]), userData };
}

test('issue 9 item 1: a tray icon with the state in its tooltip; closing the window keeps Storelink running and says so once; Pause, Open and Quit from the tray', async () => {
  const { out, saved, names } = await run('keeps-running', 'close-keeps-running');
  const start: TrayView = out.steps.start.tray;
  assert.equal(start.tooltip, 'Storelink: No stores connected yet');
  assert.deepEqual(start.labels.slice(1), ['Open Storelink', 'Sync all now', 'Pause sync', 'Quit Storelink']);
  assert.deepEqual(
    start.image.map((i) => [i.scaleFactor, i.png]),
    [
      [1, 'PNG'],
      [2, 'PNG'],
    ],
    'a PNG at 1x and 2x',
  );
  assert.equal(start.template, false, 'colour icons outside macOS');

  assert.equal(out.steps.afterClose.quitDone, false, 'closing the window did not quit');
  assert.equal(out.steps.afterClose.quitCount, 0);
  assert.equal(out.steps.afterClose.ipcStillAnswers, true, 'the core is still running');
  assert.deepEqual(
    out.steps.afterClose.notifications.map((n: { title: string }) => n.title),
    ['Storelink is still running'],
  );
  assert.match(out.steps.afterClose.notifications[0].body, /system tray/);
  assert.equal(out.steps.hintCount, 1, 'the hint is said once, not at every close');
  assert.equal(saved.appSettings.trayHintShown, true, 'and remembered');

  assert.equal(out.steps.afterPause.pauseChecked, true, 'Pause sync is checked after the click');
  assert.match(out.steps.afterPause.tooltip, /sync paused/);
  assert.equal(saved.appSettings.syncPaused, true, 'Pause sync sets settings.syncPaused');
  assert.deepEqual(out.steps.afterOpen, { windows: 2, live: 1 }, 'Open Storelink opens a new window');

  assert.deepEqual(out.steps.quit.order, ['tray.destroy', 'app.quit.done'], 'Quit removes the tray, closes the core, then quits');
  assert.equal(out.quitCount, 2, 'before-quit waited for core.close() and quit again');
  assert.ok(names.includes('Menu.setApplicationMenu'));
});

test('issue 9 item 1: with keepRunningInTray off, closing the window quits (core closed first) and no hint is shown', async () => {
  const { out } = await run('quits', 'close-quits', { appSettings: { keepRunningInTray: false } });
  assert.equal(out.steps.afterClose.quitDone, true);
  assert.equal(out.steps.afterClose.notifications, 0);
  assert.equal(out.quitCount, 2, 'the first quit was held for core.close()');
});

test('issue 9 items 1, 3, 7 on macOS: template tray image, app menu first, Dock convention (activate reopens), login item requested', async () => {
  const { out } = await run('darwin', 'darwin', { appSettings: { keepRunningInTray: false, startAtLogin: true }, env: { FAKE_PLATFORM: 'darwin' } });
  assert.equal(out.steps.start.tray.template, true, 'a template image for the menu bar');
  const loginCalls = (out.steps.start.calls as Calls).filter((c) => c[0] === 'app.setLoginItemSettings');
  assert.deepEqual(loginCalls, [['app.setLoginItemSettings', { openAtLogin: true }]]);
  assert.equal(out.steps.afterClose.quitDone, false, 'macOS apps stay running when the last window closes');
  assert.deepEqual(out.steps.afterActivate, { windows: 2, live: 1 }, 'a Dock click (activate) reopens the window');
  assert.equal(out.appMenu[0].label, 'Storelink');
  assert.deepEqual(out.appMenu[0].submenu, ['about', 'separator', 'services', 'separator', 'hide', 'hideOthers', 'unhide', 'separator', 'quit']);
  assert.deepEqual(
    out.appMenu.map((m: { label: string }) => m.label),
    ['Storelink', 'File', 'Edit', 'View', 'Window', 'Help'],
  );
  const about = (out.steps.start.calls as Calls).find((c) => c[0] === 'app.setAboutPanelOptions')![1] as Record<string, string>;
  assert.equal(about.applicationVersion, '0.1.0');
  assert.equal(about.version, `Electron 45.5.0, Chromium 142.0.7444.0, Node ${process.versions.node}`);
});

test('issue 9 item 3: a login launch on macOS (wasOpenedAtLogin) starts hidden in the tray; Open Storelink opens the window', async () => {
  const { out } = await run('darwin-hidden', 'hidden', { env: { FAKE_PLATFORM: 'darwin', FAKE_ELECTRON_OPENED_AT_LOGIN: '1' } });
  assert.equal(out.steps.hidden.windows, 0);
  assert.equal(out.steps.afterOpen.windows, 1);
});

test('issue 9 items 3, 7 on Linux, packaged: --hidden starts in the tray, start at login writes the XDG autostart entry, no devtools in the menu', async () => {
  const config = path.join(tmp, 'xdg-config');
  const { out } = await run('linux-hidden', 'hidden', {
    appSettings: { startAtLogin: true },
    env: { FAKE_ARGV_HIDDEN: '1', FAKE_ELECTRON_PACKAGED: '1', XDG_CONFIG_HOME: config },
  });
  assert.equal(out.steps.hidden.windows, 0, 'no window at a --hidden launch');
  assert.equal(out.steps.afterOpen.windows, 1);
  const entry = fs.readFileSync(path.join(config, 'autostart', 'storelink.desktop'), 'utf8');
  assert.match(entry, /^\[Desktop Entry\]\nType=Application\nName=Storelink\n/);
  assert.match(entry, new RegExp(`\\nExec="${process.execPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}" --hidden\\n`));
  const view = out.appMenu.find((m: { label: string }) => m.label === '&View');
  assert.deepEqual(view.submenu, ['resetZoom', 'zoomIn', 'zoomOut', 'separator', 'togglefullscreen'], 'no reload, no devtools when packaged');
  assert.deepEqual(
    out.appMenu.map((m: { label: string }) => m.label),
    ['&File', '&Edit', '&View', '&Window', '&Help'],
  );
  assert.ok(!(out.calls as Calls).some((c) => c[0] === 'app.setLoginItemSettings'), 'Linux has no login items: the autostart file is the way');
});

test('issue 9 item 2: with the window closed, a store that needs signing in again is notified once, without a secret; the click opens the window on it; Quit closes the core', async () => {
  const { out, saved } = await run('notify', 'notify');
  assert.equal(out.steps.connected.tooltip, 'Storelink: Your store is fine');
  assert.equal(out.refresh.error.code, 'needs_reauthorization');
  const notes: Array<{ title: string; body: string }> = out.steps.notified.notifications;
  const signIn = notes.filter((n) => /sign in again/.test(n.title));
  assert.equal(signIn.length, 1, JSON.stringify(notes));
  assert.equal(signIn[0]!.title, 'Demo store needs you to sign in again');
  assert.match(signIn[0]!.body, /Demo Coffee Roasters/);
  assert.equal(out.secrets.length, 2, 'the access and refresh tokens were read from the keychain');
  for (const n of notes) for (const s of out.secrets as string[]) assert.ok(!`${n.title} ${n.body}`.includes(s), 'no token in a notification');
  assert.equal(out.steps.notified.tray.tooltip, 'Storelink: 1 store needs attention');
  assert.ok(out.steps.notified.tray.image[0].bytes !== out.steps.connected.image[0].bytes, 'the tray image changed');
  assert.equal(out.steps.repeat, 1, 'the same cause is not notified again');
  assert.ok(saved.desktop.notifications.notified[`needsSignIn:${out.connectionId}`], 'what was notified is kept for the next launch');

  assert.equal(out.steps.clicked.windowsBefore, 1);
  assert.equal(out.steps.clicked.windows, 2, 'the click opened a new window');
  assert.deepEqual(out.steps.clicked.sent, [['storelink:focusConnection', { connectionId: out.connectionId }]]);
  assert.equal(out.steps.clickedAgain.windows, 2, 'with the window open, a click reuses it');
  assert.ok(out.steps.clickedAgain.focused >= 1, 'and focuses it');
  assert.equal(out.steps.clickedAgain.sent, 2);
  assert.equal(out.steps.demoStoreAfterQuit, 'refused', 'Quit waited for core.close(): the demo store it runs is stopped');
});

test('a tray that cannot be made does not stop the launch: the window opens, and closing it quits (nothing would be left to reopen it)', async () => {
  const { out } = await run('no-tray', 'no-tray', { env: { FAKE_TRAY_FAILS: '1' } });
  assert.deepEqual(out.steps.noTray, { trays: 0, quitDone: true });
  assert.equal(out.quitCount, 2, 'the core was closed first');
});

test('issue 9 items 2, 3 on Windows: login item with --hidden, a --hidden launch stays in the tray, the AppUserModelID notifications need is the packaged appId', async () => {
  const { out } = await run('win32', 'hidden', { appSettings: { startAtLogin: true }, env: { FAKE_PLATFORM: 'win32', FAKE_ARGV_HIDDEN: '1' } });
  const calls = out.calls as Calls;
  assert.deepEqual(
    calls.filter((c) => c[0] === 'app.setLoginItemSettings'),
    [['app.setLoginItemSettings', { openAtLogin: true, args: ['--hidden'] }]],
  );
  const appId = /^appId: (.+)$/m.exec(fs.readFileSync(path.join(import.meta.dirname, '..', '..', 'electron-builder.yml'), 'utf8'))![1];
  assert.deepEqual(
    calls.filter((c) => c[0] === 'app.setAppUserModelId'),
    [['app.setAppUserModelId', appId]],
  );
  assert.equal(out.steps.hidden.windows, 0);
  assert.equal(out.steps.afterOpen.windows, 1);
});
