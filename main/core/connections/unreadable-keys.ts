/**
 * security.md #49: a keychain read failure shows on the connection's status. When the connection's
 * entries are damaged or gone (a deleted chunk, a corrupt head, no head at all for a connection that
 * had credentials), the status becomes needs-reauth with a plain reason, instead of staying
 * "connected" until the next refresh fails in some other way. A keychain that is merely unavailable
 * (locked, no Secret Service) is not a damaged entry and changes nothing here (#19 reports it).
 */
import { ErrorCode, StorageError } from '../errors.ts';
import { Status } from '../lifecycle/connection-status.ts';
import type { ConnectionRecord, ConnectionRecords } from '../store/connection-records.ts';
import type { SecretVault } from '../vault/secret-vault.ts';
import type { StoredSecrets } from '../vault/token-set.ts';
import type { ActivityKind } from '../../../shared/view-models.ts';

/** The part of CoreContext used here (declared locally so context.ts can import this file without a cycle). */
export interface KeysContext {
  records: ConnectionRecords;
  vault: SecretVault;
  secrets: Map<string, StoredSecrets>;
  changed(): void;
  log(kind: ActivityKind, record: ConnectionRecord, reason?: string): void;
}

export const UNREADABLE_KEYS_REASON =
  "Storelink can't read this connection's keys from your keychain (they are damaged or were removed). Reconnect to save new ones.";

export function isUnreadableKeys(err: unknown): boolean {
  return err instanceof StorageError && err.code === ErrorCode.KeychainCorrupt;
}

/** Sets needs-reauth on the connection (when it is not already waiting for a reconnect) and says so. */
export function markKeysUnreadable(ctx: KeysContext, connectionId: string): void {
  const record = ctx.records.get(connectionId);
  if (!record || record.status.kind === 'needs-reauth' || record.status.kind === 'revoked') return;
  const updated = ctx.records.update(connectionId, { status: Status.needsReauth(UNREADABLE_KEYS_REASON), refreshAttempt: undefined });
  ctx.log('refresh-failed', updated, UNREADABLE_KEYS_REASON);
  ctx.changed();
}

/** At launch: reads each active connection's keys once; damaged or missing ones are marked. */
export async function checkKeysReadable(ctx: KeysContext): Promise<void> {
  for (const record of ctx.records.list()) {
    if (record.status.kind === 'needs-reauth' || record.status.kind === 'revoked') continue;
    if (ctx.secrets.has(record.id)) continue;
    try {
      const loaded = await ctx.vault.load(record.id);
      if (loaded === null) {
        if (record.hasRefreshToken || record.accessExpiresAt !== undefined || record.status.kind === 'connected') markKeysUnreadable(ctx, record.id);
        continue;
      }
      ctx.secrets.set(record.id, loaded);
    } catch (err) {
      if (isUnreadableKeys(err)) markKeysUnreadable(ctx, record.id);
      // keychain unavailable: nothing is known about the entries; try again on a later launch.
    }
  }
}
