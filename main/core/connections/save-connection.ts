import { randomBytes } from 'node:crypto';
import type { TokenResponse } from '../oauth/token-response.ts';
import type { ConnectionRecord } from '../store/connection-records.ts';
import { loadSecrets, recordOf as recordOfSaved, saveSecrets, type CoreContext } from './context.ts';
import type { FlowInput } from './flow-input.ts';
import { accountLabelFrom, grantedScopesFrom, tokenSetFrom } from './token-apply.ts';
import { Status } from '../lifecycle/connection-status.ts';
import { accountIdOf } from './account-identity.ts';

/** The saved record; `reconnectedExisting` when the store was already connected and that connection was renewed in place. */
export interface SavedConnection {
  record: ConnectionRecord;
  reconnectedExisting: boolean;
}

/**
 * One store, one connection: the connection that already reaches the store `accountId` names, if
 * any (not `except`, the one being reconnected on purpose).
 */
export function existingConnectionOf(ctx: CoreContext, accountId: string | undefined, except?: string): ConnectionRecord | undefined {
  if (!accountId) return undefined;
  return ctx.records.list().find((r) => r.accountId === accountId && r.id !== except);
}

export function newConnectionId(): string {
  return `c_${randomBytes(9).toString('base64url')}`;
}

/**
 * Saves a freshly authorized connection: secrets to the keychain FIRST (if that fails nothing is
 * saved anywhere: security.md #19), then the non-secret record, then the activity entry.
 * A reconnect keeps the connection id and its records (users.md: reconnect in place).
 */
export async function saveConnection(ctx: CoreContext, input: FlowInput, resp: TokenResponse | undefined, receivedAt: number): Promise<SavedConnection> {
  const { profile } = input;
  const accountId = accountIdOf(profile, input.plain, resp);
  // Connecting a store that is already connected renews that connection (its id, name and orders
  // stay) instead of saving a second one that every summary would count again (issue 10 item 3).
  const existing = input.reconnectOf ? undefined : existingConnectionOf(ctx, accountId);
  const reconnectOf = input.reconnectOf ?? existing;
  const id = reconnectOf?.id ?? newConnectionId();
  const previous = reconnectOf ? (await loadSecrets(ctx, id).catch(() => undefined))?.tokens : undefined;
  const tokens = resp ? { ...tokenSetFrom(resp, profile, receivedAt), generation: (previous?.generation ?? 0) + 1 } : undefined;
  await saveSecrets(ctx, id, { ...(tokens ? { tokens } : {}), secrets: input.secret });

  const store = input.plain.shop ?? input.plain.storeUrl ?? (input.plain.issuer ? new URL(input.plain.issuer).host : undefined);
  const label = accountLabelFrom(profile, input.plain, resp, store ? `${profile.name} (${store})` : profile.name);
  const common = {
    accountLabel: label,
    fields: input.plain,
    requestedScopes: input.scopes,
    grantedScopes: resp ? grantedScopesFrom(resp, input.scopes) : input.scopes,
    accessExpiresAt: tokens?.accessExpiresAt,
    refreshExpiresAt: tokens?.refreshExpiresAt,
    hasRefreshToken: Boolean(tokens?.refreshToken),
    status: Status.connected(),
    lastActivityAt: receivedAt,
    authorizedAt: receivedAt,
    refreshAttempt: undefined,
    ...(store ? { store } : {}),
    ...(accountId ? { accountId } : {}),
  };
  let record: ConnectionRecord;
  if (reconnectOf) {
    // A second connect of the same store through another profile of its platform (e.g. Shopify
    // with an Admin API token) moves the connection to that profile.
    record = ctx.records.update(id, { ...common, providerId: profile.id, ...(existing ? { reconnectedExistingAt: receivedAt } : {}) });
    ctx.log(
      're-authorized',
      record,
      existing ? 'This store was already connected: Storelink renewed that connection instead of adding a second one.' : undefined,
    );
  } else {
    ctx.records.put({ id, providerId: profile.id, createdAt: receivedAt, ...common } as ConnectionRecord);
    record = recordOfSaved(ctx, id);
    ctx.log('connected', record);
  }
  ctx.changed();
  return { record, reconnectedExisting: existing !== undefined };
}
