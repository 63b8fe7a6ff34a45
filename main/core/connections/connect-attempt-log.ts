/**
 * Activity rows for connect attempts that did not end in a connection (issue 10 item 5): denied at
 * the provider's consent page, cancelled, or failed, each with its plain reason (the error's own
 * message, redacted by the activity log). A reconnect is logged against its connection; a new
 * connect has no connection yet (empty id) and is labelled by the store address the admin entered.
 */
import { ErrorCode, toErrorView } from '../errors.ts';
import type { ProviderProfile } from '../providers/profile.ts';
import type { ConnectionRecord } from '../store/connection-records.ts';
import type { CoreContext } from './context.ts';

export interface ConnectAttempt {
  profile: ProviderProfile;
  plain: Record<string, string>;
  reconnectOf?: ConnectionRecord;
}

/** The store the admin was connecting, as it will be labelled once connected (no secret: plain fields only). */
function labelOf(a: ConnectAttempt): string {
  if (a.reconnectOf) return a.reconnectOf.accountLabel;
  const store = a.plain.shop ?? a.plain.storeUrl;
  return store ? `${a.profile.name} (${store.slice(0, 200)})` : a.profile.name;
}

export function logConnectAttempt(ctx: CoreContext, attempt: ConnectAttempt, outcome: { cancelled: true } | { error: unknown }): void {
  const record = attempt.reconnectOf ?? ({ id: '', providerId: attempt.profile.id, accountLabel: labelOf(attempt) } as ConnectionRecord);
  const labelled = { ...record, accountLabel: labelOf(attempt) };
  if ('cancelled' in outcome) {
    ctx.log('connect-cancelled', labelled, 'the sign-in was cancelled in Storelink; nothing was saved');
    return;
  }
  const view = toErrorView(outcome.error);
  ctx.log(view.code === ErrorCode.ConsentDenied ? 'connect-denied' : 'connect-failed', labelled, view.message);
}
