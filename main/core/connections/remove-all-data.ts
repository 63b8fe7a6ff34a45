/**
 * "Remove all Storelink data" (issue 9 item 4). For every connection: one attempt to revoke its
 * access at the provider (RFC 7009 or the platform's uninstall call, the same code disconnect uses,
 * without queueing a retry: nothing of it is kept), then its keychain entries by id (the keychain is
 * never enumerated: security.md #20), its orders (the disconnect hooks) and its record. Queued
 * revocations of earlier disconnects get their last attempt too. Then the activity log goes.
 * The outcome per connection is returned as it happened: revoked or not and why, keychain entry
 * deleted or left and why. A keychain delete the OS refuses stays queued and is retried at each launch.
 * https://www.rfc-editor.org/rfc/rfc7009#section-2
 */
import type { RemoveAllDataResultView, RemovedConnectionView } from '../../../shared/view-models.ts';
import { loadSecrets, type CoreContext } from './context.ts';
import type { PendingRevocations } from './pending-revocations.ts';
import { revokeAtProvider } from './revoke-at-provider.ts';

export interface RemoveAllDeps {
  ctx: CoreContext;
  hooks: Array<(id: string) => Promise<number> | number>;
  sleep: (ms: number) => Promise<void>;
  pending: PendingRevocations;
  /** Forget in-memory state of a removed connection (refresh pacing). */
  forget(connectionId: string): void;
  /** Sets the app settings back to the defaults; returns whether it did. */
  resetSettings(): boolean;
}

async function removeOne(deps: RemoveAllDeps, id: string): Promise<RemovedConnectionView> {
  const { ctx } = deps;
  // A damaged record (listed, unreadable) still has its keychain entry and orders removed by id.
  const record = ctx.records.get(id);
  const profile = record ? ctx.profiles.get(record.providerId) : undefined;
  let revocation: { revoked: boolean; reason?: string };
  if (!record) {
    revocation = {
      revoked: false,
      reason: 'its saved details could not be read, so Storelink could not ask the store; remove Storelink in your account there',
    };
  } else if (!profile) {
    revocation = { revoked: false, reason: 'this version of Storelink no longer knows the provider; remove Storelink in your account there' };
  } else {
    let secrets;
    try {
      secrets = await loadSecrets(ctx, id);
    } catch {
      secrets = undefined;
    }
    revocation = secrets
      ? await revokeAtProvider(ctx, profile, record.fields, secrets.tokens, secrets.secrets, deps.sleep)
      : { revoked: false, reason: 'the system keychain could not be read, so Storelink had nothing to revoke with' };
  }
  const keychainReason = await ctx.vault.deleteReporting(id);
  ctx.secrets.delete(id);
  let ordersDeleted = 0;
  for (const hook of deps.hooks) {
    try {
      ordersDeleted += await hook(id);
    } catch (err) {
      ctx.logger.warn('remove all: deleting orders failed', { connectionId: id, error: err });
    }
  }
  ctx.records.delete(id);
  deps.forget(id);
  return {
    connectionId: id,
    providerName: profile?.name ?? record?.providerId ?? 'Unknown store',
    accountLabel: record?.accountLabel ?? 'a saved connection that could not be read',
    source: 'connection',
    revocation: revocation.revoked ? 'revoked' : 'not-revoked',
    ...(revocation.revoked ? {} : { revocationReason: revocation.reason ?? 'the provider did not confirm it' }),
    keychain: keychainReason ? 'left' : 'deleted',
    ...(keychainReason ? { keychainReason } : {}),
    ordersDeleted,
  };
}

export async function removeAllData(deps: RemoveAllDeps): Promise<RemoveAllDataResultView> {
  const { ctx } = deps;
  const connections: RemovedConnectionView[] = [];
  for (const id of ctx.records.ids()) {
    try {
      connections.push(await removeOne(deps, id));
    } catch (err) {
      ctx.logger.warn('remove all: a connection could not be removed', { error: err });
    }
  }
  connections.push(...(await deps.pending.removeAll()));
  ctx.records.flush();
  ctx.changed();
  const activityReason = ctx.activity.clear();
  const settingsReset = deps.resetSettings();
  return { connections, activityCleared: activityReason === undefined, ...(activityReason ? { activityReason } : {}), settingsReset };
}
