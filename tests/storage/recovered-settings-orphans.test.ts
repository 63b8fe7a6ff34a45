import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createStorelinkApp } from '../../main/storelink-app.ts';
import { openConfSettings } from '../../main/adapters/conf-settings.ts';
import { CONNECTION_ID_INDEX_FILE } from '../../main/core/store/connection-id-index.ts';
import { KEYCHAIN_SERVICE } from '../../main/core/vault/secret-vault.ts';
import { approveConsent } from '../../main/demo-store/consent-driver.ts';
import type { KeychainPort } from '../../main/core/ports.ts';
import { visitCallback } from '../helpers/core-fixture.ts';
import { demoProfileWithoutStoreId } from '../helpers/demo-accounts.ts';
import { realKeychain } from './keyring.ts';

const probe = await realKeychain();
const skip = 'skip' in probe ? probe.skip : false;

async function openApp(dataDir: string, keychain: KeychainPort) {
  const opened = openConfSettings(dataDir);
  return createStorelinkApp({
    dataDir,
    keychain,
    settings: opened.settings,
    opener: { open: async (url) => void setImmediate(() => void approveConsent(url).then(visitCallback)) },
    demoStore: { orderCount: 40, rateLimit: { capacity: 1000, refillPerSec: 1000 } },
    profiles: [demoProfileWithoutStoreId()], // two connections to the one demo store
    syncIntervalMs: 0,
    notices: opened.recovered ? [{ kind: 'settings-recovered', message: `settings moved aside to ${path.basename(opened.recovered.movedTo)}` }] : [],
  });
}

test(
  'security.md #48: after the settings file is recovered, the orders and keychain entries of connections it lost are removed and counted nowhere (real conf, keyring, order DB)',
  { skip },
  async (t) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'storelink-orphans-app-'));
    t.after(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const keychain = (probe as { keychain: KeychainPort }).keychain;
    const all = { fromMs: 0, toMs: Date.now() + 86_400_000 };

    const first = await openApp(dataDir, keychain);
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const flow = await first.startConnect({ providerId: 'demo', fields: {} });
      const done = await first.waitForFlow(flow.flowId);
      assert.equal(done.kind, 'done');
      ids.push((done as { connectionId: string }).connectionId);
    }
    for (const id of ids) await first.syncService.syncNow(id);
    for (const id of ids) assert.equal(first.syncService.ordersSummary({ connectionId: id, ...all }).orderCount, 40);
    for (const id of ids) assert.notEqual(await keychain.getPassword(KEYCHAIN_SERVICE, id), null);
    await first.close();

    // The settings file is damaged: openSettings moves it aside and starts a new one (#34).
    fs.writeFileSync(path.join(dataDir, 'storelink.json'), '{"connectionIds": [');
    const second = await openApp(dataDir, keychain);
    t.after(() => second.close());
    assert.deepEqual(second.listConnections(), []);
    for (const id of ids)
      assert.equal(second.syncService.ordersSummary({ connectionId: id, ...all }).orderCount, 0, 'orders of a vanished connection are not counted');
    assert.equal(second.syncService.ordersSummary(all).orderCount, 0, 'nor in the all-stores summary');
    for (const id of ids) assert.equal(await keychain.getPassword(KEYCHAIN_SERVICE, id), null, 'its keychain entry is gone');
    const notices = second.listNotices();
    assert.ok(
      notices.some((n) => /2 connections that the recovered settings file no longer lists were removed/.test(n.message)),
      JSON.stringify(notices),
    );
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dataDir, CONNECTION_ID_INDEX_FILE), 'utf8')).ids, [], 'the second index forgets them once removed');
  },
);
