import type { ConnectionView, HealthGroup } from '../../../shared/view-models.ts';
import type { ConnectionRecord } from '../store/connection-records.ts';

/**
 * One store, one connection (issue 10 item 3) for stores that were ALREADY connected twice before a
 * second sign-in started renewing the existing connection (save-connection.ts): records saved
 * before `accountId` existed and given the same one at launch (account-backfill.ts), or two records
 * naming one store any other way. Connections with the same `accountId` reach the same store, so
 * ONE of them counts ("All stores" figures, the orders list and export, the tray and the daily
 * digest take its orders) and the others are duplicates: their cards say so and offer to disconnect
 * the copy. Nothing is merged or deleted here (docs/status.md "Connections that were already
 * duplicated": why there is no automatic merge).
 *
 * The rule, in order (docs/status.md):
 *  1. the connection whose access works best, by the ONE health derivation the cards show
 *     (lifecycle/connection-health.ts): "working" before "needs attention" before "not working";
 *  2. then the most recently authorized (the last sign-in or keys entered: `authorizedAt`, else
 *     `createdAt` for records saved before Storelink kept it);
 *  3. then the older connection, then the smaller id, so the choice never depends on list order.
 * Connections without an `accountId` are never grouped: nothing says which store they reach.
 */
export interface DuplicateCandidate {
  id: string;
  accountId?: string;
  /** Last sign-in (or keys entered); undefined for records saved before it was kept. */
  authorizedAt?: number;
  createdAt: number;
  /** The derived health group (connection-health.ts); undefined = not derived (treated as working). */
  group?: HealthGroup;
}

const RANK: Record<HealthGroup, number> = { working: 2, attention: 1, 'not-working': 0 };

/** Negative when `a` is the better one to count. */
function compare(a: DuplicateCandidate, b: DuplicateCandidate): number {
  return (
    RANK[b.group ?? 'working'] - RANK[a.group ?? 'working'] ||
    (b.authorizedAt ?? b.createdAt) - (a.authorizedAt ?? a.createdAt) ||
    a.createdAt - b.createdAt ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** Duplicate connection id -> id of the connection of the same store that counts. */
export function findDuplicateConnections(candidates: readonly DuplicateCandidate[]): Map<string, string> {
  const groups = new Map<string, DuplicateCandidate[]>();
  for (const c of candidates) {
    if (!c.accountId) continue;
    const group = groups.get(c.accountId);
    if (group) group.push(c);
    else groups.set(c.accountId, [c]);
  }
  const out = new Map<string, string>();
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const [counted, ...copies] = [...group].sort(compare);
    for (const copy of copies) out.set(copy.id, counted!.id);
  }
  return out;
}

/**
 * The views with `duplicateOf` set on each duplicate: the id and card heading of the connection
 * whose orders count for that store. `records` are the views' records (for `accountId` and times).
 */
export function markDuplicates(views: ConnectionView[], records: readonly ConnectionRecord[]): ConnectionView[] {
  const byId = new Map(records.map((r) => [r.id, r]));
  const duplicates = findDuplicateConnections(
    views.flatMap((v) => {
      const r = byId.get(v.id);
      if (!r) return [];
      return [
        {
          id: r.id,
          createdAt: r.createdAt,
          ...(r.accountId ? { accountId: r.accountId } : {}),
          ...(r.authorizedAt !== undefined ? { authorizedAt: r.authorizedAt } : {}),
          ...(v.health?.group ? { group: v.health.group } : {}),
        },
      ];
    }),
  );
  if (duplicates.size === 0) return views;
  const viewOf = new Map(views.map((v) => [v.id, v]));
  return views.map((v) => {
    const counted = viewOf.get(duplicates.get(v.id) ?? '');
    return counted ? { ...v, duplicateOf: { connectionId: counted.id, name: `${counted.providerName} — ${counted.name ?? counted.accountLabel}` } } : v;
  });
}
