/**
 * Keychain deletes that failed (keychain locked, Secret Service gone, a chunk delete refused), kept in
 * the settings store so they are retried at launch and periodically (security.md #49: no keychain
 * entry outlives its connection). An item is either a connection's whole set (`<id>`: the head is read
 * again on retry to find its chunks) or one continuation entry (`<id>#<generation>.<i>`). Account
 * names only: no secret is ever stored here. Written at once (not coalesced): it is small and rare.
 */
import type { SettingsPort } from '../ports.ts';

export const PENDING_DELETES_KEY = 'pendingKeychainDeletes';

export interface PendingDeletesPort {
  add(account: string): void;
  remove(account: string): void;
  list(): string[];
}

export class PendingKeychainDeletes implements PendingDeletesPort {
  readonly #settings: SettingsPort;

  constructor(settings: SettingsPort) {
    this.#settings = settings;
  }

  list(): string[] {
    const raw = this.#settings.get(PENDING_DELETES_KEY);
    return Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : [];
  }

  add(account: string): void {
    const all = this.list();
    if (!all.includes(account)) this.#settings.set(PENDING_DELETES_KEY, [...all, account]);
  }

  remove(account: string): void {
    const all = this.list();
    if (all.includes(account))
      this.#settings.set(
        PENDING_DELETES_KEY,
        all.filter((a) => a !== account),
      );
  }
}

/** In memory, for code that has no settings store (tests of the vault alone). */
export class MemoryPendingDeletes implements PendingDeletesPort {
  readonly #items: string[] = [];
  add(account: string): void {
    if (!this.#items.includes(account)) this.#items.push(account);
  }
  remove(account: string): void {
    const i = this.#items.indexOf(account);
    if (i >= 0) this.#items.splice(i, 1);
  }
  list(): string[] {
    return [...this.#items];
  }
}
