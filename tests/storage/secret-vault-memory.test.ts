/** Vault logic against the in-memory keychain (always runs; the real-keychain file covers keytar). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SecretVault } from '../../main/core/vault/secret-vault.ts';
import { MemoryKeychain } from '../../main/core/vault/memory-keychain.ts';
import { parseSecrets, serializeSecrets, type StoredSecrets } from '../../main/core/vault/token-set.ts';
import { ErrorCode, InputError, StorageError } from '../../main/core/errors.ts';
import type { KeychainPort } from '../../main/core/ports.ts';

const big = (n: number, seed: string): StoredSecrets => ({
  tokens: { accessToken: `${seed}-`.padEnd(n, 'a'), refreshToken: `${seed}-r`.padEnd(200, 'r'), tokenType: 'Bearer', generation: 3 },
  secrets: { consumer_secret: `${seed}-sec-ü€` },
});

test('security.md #17: the serialization is compact (short keys) and ASCII-only', () => {
  const text = serializeSecrets({
    tokens: { accessToken: 'AT1', refreshToken: 'RT1', tokenType: 'Bearer', idToken: 'ID1', accessExpiresAt: 10, refreshExpiresAt: 20, generation: 2 },
    secrets: { apiKey: 'ключ' },
  });
  assert.equal(text, '{"v":1,"s":{"apiKey":"\\u043a\\u043b\\u044e\\u0447"},"t":{"a":"AT1","y":"Bearer","g":2,"r":"RT1","i":"ID1","e":10,"x":20}}');
  assert.deepEqual(parseSecrets(text).secrets, { apiKey: 'ключ' });
});

test('the strict parser refuses garbage with keychain_corrupt and never quotes it', () => {
  for (const bad of ['', '{', 'null', '[]', '{"v":2,"s":{}}', '{"v":1,"s":{},"t":{"a":"tok-canary-1"}}', '{"v":1,"s":{},"extra":1}', '{"v":1,"s":{"k":5}}']) {
    assert.throws(
      () => parseSecrets(bad),
      (err: unknown) => err instanceof StorageError && err.code === ErrorCode.KeychainCorrupt && !err.message.includes('tok-canary-1'),
      bad,
    );
  }
});

test('security.md #18: every entry stays under the Windows 2,560-byte cap for a 6 KB set', async () => {
  const kc = new MemoryKeychain({ maxPasswordBytes: 2560 });
  const vault = new SecretVault(kc, 'S');
  const s = big(6144, 'm1');
  await vault.save('c1', s);
  assert.deepEqual(await vault.load('c1'), s);
  assert.deepEqual(kc.accounts('S'), ['c1', 'c1#0.1', 'c1#0.2', 'c1#0.3']);
  await vault.save('c1', big(3000, 'm2'));
  assert.deepEqual(kc.accounts('S'), ['c1', 'c1#1.1']);
  await vault.delete('c1');
  assert.deepEqual(kc.accounts('S'), []);
});

test('security.md #18: the head is the commit point: a failure mid-save keeps the previous set', async () => {
  const kc = new MemoryKeychain();
  const vault = new SecretVault(kc, 'S');
  const first = big(5000, 'first');
  await vault.save('c1', first);
  let calls = 0;
  const flaky: KeychainPort = {
    getPassword: (s, a) => kc.getPassword(s, a),
    deletePassword: (s, a) => kc.deletePassword(s, a),
    setPassword: async (s, a, p) => {
      if (++calls === 2) throw new Error('keyring went away');
      return kc.setPassword(s, a, p);
    },
  };
  await assert.rejects(new SecretVault(flaky, 'S').save('c1', big(7000, 'second')), (err: unknown) => {
    return err instanceof StorageError && err.code === ErrorCode.KeychainUnavailable;
  });
  assert.deepEqual(await vault.load('c1'), first);
  // The half-written generation's parts were removed again.
  assert.deepEqual(kc.accounts('S'), ['c1', 'c1#0.1', 'c1#0.2']);
});

test('security.md #19: an unavailable keychain is keychain_unavailable with a plain message and the cause kept', async () => {
  const kc = new MemoryKeychain();
  kc.unavailable = true;
  const vault = new SecretVault(kc);
  for (const op of [() => vault.save('c1', big(100, 'x')), () => vault.load('c1')]) {
    await assert.rejects(op(), (err: unknown) => {
      assert.ok(err instanceof StorageError);
      assert.equal(err.code, ErrorCode.KeychainUnavailable);
      assert.match(err.message, /system keychain could not be used/);
      assert.ok(err.cause instanceof Error);
      return true;
    });
  }
  // security.md #49: a delete the keychain refuses is queued for a retry instead of failing the caller.
  await vault.delete('c1');
  assert.deepEqual(vault.pendingDeletes(), ['c1']);
});

test('connection ids with "#" or empty are refused before touching the keychain', async () => {
  const kc = new MemoryKeychain();
  const vault = new SecretVault(kc);
  await assert.rejects(vault.save('a#1.1', { secrets: {} }), InputError);
  await assert.rejects(vault.load(''), InputError);
  assert.deepEqual(kc.accounts('Storelink'), []);
});
