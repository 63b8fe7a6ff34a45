import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openConfSettings } from '../../main/adapters/conf-settings.ts';
import { launchCore } from '../helpers/bare-core.ts';
import { ConnectionRecords, type ConnectionRecord } from '../../main/core/store/connection-records.ts';
import { continuationAccount } from '../../main/core/vault/chunk-format.ts';
import { MemoryKeychain } from '../../main/core/vault/memory-keychain.ts';
import { PendingKeychainDeletes } from '../../main/core/vault/pending-deletes.ts';
import { KEYCHAIN_SERVICE, SecretVault } from '../../main/core/vault/secret-vault.ts';
import type { StoredSecrets } from '../../main/core/vault/token-set.ts';
import type { SettingsPort } from '../../main/core/ports.ts';
import { realKeychain } from './keyring.ts';

const probe = await realKeychain();
const skip = 'skip' in probe ? probe.skip : false;

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'storelink-orphans-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A 6 KB set: head + 3 continuation entries (security.md #18). */
const bigSet = (): StoredSecrets => ({
  tokens: {
    accessToken: `at.${'a'.repeat(3000)}`,
    refreshToken: `rt.${'r'.repeat(3000)}`,
    tokenType: 'Bearer',
    generation: 0,
    accessExpiresAt: 4_000_000_000_000,
  },
  secrets: {},
});

const record = (id: string): ConnectionRecord => ({
  id,
  providerId: 'demo',
  accountLabel: 'Demo Coffee Roasters',
  fields: { issuer: 'http://127.0.0.1:9' },
  requestedScopes: ['orders:read'],
  grantedScopes: ['orders:read'],
  accessExpiresAt: 4_000_000_000_000,
  hasRefreshToken: true,
  status: { kind: 'connected' },
  createdAt: 1,
});

async function seed(settings: SettingsPort, vault: SecretVault, id: string): Promise<void> {
  await vault.save(id, bigSet());
  new ConnectionRecords(settings).put(record(id));
}

/** MemoryKeychain whose deletes fail while `failDeletes` says so (keychain locked, entry refused). */
class FlakyDeleteKeychain extends MemoryKeychain {
  /** The connection's own entries (a queued revocation keeps its own `revoke.<id>` set on purpose). */
  own(id: string): string[] {
    return this.accounts(KEYCHAIN_SERVICE).filter((a) => a === id || a.startsWith(`${id}#`));
  }
  failDeletes: (account: string) => boolean = () => false;
  override async deletePassword(service: string, account: string): Promise<boolean> {
    if (this.failDeletes(account)) throw new Error('The keyring is locked.');
    return super.deletePassword(service, account);
  }
}

test(
  'security.md #49: a keychain chunk deleted behind Storelink\'s back shows as needs-reauth on the status, not "connected" (real keyring)',
  { skip },
  async (t) => {
    const dir = tempDir(t);
    const keychain = (probe as { keychain: import('../../main/core/ports.ts').KeychainPort }).keychain;
    const { settings } = openConfSettings(dir);
    const id = `c-${randomUUID()}`;
    const vault = new SecretVault(keychain);
    await seed(settings, vault, id);
    t.after(() => vault.delete(id));
    // Remove one chunk with keytar directly, as another program or a keychain repair might.
    assert.equal(await keychain.deletePassword(KEYCHAIN_SERVICE, continuationAccount(id, 0, 2)), true);

    const core = await launchCore(dir, keychain, settings);
    t.after(() => core.close());
    const status = core.getConnection(id).status;
    assert.equal(status.kind, 'needs-reauth');
    assert.match('reason' in status ? status.reason : '', /can't read this connection's keys from your keychain/);
    assert.ok(core.listActivity(10).some((a) => a.connectionId === id && /keychain/.test(a.reason ?? '')));
  },
);

test('security.md #49: a corrupt head entry (real keyring) is reported on the status too', { skip }, async (t) => {
  const dir = tempDir(t);
  const keychain = (probe as { keychain: import('../../main/core/ports.ts').KeychainPort }).keychain;
  const { settings } = openConfSettings(dir);
  const id = `c-${randomUUID()}`;
  new ConnectionRecords(settings).put(record(id));
  await keychain.setPassword(KEYCHAIN_SERVICE, id, 'not a Storelink entry');
  t.after(() => keychain.deletePassword(KEYCHAIN_SERVICE, id));
  const core = await launchCore(dir, keychain, settings);
  t.after(() => core.close());
  assert.equal(core.getConnection(id).status.kind, 'needs-reauth');
});

test('security.md #49: chunk deletes that fail are kept in a list and retried at the next launch; no entry outlives the connection', async (t) => {
  const dir = tempDir(t);
  const keychain = new FlakyDeleteKeychain();
  const { settings } = openConfSettings(dir);
  const id = 'c-chunks';
  await seed(settings, new SecretVault(keychain), id);
  assert.equal(keychain.accounts(KEYCHAIN_SERVICE).length, 4);

  keychain.failDeletes = (account) => account.includes('#'); // every chunk delete fails
  const core = await launchCore(dir, keychain, settings);
  const result = await core.disconnect(id);
  assert.equal(result.connectionId, id);
  assert.deepEqual(core.listConnections(), []);
  assert.equal(keychain.own(id).length, 3, 'the head is gone, the three chunks are left for now');
  assert.equal(new PendingKeychainDeletes(settings).list().length, 3, 'and they are on the retry list, on disk');
  await core.close();

  keychain.failDeletes = () => false; // the keychain works again
  const again = await launchCore(dir, keychain, openConfSettings(dir).settings);
  assert.deepEqual(keychain.own(id), [], 'retried at launch: nothing outlives the connection');
  assert.deepEqual(new PendingKeychainDeletes(settings).list(), []);
  await again.close();
});

test('security.md #49: when the head delete fails too, disconnect still completes and the whole set is deleted on a retry', async (t) => {
  const dir = tempDir(t);
  const keychain = new FlakyDeleteKeychain();
  const { settings } = openConfSettings(dir);
  const id = 'c-locked';
  await seed(settings, new SecretVault(keychain), id);
  keychain.failDeletes = () => true;
  const core = await launchCore(dir, keychain, settings);
  const result = await core.disconnect(id);
  assert.equal(result.outcome, 'local-only');
  assert.equal(keychain.own(id).length, 4);
  assert.deepEqual(new PendingKeychainDeletes(settings).list(), [id]);
  await core.close();
  keychain.failDeletes = () => false;
  const vault = new SecretVault(keychain, KEYCHAIN_SERVICE, new PendingKeychainDeletes(settings));
  assert.equal(await vault.retryPendingDeletes(), 0);
  assert.deepEqual(keychain.own(id), []);
});
