/**
 * Issue 9 item 2: the watcher runs the rules on events, on settings changes and every hour, shows
 * through the notifier port, and keeps what it said in the real settings file (conf), so a restart
 * does not repeat a notification.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openConfSettings } from '../../main/adapters/conf-settings.ts';
import { settingsMemoryStore } from '../../main/desktop/notification-memory.ts';
import { RECHECK_MS, startNotificationWatcher } from '../../main/desktop/notification-watcher.ts';
import type { DesktopNotification, NotifierPort } from '../../main/desktop/notifier-port.ts';
import { DAY_MS } from '../../main/desktop/notification-rules.ts';
import { createAppSettingsStore as createPortSettingsSource } from '../../main/core/settings/app-settings-store.ts';
import type { ConnectionView, SyncStatusView } from '../../shared/view-models.ts';
import { FakeClock } from '../helpers/fake-clock.ts';
import { connection } from './fixtures.ts';

function recordingNotifier(supported = true) {
  const shown: Array<DesktopNotification & { click(): void }> = [];
  const port: NotifierPort = { isSupported: () => supported, show: (n, onClick) => void shown.push({ ...n, click: onClick }) };
  return { port, shown };
}

function launch(dir: string, clock: FakeClock, state: { connections: ConnectionView[]; sync: SyncStatusView[] }, supported = true) {
  const settings = openConfSettings(dir).settings; // a fresh read of the file, as at a launch
  const appSettings = createPortSettingsSource(settings);
  const notifier = recordingNotifier(supported);
  const listeners = new Set<() => void>();
  const clicked: Array<string | undefined> = [];
  const watcher = startNotificationWatcher({
    sources: {
      listConnections: () => state.connections,
      onConnectionsChanged: (l) => (listeners.add(l), () => void listeners.delete(l)),
      listSyncStatus: async () => state.sync,
    },
    settings: appSettings,
    notifier: notifier.port,
    memory: settingsMemoryStore(settings),
    onClick: (id) => clicked.push(id),
    clock,
  });
  return { watcher, notifier, appSettings, clicked, changed: () => [...listeners].forEach((l) => l()) };
}

test('a notification is shown once, its click names the connection, and a restart does not repeat it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'storelink-notify-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const clock = new FakeClock();
  const state = { connections: [connection('a', { kind: 'needs-reauth', reason: 'r' })], sync: [] as SyncStatusView[] };
  const first = launch(dir, clock, state);
  assert.deepEqual(
    (await first.watcher.check()).map((n) => n.cause),
    [],
    'the launch check already showed it; this second check shows nothing',
  );
  assert.deepEqual(
    first.notifier.shown.map((n) => n.title),
    ['Shopify needs you to sign in again'],
  );
  first.notifier.shown[0]!.click();
  assert.deepEqual(first.clicked, ['a']);
  first.changed();
  await first.watcher.check();
  assert.equal(first.notifier.shown.length, 1);
  first.watcher.stop();

  const second = launch(dir, clock, state);
  await second.watcher.check();
  assert.equal(second.notifier.shown.length, 0, 'after a restart the same cause is not told again');
  state.connections = [connection('a'), connection('b', { kind: 'revoked', reason: 'x' })];
  second.changed();
  await second.watcher.check();
  assert.deepEqual(
    second.notifier.shown.map((n) => n.connectionId),
    ['b'],
  );
  second.watcher.stop();
});

test('the watcher checks again every hour (expiry comes with time) and when the settings change', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'storelink-notify-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const clock = new FakeClock(Date.UTC(2026, 11, 1));
  const ends = clock.now() + 7 * DAY_MS + RECHECK_MS / 2;
  const state = {
    connections: [connection('a', { kind: 'connected' }, { refreshExpiresAt: ends }), connection('c', { kind: 'needs-reauth', reason: 'r' })],
    sync: [],
  };
  const w = launch(dir, clock, state);
  w.appSettings.update({ notifications: { needsSignIn: false } });
  await w.watcher.check();
  assert.equal(w.notifier.shown.length, 0, 'more than 7 days left, and sign-in notifications are off');
  await clock.advance(RECHECK_MS);
  await w.watcher.check();
  assert.deepEqual(
    w.notifier.shown.map((n) => n.kind),
    ['expiringSoon'],
    'the hourly check found it without any event',
  );
  w.appSettings.update({ notifications: { needsSignIn: true } });
  await w.watcher.check();
  assert.deepEqual(
    w.notifier.shown.map((n) => `${n.kind}:${n.connectionId}`),
    ['expiringSoon:a', 'needsSignIn:c'],
    'switching a kind on tells about a cause that is still there',
  );
  w.watcher.stop();
  assert.equal(clock.pending(), 0, 'stop cancels the hourly timer');
});

test('where the OS has no notifications, nothing is shown and nothing is recorded as told', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'storelink-notify-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const clock = new FakeClock();
  const state = { connections: [connection('a', { kind: 'needs-reauth', reason: 'r' })], sync: [] };
  const w = launch(dir, clock, state, false);
  await w.watcher.check();
  assert.equal(w.notifier.shown.length, 0);
  w.watcher.stop();
  const later = launch(dir, clock, state, true);
  await later.watcher.check();
  assert.equal(later.notifier.shown.length, 1);
  later.watcher.stop();
});
