/**
 * security.md #48: connections the second id index knows but the settings store no longer does
 * (after the settings file was recovered, #34). Their keychain entries are deleted by id (never by
 * enumerating the keychain, #20; a failed delete is retried, #49), their queued revocation's entry
 * too, and their synced orders through the disconnect hooks, so nothing of them is counted anywhere.
 */
import type { NoticeView } from '../../../shared/view-models.ts';
import { CONNECTION_ID_PATTERN } from '../store/connection-records.ts';
import type { CoreContext } from './context.ts';

/** Ids the settings store lost, ready to clean up (malformed ids are dropped: they could not be keys). */
export function findOrphans(ctx: CoreContext): string[] {
  return ctx.records.orphans().filter((id) => CONNECTION_ID_PATTERN.test(id) && !id.includes('#'));
}

export async function removeOrphanKeys(ctx: CoreContext, ids: string[]): Promise<void> {
  for (const id of ids) {
    await ctx.vault.delete(id);
    await ctx.vault.delete(`revoke.${id}`);
    ctx.logger.info('removed the keychain entries of a connection the settings file no longer lists', { connectionId: id });
  }
}

/** Runs one disconnect hook (orders) for every orphan; a failing hook is logged, never thrown. */
export function removeOrphanOrders(ctx: CoreContext, ids: string[], hook: (id: string) => Promise<number> | number): void {
  for (const id of ids) {
    try {
      void Promise.resolve(hook(id)).catch((err: unknown) =>
        ctx.logger.warn('orders of a removed connection could not be deleted', { connectionId: id, error: err }),
      );
    } catch (err) {
      ctx.logger.warn('orders of a removed connection could not be deleted', { connectionId: id, error: err });
    }
  }
}

export function orphanNotice(count: number): Pick<NoticeView, 'kind' | 'message'> {
  const what = count === 1 ? '1 connection' : `${count} connections`;
  return {
    kind: 'settings-recovered',
    message: `${what} that the recovered settings file no longer lists ${count === 1 ? 'was' : 'were'} removed from this computer: ${count === 1 ? 'its' : 'their'} keys in the system keychain and synced orders were deleted and are no longer counted. Connect ${count === 1 ? 'that store' : 'those stores'} again to see ${count === 1 ? 'its' : 'their'} orders.`,
  };
}
