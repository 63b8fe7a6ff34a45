/**
 * Issue 9 item 4: the app settings store over the real settings file (`conf`): layout migration 2,
 * a file from an older version reads as the defaults, a bad stored value is replaced by the defaults
 * with a notice (never fatal), patches are validated (a refused one changes nothing, also over IPC).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openConfSettings } from '../../main/adapters/conf-settings.ts';
import { SCHEMA_VERSION_KEY } from '../../main/core/store/open-settings.ts';
import { APP_SETTINGS_KEY, APP_SETTINGS_RESET_MESSAGE, createAppSettingsStore } from '../../main/core/settings/app-settings-store.ts';
import { DEFAULT_APP_SETTINGS, type AppSettings, type AppSettingsPatch } from '../../shared/app-settings.ts';
import { createStorelinkCore } from '../../main/core/index.ts';
import { MemoryKeychain } from '../../main/core/vault/memory-keychain.ts';
import { createDispatch, createIpcHandlers } from '../../main/ipc/handlers.ts';
import { InputError } from '../../main/core/errors.ts';

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'storelink-app-settings-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}
const fileOf = (dir: string) => path.join(dir, 'storelink.json');
const onDisk = (dir: string) => JSON.parse(fs.readFileSync(fileOf(dir), 'utf8')) as Record<string, unknown>;

test('a settings file from layout 1 (before app settings) migrates to layout 2 and reads as the defaults', (t) => {
  const dir = tempDir(t);
  fs.writeFileSync(fileOf(dir), JSON.stringify({ schemaVersion: 1, connectionIds: ['c_1'], connectionRecords: {} }));
  const { settings } = openConfSettings(dir);
  assert.equal(settings.get(SCHEMA_VERSION_KEY), 2);
  assert.deepEqual(settings.get('connectionIds'), ['c_1'], 'existing data kept');
  let reset: string | undefined;
  const store = createAppSettingsStore(settings, { onReset: (r) => (reset = r) });
  assert.deepEqual(store.get(), DEFAULT_APP_SETTINGS);
  assert.equal(reset, undefined, 'an older file is not "bad": no notice');
  assert.deepEqual(onDisk(dir)[APP_SETTINGS_KEY], DEFAULT_APP_SETTINGS);
});

test('an update is validated, merged (notifications per kind), written to the file and told to subscribers', (t) => {
  const dir = tempDir(t);
  const store = createAppSettingsStore(openConfSettings(dir).settings);
  const seen: AppSettings[] = [];
  const off = store.subscribe((s) => seen.push(s));
  const after = store.update({ syncIntervalMinutes: 60, notifications: { dailyDigest: true } });
  assert.equal(after.syncIntervalMinutes, 60);
  assert.deepEqual(after.notifications, { ...DEFAULT_APP_SETTINGS.notifications, dailyDigest: true }, 'other kinds unchanged');
  assert.equal(seen.length, 1);
  assert.deepEqual(seen[0], after);
  // the same value again: nothing written, nobody told
  store.update({ syncIntervalMinutes: 60 });
  assert.equal(seen.length, 1);
  off();
  store.update({ syncPaused: true });
  assert.equal(seen.length, 1, 'unsubscribed');
  // persisted: a fresh open of the same file reads it back
  const again = createAppSettingsStore(openConfSettings(dir).settings).get();
  assert.equal(again.syncIntervalMinutes, 60);
  assert.equal(again.syncPaused, true);
  assert.equal(again.notifications.dailyDigest, true);
});

test('a refused patch throws a plain InputError and changes nothing (memory, file, subscribers)', (t) => {
  const dir = tempDir(t);
  const store = createAppSettingsStore(openConfSettings(dir).settings);
  const before = fs.readFileSync(fileOf(dir), 'utf8');
  let told = 0;
  store.subscribe(() => told++);
  for (const bad of [{ syncIntervalMinutes: 7 }, { syncPaused: 'yes' }, { notifications: { sms: true } }, { theme: 'dark' }, null]) {
    assert.throws(
      () => store.update(bad as unknown as AppSettingsPatch),
      (err: unknown) => err instanceof InputError && /cannot be saved/.test(err.message),
      JSON.stringify(bad),
    );
  }
  assert.deepEqual(store.get(), DEFAULT_APP_SETTINGS);
  assert.equal(fs.readFileSync(fileOf(dir), 'utf8'), before);
  assert.equal(told, 0);
});

test('a bad stored value is replaced by the defaults with a notice, never fatal', async (t) => {
  for (const bad of [{ syncIntervalMinutes: 7 }, 'garbage', [1, 2], { notifications: { needsSignIn: 'sometimes' } }]) {
    const dir = tempDir(t);
    fs.writeFileSync(fileOf(dir), JSON.stringify({ schemaVersion: 2, connectionIds: [], connectionRecords: {}, [APP_SETTINGS_KEY]: bad }));
    const { settings } = openConfSettings(dir);
    const core = await createStorelinkCore({ dataDir: dir, keychain: new MemoryKeychain(), settings, opener: { open: async () => {} }, autoRefresh: false });
    t.after(() => core.close());
    assert.deepEqual(core.appSettings.get(), DEFAULT_APP_SETTINGS, JSON.stringify(bad));
    assert.deepEqual(onDisk(dir)[APP_SETTINGS_KEY], DEFAULT_APP_SETTINGS, 'the bad value is gone from the file');
    const notice = core.listNotices().find((n) => n.kind === 'app-settings-reset');
    assert.ok(notice, 'the admin is told');
    assert.equal(notice.message, APP_SETTINGS_RESET_MESSAGE);
  }
});

test('a stored value with a key from a newer version keeps the known fields (unknown key dropped, no notice)', (t) => {
  const dir = tempDir(t);
  fs.writeFileSync(fileOf(dir), JSON.stringify({ schemaVersion: 2, [APP_SETTINGS_KEY]: { syncIntervalMinutes: 30, futureThing: true } }));
  let reset = false;
  const store = createAppSettingsStore(openConfSettings(dir).settings, { onReset: () => (reset = true) });
  assert.equal(store.get().syncIntervalMinutes, 30);
  assert.equal(reset, false);
});

test('over IPC: getSettings / updateSettings go through validation; a refused patch is invalid_input and changes nothing; settingsChanged fires', async (t) => {
  const dir = tempDir(t);
  const { settings } = openConfSettings(dir);
  const core = await createStorelinkCore({ dataDir: dir, keychain: new MemoryKeychain(), settings, opener: { open: async () => {} }, autoRefresh: false });
  t.after(() => core.close());
  const dispatch = createDispatch(createIpcHandlers(core), 'app://storelink');
  const MAIN = { url: 'app://storelink/index.html', isMainFrame: true };
  const changed: AppSettings[] = [];
  core.on('settingsChanged', (s) => changed.push(s));

  const got = await dispatch('getSettings', MAIN, undefined);
  assert.deepEqual(got, { ok: true, value: DEFAULT_APP_SETTINGS });

  const ok = await dispatch('updateSettings', MAIN, { syncIntervalMinutes: 5, keepRunningInTray: false });
  assert.equal(ok.ok, true);
  assert.equal((ok as { value: AppSettings }).value.syncIntervalMinutes, 5);
  assert.equal(changed.length, 1);

  // main's own bookkeeping (trayHintShown) and values outside the schema are refused at the boundary
  for (const bad of [{ trayHintShown: true }, { syncIntervalMinutes: 10 }, { startAtLogin: 1 }, { syncPaused: true, extra: 1 }]) {
    const r = await dispatch('updateSettings', MAIN, bad);
    assert.equal(r.ok, false, JSON.stringify(bad));
    assert.equal((r as { error: { code: string } }).error.code, 'invalid_input');
  }
  assert.equal(changed.length, 1, 'no event for a refused patch');
  assert.equal(core.appSettings.get().syncIntervalMinutes, 5);
  assert.equal(core.appSettings.get().trayHintShown, false);
  assert.equal((onDisk(dir)[APP_SETTINGS_KEY] as AppSettings).syncIntervalMinutes, 5);

  // main itself may record that the tray hint was shown (the desktop helper's tray does)
  core.appSettings.update({ trayHintShown: true } as AppSettingsPatch);
  assert.equal(core.appSettings.get().trayHintShown, true);
});
