import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { SecretVault } from '../../main/core/vault/secret-vault.ts';
import { continuationAccount, parseHead } from '../../main/core/vault/chunk-format.ts';
import { ErrorCode, StorageError } from '../../main/core/errors.ts';
import type { StoredSecrets } from '../../main/core/vault/token-set.ts';
import { realKeychain, TEST_SERVICE } from './keyring.ts';

const probe = await realKeychain();
const skip = 'skip' in probe ? probe.skip : false;
const keychain = 'keychain' in probe ? probe.keychain : undefined;

function bigSet(totalChars: number): StoredSecrets {
  const part = (n: number, tag: string) => `${tag}.${randomUUID()}.`.padEnd(n, 'x');
  return {
    tokens: {
      accessToken: part(Math.floor(totalChars * 0.5), 'at'),
      refreshToken: part(Math.floor(totalChars * 0.2), 'rt'),
      idToken: part(Math.floor(totalChars * 0.3), 'id'),
      tokenType: 'Bearer',
      accessExpiresAt: 1_900_000_000_000,
      refreshExpiresAt: 1_990_000_000_000,
      generation: 7,
    },
    secrets: { clientSecret: `cs-${randomUUID()}`, apiKey: 'ключ-pässwörd-🔑' },
  };
}

async function head(id: string) {
  const raw = await keychain!.getPassword(TEST_SERVICE, id);
  assert.ok(raw !== null, 'head entry exists');
  const h = parseHead(raw);
  assert.ok(h, 'head entry is in the chunked format');
  return h;
}

test('security.md #17: save, load and delete one connection in the real OS keychain', { skip }, async () => {
  const vault = new SecretVault(keychain!, TEST_SERVICE);
  const id = `conn-${randomUUID()}`;
  const secrets: StoredSecrets = {
    tokens: { accessToken: `at-${randomUUID()}`, refreshToken: `rt-${randomUUID()}`, tokenType: 'Bearer', accessExpiresAt: 1_800_000_000_000, generation: 1 },
    secrets: { clientSecret: `cs-${randomUUID()}` },
  };
  assert.equal(await vault.load(id), null);
  await vault.save(id, secrets);
  assert.deepEqual(await vault.load(id), secrets);
  // One entry under the fixed service, account = connection id.
  assert.equal((await head(id)).count, 1);
  await vault.delete(id);
  assert.equal(await vault.load(id), null);
  assert.equal(await keychain!.getPassword(TEST_SERVICE, id), null);
  await vault.delete(id); // deleting again is fine
});

test('security.md #18: a 6 KB token set round-trips through entries of at most 2,000 bytes', { skip }, async () => {
  const vault = new SecretVault(keychain!, TEST_SERVICE);
  const id = `conn-${randomUUID()}`;
  const secrets = bigSet(6 * 1024);
  await vault.save(id, secrets);
  assert.deepEqual(await vault.load(id), secrets);
  const h = await head(id);
  assert.ok(h.count >= 4, `split into ${h.count} entries`);
  const headRaw = (await keychain!.getPassword(TEST_SERVICE, id))!;
  assert.ok(Buffer.byteLength(headRaw) <= 2000, 'head within the limit');
  for (let i = 1; i < h.count; i++) {
    const part = await keychain!.getPassword(TEST_SERVICE, continuationAccount(id, h.writeGeneration, i));
    assert.ok(part !== null && Buffer.byteLength(part) <= 2000, `part ${i} within the limit`);
  }
  await vault.delete(id);
});

test('security.md #18: overwrite and delete remove the old continuation entries', { skip }, async () => {
  const vault = new SecretVault(keychain!, TEST_SERVICE);
  const id = `conn-${randomUUID()}`;
  await vault.save(id, bigSet(6000));
  const first = await head(id);
  const second = bigSet(9000);
  await vault.save(id, second);
  const h2 = await head(id);
  assert.notEqual(h2.writeGeneration, first.writeGeneration);
  for (let i = 1; i < first.count; i++) {
    assert.equal(await keychain!.getPassword(TEST_SERVICE, continuationAccount(id, first.writeGeneration, i)), null, `old part ${i} gone`);
  }
  assert.deepEqual(await vault.load(id), second);
  // Shrinking to one entry also cleans up.
  const small: StoredSecrets = { secrets: { apiKey: 'k-123456' } };
  await vault.save(id, small);
  assert.equal((await head(id)).count, 1);
  for (let i = 1; i < h2.count; i++) {
    assert.equal(await keychain!.getPassword(TEST_SERVICE, continuationAccount(id, h2.writeGeneration, i)), null);
  }
  assert.deepEqual(await vault.load(id), small);
  // Delete removes head and continuations.
  await vault.save(id, bigSet(6000));
  const h3 = await head(id);
  await vault.delete(id);
  assert.equal(await keychain!.getPassword(TEST_SERVICE, id), null);
  for (let i = 1; i < h3.count; i++) {
    assert.equal(await keychain!.getPassword(TEST_SERVICE, continuationAccount(id, h3.writeGeneration, i)), null);
  }
});

test('a corrupt head, a missing part or a garbage payload is StorageError keychain_corrupt', { skip }, async () => {
  const vault = new SecretVault(keychain!, TEST_SERVICE);
  const id = `conn-${randomUUID()}`;
  const isCorrupt = (err: unknown) => {
    assert.ok(err instanceof StorageError);
    assert.equal(err.code, ErrorCode.KeychainCorrupt);
    assert.doesNotMatch(err.message, /(at|rt|id)\.[0-9a-f]{8}-|cs-[0-9a-f]{8}/);
    return true;
  };
  await keychain!.setPassword(TEST_SERVICE, id, 'not a storelink entry');
  await assert.rejects(vault.load(id), isCorrupt);

  await vault.save(id, bigSet(6000));
  const h = await head(id);
  await keychain!.deletePassword(TEST_SERVICE, continuationAccount(id, h.writeGeneration, 2));
  await assert.rejects(vault.load(id), isCorrupt);

  // A well-formed head whose payload is not a token set (digest matches, content does not).
  const { createHash } = await import('node:crypto');
  const payload = '{"v":1,"t":{"a":"at.x"}}';
  const digest = createHash('sha256').update(payload).digest('hex').slice(0, 16);
  await keychain!.setPassword(TEST_SERVICE, id, `sl1.1.99.${digest}:${payload}`);
  await assert.rejects(vault.load(id), isCorrupt);
  await vault.delete(id);
  assert.equal(await keychain!.getPassword(TEST_SERVICE, id), null);
});
