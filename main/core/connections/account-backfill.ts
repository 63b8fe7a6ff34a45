import type { CoreContext } from './context.ts';
import { accountIdOf } from './account-identity.ts';

/**
 * Records saved before connections carried their store's identity get one from what they hold (a
 * Shopify shop domain, a WooCommerce store URL), so the next connect of that store renews them
 * instead of adding a second connection. Identities that only a token response carries (Square,
 * Etsy, the demo store) are filled in at their next sign-in.
 */
export function backfillAccountIds(ctx: CoreContext): void {
  for (const r of ctx.records.list()) {
    if (r.accountId) continue;
    const profile = ctx.profiles.get(r.providerId);
    const accountId = profile ? accountIdOf(profile, r.fields, undefined) : undefined;
    if (accountId) ctx.records.update(r.id, { accountId });
  }
}
