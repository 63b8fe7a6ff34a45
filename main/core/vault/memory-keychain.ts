/**
 * An in-memory KeychainPort for tests of code above the vault (style.md: tests pass an in-memory
 * keychain). `maxPasswordBytes` mimics Windows Credential Manager's 2,560-byte blob cap (security.md
 * #18); `unavailable = true` makes every call fail like keytar without a Secret Service (#19).
 */
import type { KeychainPort } from '../ports.ts';

export class MemoryKeychain implements KeychainPort {
  readonly entries = new Map<string, string>();
  readonly maxPasswordBytes: number;
  unavailable = false;

  constructor(options: { maxPasswordBytes?: number } = {}) {
    this.maxPasswordBytes = options.maxPasswordBytes ?? 2560;
  }

  #key(service: string, account: string): string {
    return `${service}\u0000${account}`;
  }

  #check(): void {
    if (this.unavailable) throw new Error('Cannot autolaunch D-Bus without X11 $DISPLAY');
  }

  async getPassword(service: string, account: string): Promise<string | null> {
    this.#check();
    return this.entries.get(this.#key(service, account)) ?? null;
  }

  async setPassword(service: string, account: string, password: string): Promise<void> {
    this.#check();
    if (Buffer.byteLength(password, 'utf8') > this.maxPasswordBytes) throw new Error('The stub received bad data.');
    this.entries.set(this.#key(service, account), password);
  }

  async deletePassword(service: string, account: string): Promise<boolean> {
    this.#check();
    return this.entries.delete(this.#key(service, account));
  }

  /** Accounts stored under a service (tests only; the real keychain is never enumerated, #20). */
  accounts(service: string): string[] {
    const prefix = `${service}\u0000`;
    return [...this.entries.keys()]
      .filter((k) => k.startsWith(prefix))
      .map((k) => k.slice(prefix.length))
      .sort();
  }
}
