import type { DisconnectResultView } from '../../../shared/view-models.ts';
import { loadSecrets, profileOf, recordOf, type CoreContext } from './context.ts';
import type { PendingRevocations } from './pending-revocations.ts';
import { revokeAtProvider } from './revoke-at-provider.ts';

/**
 * Disconnect: revoke at the provider where possible (RFC 7009 with token_type_hint, or the
 * platform's uninstall call), then delete the keychain entries, the local record and (through
 * hooks) the synced orders. The result says honestly what happened (security.md #16).
 * https://www.rfc-editor.org/rfc/rfc7009#section-2
 */
export async function disconnectConnection(
  ctx: CoreContext,
  connectionId: string,
  hooks: Array<(id: string) => Promise<number> | number>,
  sleep: (ms: number) => Promise<void>,
  pending?: PendingRevocations,
): Promise<DisconnectResultView> {
  const record = recordOf(ctx, connectionId);
  const profile = profileOf(ctx, record.providerId);
  let secrets;
  try {
    secrets = await loadSecrets(ctx, connectionId);
  } catch {
    secrets = undefined;
  }
  // One store, one connection: Shopify's "revocation" uninstalls Storelink's app from the whole shop,
  // which would also cut off another connection of the same shop that stays (a duplicate's copy).
  const sameStore = record.accountId ? ctx.records.list().find((r) => r.id !== record.id && r.accountId === record.accountId) : undefined;
  const revocation =
    sameStore && profile.revocation.kind === 'shopify-uninstall'
      ? {
          revoked: false as const,
          reason: `this store stays connected as “${sameStore.name ?? sameStore.accountLabel}”, and uninstalling Storelink from Shopify would remove that connection’s access too`,
          retryLater: false,
        }
      : secrets
        ? await revokeAtProvider(ctx, profile, record.fields, secrets.tokens, secrets.secrets, sleep)
        : { revoked: false as const, reason: 'the system keychain could not be read', retryLater: false };
  // One activity row per disconnect (issue 10 item 5: no separate "revoked" row beside it).
  // RFC 7009 §2.2.1: the provider said "later" (503, unreachable): keep what revocation needs in the
  // keychain and retry in the background instead of silently giving up.
  const queued =
    !revocation.revoked && revocation.retryLater && secrets?.tokens && pending
      ? await pending.add(record, secrets).then(
          () => true,
          () => false,
        )
      : false;

  await ctx.vault.delete(connectionId);
  ctx.secrets.delete(connectionId);
  let ordersDeleted = 0;
  for (const hook of hooks) ordersDeleted += await hook(connectionId);
  ctx.records.delete(connectionId);
  const reason = revocation.revoked
    ? undefined
    : queued
      ? `${revocation.reason}; Storelink will keep trying to revoke access in the background`
      : revocation.reason;
  ctx.log('disconnected', record, reason ? `removed from this computer only: ${reason}` : 'access revoked at the provider and removed from this computer');
  ctx.changed();
  return revocation.revoked
    ? { connectionId, outcome: 'revoked-at-provider', ordersDeleted }
    : { connectionId, outcome: 'local-only', reason: reason!, ordersDeleted };
}
