/**
 * When Storelink tells the admin something with a system notification (issue 9 item 2), in plain
 * Node: a pure function from what is true now (connections, sync status, the clock, the switches)
 * and what was already said (`NotificationMemory`, persisted by notification-memory.ts) to the
 * notifications to show and the memory to keep.
 *
 * - A cause is notified once; it is forgotten when it ends, so it is notified again only if it comes back
 *   (or changes: a new expiry date is a new cause).
 * - A kind switched off shows nothing and records nothing, so switching it on tells about a cause still there.
 * - Texts are built from the provider's name, the account label and numbers only: never from a status
 *   reason, an error message or a field, where a platform's words (or a token) could be. They are also
 *   passed through the log redactor (security.md #38) as a second fence.
 */
import type { ConnectionView, SyncStatusView } from '../../shared/view-models.ts';
import type { AppSettings, NotificationKind } from '../../shared/app-settings.ts';
import { redactText } from '../core/log/redact.ts';
import type { DesktopNotification } from './notifier-port.ts';
import { countOf } from './tray-state.ts';

export const DAY_MS = 86_400_000;
export const EXPIRY_WARNING_MS = 7 * DAY_MS;
export const FAILURES_BEFORE_NOTICE = 3;

/** A secret with its own end date besides the refresh token (e.g. a platform's app secret). */
export interface SecretExpiry {
  connectionId: string;
  /** Plain words: "app secret". */
  what: string;
  expiresAt: number;
}

export interface RulesInput {
  now: number;
  connections: readonly ConnectionView[];
  sync: readonly SyncStatusView[];
  /** None of today's providers has one; Amazon's app secret will (providers.md). */
  secretExpiries?: readonly SecretExpiry[];
  switches: AppSettings['notifications'];
}

export interface NotificationMemory {
  /** Cause key -> the cause's fingerprint when it was notified. */
  notified: Record<string, string>;
  /** Per connection: the last sync run seen and how many failed in a row. */
  syncRuns: Record<string, { lastSyncAt: number; failuresInARow: number }>;
  /** The daily digest's baseline: when it was taken and each connection's order count then. */
  digest?: { at: number; orderCounts: Record<string, number> };
}

export const EMPTY_MEMORY: NotificationMemory = { notified: {}, syncRuns: {} };

export interface RuledNotification extends DesktopNotification {
  kind: NotificationKind;
  /** Stable key of the cause ("needsSignIn:c_1"). */
  cause: string;
}

interface Cause {
  key: string;
  fingerprint: string;
  notification: Omit<RuledNotification, 'cause'>;
}

const nameOf = (c: ConnectionView): string => `${c.providerName} (${c.accountLabel})`;
const needsSignIn = (c: ConnectionView): boolean => c.status.kind === 'needs-reauth' || c.status.kind === 'revoked';

function countRuns(sync: readonly SyncStatusView[], previous: NotificationMemory['syncRuns']): NotificationMemory['syncRuns'] {
  const next: NotificationMemory['syncRuns'] = {};
  for (const s of sync) {
    const prev = previous[s.connectionId];
    const st = s.state;
    if (st.kind !== 'idle' || st.lastSyncAt === undefined) {
      if (prev) next[s.connectionId] = prev;
      continue;
    }
    if (!prev) next[s.connectionId] = { lastSyncAt: st.lastSyncAt, failuresInARow: st.lastResult === 'failed' ? 1 : 0 };
    else if (st.lastSyncAt <= prev.lastSyncAt) next[s.connectionId] = prev;
    else if (st.lastResult === 'failed') next[s.connectionId] = { lastSyncAt: st.lastSyncAt, failuresInARow: prev.failuresInARow + 1 };
    else if (st.lastResult === 'ok') next[s.connectionId] = { lastSyncAt: st.lastSyncAt, failuresInARow: 0 };
    else next[s.connectionId] = { ...prev, lastSyncAt: st.lastSyncAt }; // cancelled: neither a failure nor a success
  }
  return next;
}

function causesOf(input: RulesInput, runs: NotificationMemory['syncRuns']): Cause[] {
  const causes: Cause[] = [];
  const byId = new Map(input.connections.map((c) => [c.id, c]));
  for (const c of input.connections) {
    // A store connected twice (duplicate-connections.ts): the connection that counts speaks for it; the
    // copy's card offers to disconnect it, so no "sign in again" or "not syncing" for the copy.
    if (c.duplicateOf) continue;
    if (needsSignIn(c)) {
      causes.push({
        key: `needsSignIn:${c.id}`,
        fingerprint: c.status.kind,
        notification: {
          kind: 'needsSignIn',
          connectionId: c.id,
          title: `${c.providerName} needs you to sign in again`,
          body: `Storelink can no longer reach ${nameOf(c)}. Open Storelink and choose Reconnect to keep its orders syncing.`,
        },
      });
      continue; // its syncs fail and its tokens end because of this; one notification says it
    }
    const failures = runs[c.id]?.failuresInARow ?? 0;
    if (failures >= FAILURES_BEFORE_NOTICE) {
      causes.push({
        key: `syncFailing:${c.id}`,
        fingerprint: 'failing',
        notification: {
          kind: 'syncFailing',
          connectionId: c.id,
          title: `Orders from ${c.providerName} are not syncing`,
          body: `The last ${countOf(failures, { one: 'sync', other: 'syncs' })} of ${nameOf(c)} failed. Open Storelink to see why and try again.`,
        },
      });
    }
    if (c.hasRefreshToken && c.refreshExpiresAt !== undefined) causes.push(...expiryCause(input.now, c, 'sign-in', 'refreshToken', c.refreshExpiresAt));
  }
  for (const s of input.secretExpiries ?? []) {
    const c = byId.get(s.connectionId);
    if (c && !needsSignIn(c)) causes.push(...expiryCause(input.now, c, s.what, `secret:${s.what}`, s.expiresAt));
  }
  return causes;
}

function expiryCause(now: number, c: ConnectionView, what: string, id: string, expiresAt: number): Cause[] {
  const left = expiresAt - now;
  if (left <= 0 || left > EXPIRY_WARNING_MS) return [];
  const days = countOf(Math.max(1, Math.ceil(left / DAY_MS)), { one: 'day', other: 'days' });
  return [
    {
      key: `expiringSoon:${c.id}:${id}`,
      fingerprint: String(expiresAt),
      notification: {
        kind: 'expiringSoon',
        connectionId: c.id,
        title: `${c.providerName}: ${what} ends in ${days}`,
        body: `The ${what} of ${nameOf(c)} ends in ${days}. Open Storelink and choose Reconnect before then, or its orders stop syncing.`,
      },
    },
  ];
}

function digest(input: RulesInput, memory: NotificationMemory): { digest?: NotificationMemory['digest']; notification?: RuledNotification } {
  if (!input.switches.dailyDigest) return {};
  // Each store once: a duplicate connection's orders are the same store's orders (duplicate-connections.ts).
  const copies = new Set(input.connections.flatMap((c) => (c.duplicateOf ? [c.id] : [])));
  const counts = Object.fromEntries(input.sync.filter((s) => !copies.has(s.connectionId)).map((s) => [s.connectionId, s.orderCount]));
  const base = memory.digest;
  if (!base) return { digest: { at: input.now, orderCounts: counts } };
  if (input.now - base.at < DAY_MS) return { digest: base };
  let fresh = 0;
  let stores = 0;
  for (const [id, n] of Object.entries(counts)) {
    // A connection new since the baseline brought its history, not new orders: it starts counting now.
    const added = id in base.orderCounts ? Math.max(0, n - base.orderCounts[id]!) : 0;
    fresh += added;
    if (added > 0) stores++;
  }
  const next = { at: input.now, orderCounts: counts };
  if (fresh === 0) return { digest: next };
  return {
    digest: next,
    notification: {
      kind: 'dailyDigest',
      cause: `dailyDigest:${input.now}`,
      title: `${countOf(fresh, { one: 'new order', other: 'new orders' })} today`,
      body: `${countOf(fresh, { one: 'new order', other: 'new orders' })} in the last day from ${countOf(stores, { one: 'store', other: 'stores' })}. Open Storelink to see them.`,
    },
  };
}

const clean = (n: RuledNotification): RuledNotification => ({ ...n, title: redactText(n.title), body: redactText(n.body) });

/** What to show now, and the memory to keep (persist it before showing, so a crash cannot repeat). */
export function evaluateNotifications(input: RulesInput, memory: NotificationMemory): { show: RuledNotification[]; memory: NotificationMemory } {
  const syncRuns = countRuns(input.sync, memory.syncRuns);
  const notified: Record<string, string> = {};
  const show: RuledNotification[] = [];
  for (const cause of causesOf(input, syncRuns)) {
    if (memory.notified[cause.key] === cause.fingerprint) notified[cause.key] = cause.fingerprint;
    else if (input.switches[cause.notification.kind]) {
      notified[cause.key] = cause.fingerprint;
      show.push(clean({ ...cause.notification, cause: cause.key }));
    }
  }
  const d = digest(input, memory);
  if (d.notification) show.push(clean(d.notification));
  return { show, memory: { notified, syncRuns, ...(d.digest ? { digest: d.digest } : {}) } };
}
