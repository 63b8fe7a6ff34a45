import type { StoredSecrets } from '../vault/token-set.ts';
import { forgetOwnedSecrets, setOwnedSecrets } from './redact.ts';

function valuesOf(s: StoredSecrets): Array<string | undefined> {
  return [s.tokens?.accessToken, s.tokens?.refreshToken, s.tokens?.idToken, ...Object.values(s.secrets)];
}

/**
 * The in-memory copy of each connection's secrets (CoreContext.secrets), which also decides what the
 * log redaction masks by value (security.md #42): setting a connection's secrets replaces its masked
 * values (a refresh forgets the old tokens), deleting it forgets them all. So the masked set is the
 * live connections' current secrets, however long the app runs.
 */
export class MaskedSecretsMap extends Map<string, StoredSecrets> {
  override set(connectionId: string, secrets: StoredSecrets): this {
    setOwnedSecrets(connectionId, valuesOf(secrets));
    return super.set(connectionId, secrets);
  }

  override delete(connectionId: string): boolean {
    forgetOwnedSecrets(connectionId);
    return super.delete(connectionId);
  }

  override clear(): void {
    for (const id of this.keys()) forgetOwnedSecrets(id);
    super.clear();
  }
}
