import type { ConnectionHealth, ConnectionKind, ConnectionStatus, HealthFact, HealthGroup, ScopeState } from '../../../shared/view-models.ts';

/**
 * The ONE derivation of what a connection card says (issue 10 item 2), from the whole truth:
 * the status machine (./connection-status.ts: refreshing, last refresh failed, needs sign-in,
 * revoked), the access token's expiry, the refresh token's presence and expiry, granted vs needed
 * scopes, and the last order sync. The state table is docs/status.md; tests/core/connection-health.test.ts
 * holds one row per combination.
 *
 * Rules:
 *  - "Working normally" only when every needed scope is granted AND access can be kept without the
 *    admin: a refresh token that still works, or a key / token that does not expire.
 *  - A revoked or dead connection (access ended and nothing can renew it) shows no expiry countdown
 *    and no scope as granted (`inactive`).
 *  - Pure: same input, same words; `changesAt` says when the words would change with no event.
 */

export interface HealthScope {
  name: string;
  description: string;
  granted: boolean;
  /** Needed by Storelink. */
  required: boolean;
}

/**
 * The order sync of a connection whose platform has orders (the sync service gives one per
 * connection it syncs): no `lastResult` = no run has ended yet ("Not synced yet").
 */
export interface HealthSync {
  lastResult?: 'ok' | 'failed' | 'cancelled';
  /** When the last run ended (any result). */
  lastSyncAt?: number;
  /** Plain words of the last failure. */
  lastError?: string;
}

export interface HealthInput {
  kind: ConnectionKind;
  providerName: string;
  status: ConnectionStatus;
  /** Undefined: the platform says the token (or key) does not expire. */
  accessExpiresAt?: number;
  hasRefreshToken: boolean;
  refreshExpiresAt?: number;
  scopes: readonly HealthScope[];
  sync?: HealthSync;
  now: number;
}

export interface HealthResult {
  health: ConnectionHealth;
  /** Same order as `input.scopes`. */
  scopeStates: ScopeState[];
}

/** A renewal permission ending within this window is announced ahead ("Sign in again soon"). */
export const RENEWAL_WARNING_MS = 7 * 24 * 3600_000;

const NO_ACCESS: HealthFact = { kind: 'text', text: 'No access' };
const NO_RENEWAL: HealthFact = { kind: 'text', text: 'None' };

function liveScopes(scopes: readonly HealthScope[]): ScopeState[] {
  return scopes.map((s) => (s.granted ? 'granted' : s.required ? 'missing' : 'optional-missing'));
}

function sentenceList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join('; ')} and ${items[items.length - 1]}`;
}

/** Ensures a sentence ends with a full stop (reasons come from several places). */
function sentence(text: string): string {
  const t = text.trim();
  return t === '' || /[.!?…]$/.test(t) ? t : `${t}.`;
}

/** Same words as the Orders screen's sync row (renderer/src/orders/SyncRow.tsx). */
const SYNC_RESULT: Record<'ok' | 'failed' | 'cancelled', string> = { ok: 'Succeeded', failed: 'Failed', cancelled: 'Cancelled' };

/** Which group of the Connections screen's filter a card is listed under, from its tone. */
const GROUP: Record<ConnectionHealth['tone'], HealthGroup> = { ok: 'working', info: 'working', warning: 'attention', error: 'not-working' };

/** The "Last sync" row: absent when the platform has no orders (or no sync service is attached). */
function syncFact(sync: HealthSync | undefined): HealthFact | undefined {
  if (!sync) return undefined;
  if (sync.lastResult === undefined) return { kind: 'text', text: 'Not synced yet' };
  return { kind: 'text', text: SYNC_RESULT[sync.lastResult], ...(sync.lastSyncAt !== undefined ? { at: sync.lastSyncAt } : {}) };
}

export function deriveHealth(input: HealthInput): HealthResult {
  const r = deriveWords(input);
  const sync = syncFact(input.sync);
  return { ...r, health: { ...r.health, group: GROUP[r.health.tone], ...(sync ? { sync } : {}) } };
}

function deriveWords(input: HealthInput): HealthResult {
  const { now, providerName: platform } = input;
  const inactive = input.scopes.map((): ScopeState => 'inactive');
  const times = [input.accessExpiresAt, input.refreshExpiresAt, input.refreshExpiresAt === undefined ? undefined : input.refreshExpiresAt - RENEWAL_WARNING_MS];
  const changesAt = times
    .filter((t): t is number => t !== undefined && t > now)
    .reduce<number | undefined>((a, t) => (a === undefined || t < a ? t : a), undefined);
  const withChange = (h: Omit<ConnectionHealth, 'changesAt'>): ConnectionHealth => (changesAt === undefined ? h : { ...h, changesAt });

  // 1. Revoked / must sign in again: nothing works, nothing is granted any more.
  if (input.status.kind === 'revoked') {
    return {
      health: {
        tone: 'error',
        headline: 'Access revoked',
        detail: `${sentence(input.status.reason)} Press Reconnect to give access again.`,
        access: NO_ACCESS,
        renewal: NO_RENEWAL,
      },
      scopeStates: inactive,
    };
  }
  if (input.status.kind === 'needs-reauth') {
    return {
      health: {
        tone: 'error',
        headline: 'Sign in again',
        detail: `${sentence(input.status.reason)} Press Reconnect to sign in again.`,
        access: NO_ACCESS,
        renewal: NO_RENEWAL,
      },
      scopeStates: inactive,
    };
  }

  const oauth = input.kind !== 'api-key';
  const expires = input.accessExpiresAt !== undefined;
  const accessEnded = expires && input.accessExpiresAt! <= now;
  const refreshEnded = input.hasRefreshToken && input.refreshExpiresAt !== undefined && input.refreshExpiresAt <= now;
  const canRenew = oauth && input.hasRefreshToken && !refreshEnded;

  const renewal: HealthFact = !input.hasRefreshToken
    ? { kind: 'text', text: expires ? 'None: sign in again when access ends' : 'Not needed' }
    : refreshEnded
      ? { kind: 'text', text: 'Ended', at: input.refreshExpiresAt! }
      : input.refreshExpiresAt !== undefined
        ? { kind: 'countdown', at: input.refreshExpiresAt }
        : { kind: 'text', text: 'Valid, no known end date' };

  // 2. Dead: access ended and nothing can renew it without the admin.
  if (accessEnded && !canRenew) {
    const why = input.hasRefreshToken
      ? 'Access ended, and so did the permission to renew it.'
      : `Access ended, and ${platform} gives no way to renew it without you.`;
    return {
      health: {
        tone: 'error',
        headline: 'Access expired',
        detail: `${why} Press Reconnect to sign in again.`,
        access: { kind: 'text', text: 'Ended', at: input.accessExpiresAt! },
        renewal: input.hasRefreshToken ? renewal : NO_RENEWAL,
      },
      scopeStates: inactive,
    };
  }

  const access: HealthFact = !expires
    ? { kind: 'text', text: 'Does not expire' }
    : accessEnded
      ? { kind: 'text', text: 'Renewed when next needed; last access ended', at: input.accessExpiresAt! }
      : { kind: 'countdown', at: input.accessExpiresAt! };
  const scopeStates = liveScopes(input.scopes);
  const base = { access, renewal };

  // 3. The last refresh is in flight or failed (the status machine says so).
  if (input.status.kind === 'refreshing') {
    return { health: withChange({ tone: 'info', headline: 'Renewing access', detail: `Getting fresh access from ${platform}…`, ...base }), scopeStates };
  }
  if (input.status.kind === 'error') {
    const retry =
      input.status.retryAt !== undefined && input.status.retryAt > now ? ' Storelink will try again by itself shortly.' : ' Press Refresh now to try again.';
    const still = accessEnded ? ' Until then Storelink cannot reach your orders.' : '';
    return {
      health: withChange({
        tone: accessEnded ? 'error' : 'warning',
        headline: 'Could not renew access',
        detail: `${sentence(input.status.reason)}${retry}${still}`,
        ...base,
      }),
      scopeStates,
    };
  }

  // 4. Connected: needed permissions first, then whether access can be kept, then the last sync.
  const missing = input.scopes.filter((s) => s.required && !s.granted);
  if (missing.length > 0) {
    const what = sentenceList(missing.map((s) => s.description.replace(/[.]$/, '')));
    return {
      health: withChange({
        tone: 'warning',
        headline: missing.length === 1 ? 'A permission is missing' : 'Permissions are missing',
        detail: `${platform} did not allow: ${what}. Press Reconnect and allow ${missing.length === 1 ? 'it' : 'them'} to make this connection work fully.`,
        ...base,
      }),
      scopeStates,
    };
  }
  if (oauth && expires && !canRenew) {
    return {
      health: withChange({
        tone: 'warning',
        headline: 'Access ends soon',
        detail: `${refreshEnded ? 'The permission to renew access has ended' : `${platform} gives no way to renew access without you`}: press Reconnect before it ends to keep Storelink working.`,
        ...base,
      }),
      scopeStates,
    };
  }
  if (canRenew && input.refreshExpiresAt !== undefined && input.refreshExpiresAt - now <= RENEWAL_WARNING_MS) {
    return {
      health: withChange({
        tone: 'warning',
        headline: 'Sign in again soon',
        detail: `Storelink's permission to renew access ends soon: press Reconnect before then to keep this connection working.`,
        ...base,
      }),
      scopeStates,
    };
  }
  if (input.sync?.lastResult === 'failed') {
    return {
      health: withChange({
        tone: 'warning',
        headline: 'Last sync failed',
        detail: `${sentence(input.sync.lastError ?? 'Storelink could not read your orders.')} Storelink tries again at the next scheduled sync.`,
        ...base,
      }),
      scopeStates,
    };
  }
  const how = canRenew ? 'Storelink renews access by itself.' : 'Access does not expire.';
  return { health: withChange({ tone: 'ok', headline: 'Working normally', detail: `${how} Nothing for you to do.`, ...base }), scopeStates };
}
