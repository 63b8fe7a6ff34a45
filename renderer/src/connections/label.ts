import type { ConnectionView } from '../../../shared/view-models.ts';

/**
 * How every list and picker names a connection: the platform, the admin's name (or the
 * platform's label), and the store's address on that platform (shop domain, store URL, merchant id...).
 */
export function connectionLabel(c: ConnectionView): string {
  const name = c.name ?? c.accountLabel;
  const where = c.storeAddress ?? c.store;
  return where && where !== name ? `${c.providerName} — ${name} (${where})` : `${c.providerName} — ${name}`;
}
