/**
 * The e2e keychain: the core's in-memory KeychainPort (main/core/vault/memory-keychain.ts), which
 * also remembers every value ever stored so the canary check knows the real token values. The real
 * OS keychain (keytar) is tested in tests/storage; the renderer cannot tell the difference.
 */
import { MemoryKeychain } from '../../main/core/vault/memory-keychain.ts';

export class RecordingKeychain extends MemoryKeychain {
  readonly history: string[] = [];
  override async setPassword(service: string, account: string, password: string): Promise<void> {
    this.history.push(password);
    return super.setPassword(service, account, password);
  }
  /** Every demo-store access/refresh token the core ever stored (token-registry.ts prefixes). */
  demoTokens(): string[] {
    return [...new Set(this.history.flatMap((v) => v.match(/demo_(?:at|rt)_[A-Za-z0-9_-]{20,}/g) ?? []))];
  }
}

/** A plain in-memory SettingsPort (conf semantics without a file). */
export function memorySettings(): { get(k: string): unknown; set(k: string, v: unknown): void; delete(k: string): void } {
  const m = new Map<string, unknown>();
  return {
    get: (k) => structuredClone(m.get(k)),
    set: (k, v) => void m.set(k, structuredClone(v)),
    delete: (k) => void m.delete(k),
  };
}
