/** Issue 9 item 1: what closing the last window does, per OS and setting (main/desktop/window-lifecycle.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { whenAllWindowsClosed } from '../../main/desktop/window-lifecycle.ts';

test('keep running in the tray (default): keeps running and says so the first time only, in the OS words', () => {
  const first = whenAllWindowsClosed('win32', { keepRunningInTray: true, trayHintShown: false });
  assert.equal(first.kind, 'keep-running');
  assert.ok(first.kind === 'keep-running' && first.hint);
  assert.match(first.hint.body, /notification area/);
  assert.match((whenAllWindowsClosed('darwin', { keepRunningInTray: true, trayHintShown: false }) as { hint: { body: string } }).hint.body, /menu bar/);
  assert.match((whenAllWindowsClosed('linux', { keepRunningInTray: true, trayHintShown: false }) as { hint: { body: string } }).hint.body, /system tray/);
  assert.deepEqual(whenAllWindowsClosed('linux', { keepRunningInTray: true, trayHintShown: true }), { kind: 'keep-running' });
});

test('setting off: closing quits on Windows and Linux; macOS keeps the Dock convention, without a hint', () => {
  assert.deepEqual(whenAllWindowsClosed('linux', { keepRunningInTray: false, trayHintShown: false }), { kind: 'quit' });
  assert.deepEqual(whenAllWindowsClosed('win32', { keepRunningInTray: false, trayHintShown: true }), { kind: 'quit' });
  assert.deepEqual(whenAllWindowsClosed('darwin', { keepRunningInTray: false, trayHintShown: false }), { kind: 'keep-running' });
});
