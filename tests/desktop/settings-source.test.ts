/** The branch's settings source (main/desktop/settings-source.ts) over a real conf file: defaults, patches, listeners, validation. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openConfSettings } from '../../main/adapters/conf-settings.ts';
import { APP_SETTINGS_KEY, createPortSettingsSource } from '../../main/desktop/settings-source.ts';
import { DEFAULT_APP_SETTINGS } from '../../shared/app-settings.ts';

test('settings source: defaults, partial patches (nested switches merged), trayHintShown from main, persisted, listeners told', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'storelink-settings-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const source = createPortSettingsSource(openConfSettings(dir).settings);
  assert.deepEqual(source.get(), DEFAULT_APP_SETTINGS);
  const seen: boolean[] = [];
  const off = source.subscribe((s) => seen.push(s.syncPaused));
  source.update({ syncPaused: true });
  source.update({ notifications: { dailyDigest: true } });
  off();
  source.update({ trayHintShown: true });
  assert.deepEqual(seen, [true, true]);
  const again = createPortSettingsSource(openConfSettings(dir).settings).get();
  assert.equal(again.syncPaused, true);
  assert.equal(again.trayHintShown, true);
  assert.deepEqual(again.notifications, { ...DEFAULT_APP_SETTINGS.notifications, dailyDigest: true });
  assert.throws(() => source.update({ syncIntervalMinutes: 7 as never }));
  assert.throws(() => source.update({ surprise: 1 } as never), 'unknown keys are refused');
});

test('settings source: a damaged appSettings value reads as the defaults', () => {
  const store = new Map<string, unknown>([[APP_SETTINGS_KEY, { syncIntervalMinutes: 'often' }]]);
  const source = createPortSettingsSource({ get: (k) => store.get(k), set: (k, v) => void store.set(k, v), delete: (k) => void store.delete(k) });
  assert.deepEqual(source.get(), DEFAULT_APP_SETTINGS);
});
