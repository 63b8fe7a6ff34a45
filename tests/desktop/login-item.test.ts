/** Issue 9 item 3: start at login (main/desktop/login-item.ts): per-OS requests, hidden launch, the XDG autostart entry. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyLinuxAutostart, autostartEntry, execArgument, followStartAtLogin, loginItemRequest, startsHidden } from '../../main/desktop/login-item.ts';
import { createAppSettingsStore as createPortSettingsSource } from '../../main/core/settings/app-settings-store.ts';
import { memorySettings } from '../../main/core/store/open-settings.ts';

test('login item requests: Windows starts with --hidden, macOS asks for the login item, Linux has none (autostart file)', () => {
  assert.deepEqual(loginItemRequest(true, 'win32'), { openAtLogin: true, args: ['--hidden'] });
  assert.deepEqual(loginItemRequest(false, 'win32'), { openAtLogin: false, args: ['--hidden'] });
  assert.deepEqual(loginItemRequest(true, 'darwin'), { openAtLogin: true });
  assert.equal(loginItemRequest(true, 'linux'), undefined);
});

test('a launch is hidden with --hidden, or on macOS when it was a login launch', () => {
  assert.equal(
    startsHidden(['/x/Storelink', '--hidden'], 'linux', () => false),
    true,
  );
  assert.equal(
    startsHidden(['/x/Storelink'], 'linux', () => true),
    false,
  );
  assert.equal(
    startsHidden(['/x/Storelink'], 'darwin', () => true),
    true,
  );
  assert.equal(
    startsHidden(['/x/Storelink'], 'darwin', () => false),
    false,
  );
});

test('the setting is applied at start and again only when startAtLogin changes', () => {
  const source = createPortSettingsSource(memorySettings());
  const applied: boolean[] = [];
  const off = followStartAtLogin(source, (on) => applied.push(on));
  source.update({ syncPaused: true });
  source.update({ startAtLogin: true });
  source.update({ startAtLogin: true });
  source.update({ startAtLogin: false });
  off();
  source.update({ startAtLogin: true });
  assert.deepEqual(applied, [false, true, false]);
});

test('Exec arguments are quoted per the Desktop Entry spec (reserved characters, backslashes, percent)', () => {
  assert.equal(execArgument('/opt/Storelink/storelink'), '"/opt/Storelink/storelink"');
  assert.equal(execArgument('/home/a b/Store$link.AppImage'), '"/home/a b/Store\\\\$link.AppImage"');
  assert.equal(execArgument('/x/"q"`\\'), '"/x/\\\\"q\\\\"\\\\`\\\\\\\\"');
  assert.equal(execArgument('/x/100%'), '"/x/100%%"');
  assert.throws(() => autostartEntry('/x\n[Desktop Entry]'), RangeError);
});

test('Linux: the autostart entry is written to $XDG_CONFIG_HOME/autostart and removed when switched off', (t) => {
  const home = mkdtempSync(join(tmpdir(), 'storelink-xdg-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const env = { XDG_CONFIG_HOME: home };
  const file = applyLinuxAutostart(true, '/opt/Storelink/storelink', env);
  assert.equal(file, join(home, 'autostart', 'storelink.desktop'));
  assert.equal(
    readFileSync(file, 'utf8'),
    '[Desktop Entry]\nType=Application\nName=Storelink\nExec="/opt/Storelink/storelink" --hidden\nX-GNOME-Autostart-enabled=true\nTerminal=false\n',
  );
  applyLinuxAutostart(false, '/opt/Storelink/storelink', env);
  assert.equal(existsSync(file), false);
  applyLinuxAutostart(false, '/opt/Storelink/storelink', env); // removing twice is fine
});
