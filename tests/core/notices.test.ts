import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openConfSettings } from '../../main/adapters/conf-settings.ts';
import { createStorelinkCore } from '../../main/core/index.ts';
import { MemoryKeychain } from '../../main/core/vault/memory-keychain.ts';

test('security.md #34: a settings file that does not parse is moved aside and reported to the admin as a notice, not silently emptied', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'storelink-notice-'));
  writeFileSync(join(dataDir, 'storelink.json'), '{"connectionIds": ["c_1"], broken');
  const { settings, recovered } = openConfSettings(dataDir);
  assert.ok(recovered, 'recovery reported by openSettings');
  assert.ok(
    readdirSync(dataDir).some((f) => f.startsWith('storelink.corrupt-')),
    'the damaged file is kept beside',
  );
  const core = await createStorelinkCore({
    dataDir,
    keychain: new MemoryKeychain(),
    settings,
    opener: { open: async () => {} },
    autoRefresh: false,
    notices: [{ kind: 'settings-recovered', message: `moved aside to ${recovered.movedTo}` }],
  });
  const notices = core.listNotices();
  assert.equal(notices.length, 1);
  assert.equal(notices[0]!.kind, 'settings-recovered');
  await core.close();
});

test('a damaged connection record is skipped and reported as a notice (no crash)', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'storelink-notice-'));
  const { settings } = openConfSettings(dataDir);
  settings.set('connectionIds', ['c_bad']);
  settings.set('connectionRecords', { c_bad: { id: 'c_bad', providerId: 'demo', accessToken: 'smuggled' } });
  const core = await createStorelinkCore({ dataDir, keychain: new MemoryKeychain(), settings, opener: { open: async () => {} }, autoRefresh: false });
  assert.deepEqual(core.listConnections(), []);
  const notices = core.listNotices();
  assert.equal(notices.length, 1);
  assert.equal(notices[0]!.kind, 'record-skipped');
  assert.doesNotMatch(notices[0]!.message, /smuggled/);
  await core.close();
});
