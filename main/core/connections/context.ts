import type { ActivityLog } from '../activity/activity-log.ts';
import type { ConnectionRecords, ConnectionRecord } from '../store/connection-records.ts';
import type { SecretVault } from '../vault/secret-vault.ts';
import type { StoredSecrets } from '../vault/token-set.ts';
import type { ClockPort, HttpPort, LoggerPort, SettingsPort } from '../ports.ts';
import type { ProviderProfile } from '../providers/profile.ts';
import type { EndpointResolver } from './endpoints.ts';
import type { ActivityKind } from '../../../shared/view-models.ts';
import { ErrorCode, StorelinkError } from '../errors.ts';
import { isUnreadableKeys, markKeysUnreadable } from './unreadable-keys.ts';

/** Extra facts of a sync row (issue 10 item 5). */
export interface ActivityExtra {
  trigger?: 'automatic' | 'on-request';
  orderCount?: number;
  durationMs?: number;
}

/** What the connection modules share. Built once by createStorelinkCore. */
export interface CoreContext {
  profiles: Map<string, ProviderProfile>;
  records: ConnectionRecords;
  /** The raw settings store, for small non-secret queues (pending revocations). */
  settingsPort: SettingsPort;
  vault: SecretVault;
  activity: ActivityLog;
  http: HttpPort;
  clock: ClockPort;
  logger: LoggerPort;
  endpoints: EndpointResolver;
  /** In-memory copy of each connection's secrets (loaded lazily from the keychain). */
  secrets: Map<string, StoredSecrets>;
  /** Notifies listeners that connections changed (the view list is rebuilt by the caller). */
  changed(): void;
  log(kind: ActivityKind, record: ConnectionRecord, reason?: string, extra?: ActivityExtra): void;
}

export function profileOf(ctx: CoreContext, providerId: string): ProviderProfile {
  const p = ctx.profiles.get(providerId);
  if (!p) throw new StorelinkError(ErrorCode.UnknownProvider, `Storelink does not know the provider "${providerId.slice(0, 64)}".`);
  return p;
}

export function recordOf(ctx: CoreContext, connectionId: string): ConnectionRecord {
  const r = ctx.records.get(connectionId);
  if (!r) throw new StorelinkError(ErrorCode.ConnectionNotFound, 'That connection no longer exists.');
  return r;
}

/** The connection's secrets: memory first, then the keychain. */
export async function loadSecrets(ctx: CoreContext, connectionId: string): Promise<StoredSecrets> {
  const cached = ctx.secrets.get(connectionId);
  if (cached) return cached;
  let stored;
  try {
    stored = await ctx.vault.load(connectionId);
  } catch (err) {
    if (isUnreadableKeys(err)) markKeysUnreadable(ctx, connectionId); // security.md #49
    throw err;
  }
  const loaded = stored ?? { secrets: {} };
  ctx.secrets.set(connectionId, loaded);
  return loaded;
}

/** Persists to the keychain first, then updates memory (a failed save leaves memory unchanged). */
export async function saveSecrets(ctx: CoreContext, connectionId: string, secrets: StoredSecrets): Promise<void> {
  await ctx.vault.save(connectionId, secrets);
  ctx.secrets.set(connectionId, secrets);
}
