import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openConfSettings } from '../../main/adapters/conf-settings.ts';
import { ConnectionRecords } from '../../main/core/store/connection-records.ts';

const child = path.join(import.meta.dirname, 'fixtures', 'no-keychain-child.ts');

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

test('security.md #19: with no D-Bus the save is keychain_unavailable, nothing is saved, no canary on disk', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'storelink-nokeychain-'));
  try {
    const home = path.join(dataDir, 'home');
    fs.mkdirSync(home);
    const canaries = [`canary-at-${randomUUID()}`, `canary-rt-${randomUUID()}`, `canary-cs-${randomUUID()}`];
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DBUS_SESSION_BUS_ADDRESS: `unix:path=${path.join(dataDir, 'no-such-bus')}`,
      HOME: home,
      XDG_DATA_HOME: path.join(home, '.local', 'share'),
      XDG_CONFIG_HOME: path.join(home, '.config'),
      XDG_RUNTIME_DIR: home,
    };
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
      execFile(process.execPath, [child, dataDir, ...canaries], { env, timeout: 60_000 }, (err, stdout, stderr) =>
        err ? reject(Object.assign(err, { stderr })) : resolve({ stdout, stderr }),
      );
    });
    const outcome = JSON.parse(stdout.trim().split('\n').at(-1) as string);
    assert.equal(outcome.saved, false);
    assert.equal(outcome.typed, true);
    assert.equal(outcome.error.code, 'keychain_unavailable');
    assert.match(outcome.error.message, /system keychain could not be used/);

    // The connection was not saved: the settings file has no record and no id.
    const records = new ConnectionRecords(openConfSettings(dataDir).settings);
    assert.deepEqual(records.ids(), []);

    // Files were written (settings, activity), and none holds a canary; nor does the child's output.
    const files = filesUnder(dataDir);
    assert.ok(files.some((f) => f.endsWith('storelink.json')) && files.some((f) => f.endsWith('activity.jsonl')), files.join(', '));
    for (const file of files) {
      const bytes = fs.readFileSync(file);
      for (const canary of canaries) {
        assert.equal(bytes.includes(canary), false, `${path.relative(dataDir, file)} holds a canary`);
        assert.equal(bytes.includes(Buffer.from(canary).toString('base64').slice(0, 24)), false, `${file} holds a base64 canary`);
      }
    }
    for (const canary of canaries) assert.equal(`${stdout}${stderr}`.includes(canary), false);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
