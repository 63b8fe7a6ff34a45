/**
 * Tokens and admin-supplied secrets in the OS keychain: one entry per connection under a fixed service
 * name, account = connection id (security.md #17), split over continuation entries when the set is
 * larger than a Windows credential blob may be (#18, layout in chunk-format.ts). A keychain that cannot
 * be used is a StorageError `keychain_unavailable` and nothing is written anywhere else (#19). The
 * keychain is never enumerated (#20): callers keep the ids in the settings store.
 * A delete that fails (the head or any chunk) is queued in `pending` and retried by
 * `retryPendingDeletes()` at launch and periodically, so no entry outlives its connection (#49).
 */
import { ErrorCode, InputError, StorageError } from '../errors.ts';
import { registerSecret } from '../log/redact.ts';
import type { KeychainPort } from '../ports.ts';
import { continuationAccount, digestOf, formatHead, parseHead, splitPayload, type HeadEntry } from './chunk-format.ts';
import { MemoryPendingDeletes, type PendingDeletesPort } from './pending-deletes.ts';
import { parseSecrets, serializeSecrets, type StoredSecrets } from './token-set.ts';

export const KEYCHAIN_SERVICE = 'Storelink';

export const KEYCHAIN_UNAVAILABLE_MESSAGE =
  'The system keychain could not be used, so no credentials were saved or read. ' +
  'On Linux a Secret Service (GNOME Keyring or KWallet) must be running and unlocked; ' +
  'on macOS and Windows the login keychain must be available.';

/** Wraps any keychain failure as a typed, plain-words error; StorageErrors pass through unchanged. */
export function keychainUnavailable(cause: unknown): StorageError {
  if (cause instanceof StorageError) return cause;
  return new StorageError(ErrorCode.KeychainUnavailable, KEYCHAIN_UNAVAILABLE_MESSAGE, { cause });
}

function corrupt(detail: string): StorageError {
  return new StorageError(ErrorCode.KeychainCorrupt, `The saved credentials in the system keychain are damaged (${detail}). Reconnect to replace them.`);
}

function checkId(connectionId: string): void {
  if (typeof connectionId !== 'string' || connectionId.length === 0 || connectionId.length > 200 || connectionId.includes('#')) {
    throw new InputError('A connection id must be 1-200 characters without "#".', 'connectionId');
  }
}

function registerAll(s: StoredSecrets): void {
  registerSecret(s.tokens?.accessToken);
  registerSecret(s.tokens?.refreshToken);
  registerSecret(s.tokens?.idToken);
  for (const v of Object.values(s.secrets)) registerSecret(v);
}

export class SecretVault {
  readonly #keychain: KeychainPort;
  readonly #service: string;
  readonly #pending: PendingDeletesPort;

  constructor(keychain: KeychainPort, service = KEYCHAIN_SERVICE, pending: PendingDeletesPort = new MemoryPendingDeletes()) {
    this.#keychain = keychain;
    this.#service = service;
    this.#pending = pending;
  }

  /** Accounts (whole sets or single chunks) whose delete failed and waits for a retry. */
  pendingDeletes(): string[] {
    return this.#pending.list();
  }

  async #get(account: string): Promise<string | null> {
    try {
      return await this.#keychain.getPassword(this.#service, account);
    } catch (err) {
      throw keychainUnavailable(err);
    }
  }

  async #set(account: string, value: string): Promise<void> {
    try {
      await this.#keychain.setPassword(this.#service, account, value);
    } catch (err) {
      throw keychainUnavailable(err);
    }
  }

  async #delete(account: string): Promise<void> {
    try {
      await this.#keychain.deletePassword(this.#service, account);
    } catch (err) {
      throw keychainUnavailable(err);
    }
  }

  /** Deletes continuation entries 1..count-1 of one write; a failed one is queued for a retry (#49). */
  async #deleteContinuations(connectionId: string, head: HeadEntry): Promise<void> {
    for (let i = 1; i < head.count; i++) {
      const account = continuationAccount(connectionId, head.writeGeneration, i);
      await this.#delete(account).catch(() => this.#pending.add(account));
    }
  }

  /** The connection's secrets, `null` when it has none; `keychain_corrupt` when entries are damaged or missing. */
  async load(connectionId: string): Promise<StoredSecrets | null> {
    checkId(connectionId);
    const headValue = await this.#get(connectionId);
    if (headValue === null) return null;
    const head = parseHead(headValue);
    if (!head) throw corrupt('unknown format');
    const parts = [head.firstChunk];
    for (let i = 1; i < head.count; i++) {
      const part = await this.#get(continuationAccount(connectionId, head.writeGeneration, i));
      if (part === null) throw corrupt(`part ${i + 1} of ${head.count} is missing`);
      parts.push(part);
    }
    const payload = parts.join('');
    if (digestOf(payload) !== head.digest) throw corrupt('parts do not belong together');
    const secrets = parseSecrets(payload);
    registerAll(secrets);
    return secrets;
  }

  /**
   * Writes continuations first and the head last: the head is the commit point, so a failure part-way
   * leaves the previous set loadable. Then deletes the previous write's continuations.
   */
  async save(connectionId: string, secrets: StoredSecrets): Promise<void> {
    checkId(connectionId);
    const payload = serializeSecrets(secrets);
    registerAll(secrets);
    const previousValue = await this.#get(connectionId);
    const previous = previousValue === null ? undefined : parseHead(previousValue);
    const writeGeneration = previous ? previous.writeGeneration + 1 : 0;
    const chunks = splitPayload(payload);
    const head: HeadEntry = { count: chunks.length, writeGeneration, digest: digestOf(payload), firstChunk: chunks[0] as string };
    try {
      for (let i = 1; i < chunks.length; i++) {
        await this.#set(continuationAccount(connectionId, writeGeneration, i), chunks[i] as string);
      }
      await this.#set(connectionId, formatHead(head));
    } catch (err) {
      await this.#deleteContinuations(connectionId, head);
      throw err;
    }
    if (previous && previous.writeGeneration !== writeGeneration) await this.#deleteContinuations(connectionId, previous);
  }

  /**
   * Removes the head (so the set is gone at once), then its continuations. Deleting nothing is fine.
   * When the keychain refuses, the set is queued for `retryPendingDeletes()` and this resolves:
   * the connection can still be removed, and its entries follow it later (#49).
   */
  async delete(connectionId: string): Promise<void> {
    checkId(connectionId);
    try {
      const headValue = await this.#get(connectionId);
      if (headValue !== null) {
        const head = parseHead(headValue);
        // Chunks first would leave a head pointing at nothing; head first, then its chunks.
        await this.#delete(connectionId);
        if (head) await this.#deleteContinuations(connectionId, head);
      }
      this.#pending.remove(connectionId);
    } catch {
      this.#pending.add(connectionId);
    }
  }

  /**
   * `delete`, then says honestly whether the entry is gone: undefined when it is, else why it is
   * still there ("Remove all Storelink data", issue 9). A refused delete stays queued for retries.
   */
  async deleteReporting(connectionId: string): Promise<string | undefined> {
    await this.delete(connectionId);
    return this.#pending.list().includes(connectionId)
      ? 'the system keychain did not let Storelink delete it (it may be locked); Storelink tries again each time it starts'
      : undefined;
  }

  /** Retries queued deletes (at launch and periodically); returns how many are still pending. */
  async retryPendingDeletes(): Promise<number> {
    for (const account of this.#pending.list()) {
      if (account.includes('#')) {
        await this.#delete(account).then(
          () => this.#pending.remove(account),
          () => undefined,
        );
      } else {
        await this.delete(account);
      }
    }
    return this.#pending.list().length;
  }
}
