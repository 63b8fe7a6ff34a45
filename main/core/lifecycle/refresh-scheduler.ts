import type { ClockPort, TimerHandle } from '../ports.ts';
import type { ProviderProfile } from '../providers/profile.ts';
import type { ConnectionRecord } from '../store/connection-records.ts';
import type { CoreContext } from '../connections/context.ts';
import type { TokenRefresher } from './token-refresher.ts';
import { marginForLifetime } from './refresh-pacing.ts';

const HEARTBEAT_MS = 30_000;

/**
 * Refresh margin: 20% of the token's lifetime, between 10 s and 5 min, so a 2-minute demo token
 * renews ~24 s early and an hour-long token 5 min early (security.md #11).
 */
export function refreshMargin(record: ConnectionRecord): number {
  if (record.accessExpiresAt === undefined) return marginForLifetime(undefined);
  const issued = record.lastRefreshAt ?? record.lastActivityAt ?? record.createdAt;
  return marginForLifetime(record.accessExpiresAt - issued);
}

/**
 * When this connection should next be refreshed, or undefined when nothing is due ever. Renewable
 * means a refresh token, or (client credentials profiles) the stored app id and secret.
 */
export function nextRefreshAt(record: ConnectionRecord, profile?: ProviderProfile): number | undefined {
  if (record.status.kind === 'error') return record.status.retryAt;
  const renewable = record.hasRefreshToken || profile?.refresh.kind === 'client-credentials';
  if (record.status.kind !== 'connected' || !renewable || record.accessExpiresAt === undefined) return undefined;
  return record.accessExpiresAt - refreshMargin(record);
}

/**
 * Proactive refresh: one timer per connection at its due time, never before the refresher's pacing
 * allows (security.md #40: a token that lives no longer than its margin is due at once, every time);
 * a heartbeat notices when the wall
 * clock jumped (the computer slept) and catches up, as does `catchUp()` called at launch and on
 * Electron's powerMonitor 'resume'.
 */
export class RefreshScheduler {
  readonly #ctx: CoreContext;
  readonly #refresher: TokenRefresher;
  readonly #clock: ClockPort;
  readonly #timers = new Map<string, TimerHandle>();
  #heartbeat: TimerHandle | undefined;
  #lastBeat = 0;
  #closed = false;

  constructor(ctx: CoreContext, refresher: TokenRefresher) {
    this.#ctx = ctx;
    this.#refresher = refresher;
    this.#clock = ctx.clock;
  }

  start(): void {
    this.#lastBeat = this.#clock.now();
    this.#beat();
    for (const r of this.#ctx.records.list()) this.scheduleRecord(r);
  }

  #beat(): void {
    if (this.#closed) return;
    this.#heartbeat = this.#clock.setTimeout(() => {
      const now = this.#clock.now();
      const jumped = now - this.#lastBeat > HEARTBEAT_MS * 3;
      this.#lastBeat = now;
      if (jumped) void this.catchUp();
      this.#beat();
    }, HEARTBEAT_MS);
  }

  schedule(connectionId: string): void {
    const record = this.#ctx.records.get(connectionId);
    if (record) this.scheduleRecord(record);
    else this.#cancel(connectionId);
  }

  /** (Re)arms the connection's timer from a record the caller already read. */
  scheduleRecord(record: ConnectionRecord): void {
    this.#cancel(record.id);
    if (this.#closed) return;
    const due = this.#dueAt(record);
    if (due === undefined) return;
    const delay = Math.max(0, due - this.#clock.now());
    this.#timers.set(
      record.id,
      this.#clock.setTimeout(() => void this.#run(record.id), delay),
    );
  }

  /** The record's due time, held back by the refresh pacing (#40). */
  #dueAt(record: ConnectionRecord): number | undefined {
    const due = nextRefreshAt(record, this.#ctx.profiles.get(record.providerId));
    return due === undefined ? undefined : Math.max(due, this.#refresher.proactiveRefreshAllowedAt(record.id));
  }

  #cancel(connectionId: string): void {
    this.#timers.get(connectionId)?.cancel();
    this.#timers.delete(connectionId);
  }

  /** Refreshes everything that is due now (launch, resume from sleep). */
  async catchUp(): Promise<void> {
    const now = this.#clock.now();
    const due = this.#ctx.records.list().filter((r) => {
      const at = this.#dueAt(r);
      return at !== undefined && at <= now;
    });
    await Promise.allSettled(due.map((r) => this.#run(r.id)));
    for (const r of this.#ctx.records.list()) this.scheduleRecord(r);
  }

  async #run(connectionId: string): Promise<void> {
    // Cancel, not only forget, the connection's timer: after a sleep the heartbeat's catch-up and the
    // timer that fell due during the sleep both arrive here, and a forgotten timer would start a
    // second refresh once the first one ended (security.md #40). A run that is no longer due (another
    // path refreshed first) only re-arms the timer.
    this.#cancel(connectionId);
    const record = this.#ctx.records.get(connectionId);
    const due = record ? this.#dueAt(record) : undefined;
    if (!this.#refresher.isRefreshing(connectionId) && (due === undefined || due > this.#clock.now())) {
      this.schedule(connectionId);
      return;
    }
    try {
      await this.#refresher.refresh(connectionId);
    } catch (err) {
      this.#ctx.logger.warn('scheduled refresh failed', { connectionId, error: err });
    } finally {
      this.schedule(connectionId);
    }
  }

  close(): void {
    this.#closed = true;
    this.#heartbeat?.cancel();
    for (const t of this.#timers.values()) t.cancel();
    this.#timers.clear();
  }
}
