/**
 * KeychainPort over keytar (macOS Keychain, Windows Credential Manager, Linux Secret Service via
 * libsecret). keytar is loaded with a dynamic import so a missing or unloadable native module is a
 * typed `keychain_unavailable` error rather than a crash at start-up (security.md #19). Only the three
 * keytar calls that need no enumeration are used; `findCredentials` is never called (#20).
 * Does not import electron: it runs in plain Node tests and in the Electron main process alike.
 */
import type { KeychainPort } from '../core/ports.ts';
import { keychainUnavailable } from '../core/vault/secret-vault.ts';

interface KeytarModule {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export function createKeytarKeychain(): KeychainPort {
  let loading: Promise<KeytarModule> | undefined;
  const load = (): Promise<KeytarModule> => {
    loading ??= import('keytar').then((mod: { default?: KeytarModule } & Partial<KeytarModule>) => {
      const keytar = (mod.default ?? mod) as KeytarModule;
      if (typeof keytar.getPassword !== 'function') throw new Error('keytar did not load');
      return keytar;
    });
    // A failed load is retried on the next call (e.g. after the user installs a Secret Service).
    loading.catch(() => {
      loading = undefined;
    });
    return loading;
  };
  const call = async <T>(fn: (k: KeytarModule) => Promise<T>): Promise<T> => {
    try {
      return await fn(await load());
    } catch (err) {
      throw keychainUnavailable(err);
    }
  };
  return {
    getPassword: (service, account) => call((k) => k.getPassword(service, account)),
    setPassword: (service, account, password) => call((k) => k.setPassword(service, account, password)),
    deletePassword: (service, account) => call((k) => k.deletePassword(service, account)),
  };
}
