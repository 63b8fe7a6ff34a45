/**
 * Background order sync: once shortly after launch, then every `intervalMs` (default 15 min) for
 * every active connection, plus on demand. Timers come from the ClockPort, so tests can drive time.
 * The next tick is armed only after the current one ends: runs never pile up on a slow network.
 */
import type { SyncStatusView } from '../../shared/view-models.ts';
import { systemClock, type ClockPort, type TimerHandle } from '../core/ports.ts';
import type { RunOutcome, SyncEngine } from './sync-engine.ts';
import type { SyncHost } from './sync-host.ts';

export const DEFAULT_SYNC_INTERVAL_MS = 15 * 60_000;

export interface SyncSchedulerOptions {
  engine: SyncEngine;
  host: SyncHost;
  clock?: ClockPort;
  /** Background period; 0 or less = no background schedule (on demand only). */
  intervalMs?: number;
  /** Delay of the launch run, so the window shows first; default 5 s. */
  launchDelayMs?: number;
}

export class SyncScheduler {
  readonly #engine: SyncEngine;
  readonly #host: SyncHost;
  readonly #clock: ClockPort;
  readonly #intervalMs: number;
  readonly #launchDelayMs: number;
  #timer: TimerHandle | undefined;
  #nextRunAt: number | undefined;
  #stopped = false;

  constructor(options: SyncSchedulerOptions) {
    this.#engine = options.engine;
    this.#host = options.host;
    this.#clock = options.clock ?? systemClock;
    this.#intervalMs = options.intervalMs ?? DEFAULT_SYNC_INTERVAL_MS;
    this.#launchDelayMs = options.launchDelayMs ?? 5_000;
  }

  get nextRunAt(): number | undefined {
    return this.#nextRunAt;
  }

  /** Arms the launch run (then the periodic schedule). No-op without a background interval. */
  start(): void {
    if (this.#intervalMs > 0 && !this.#stopped) this.#arm(this.#launchDelayMs);
  }

  #arm(ms: number): void {
    this.#timer?.cancel();
    this.#nextRunAt = this.#clock.now() + ms;
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      this.#nextRunAt = undefined;
      void this.syncNow().finally(() => {
        if (!this.#stopped) this.#arm(this.#intervalMs);
      });
    }, ms);
  }

  /** Syncs one connection, or every active one; resolves when the run(s) end, never rejects. */
  async syncNow(connectionId?: string): Promise<RunOutcome[]> {
    if (connectionId !== undefined) return [await this.#engine.syncNow(connectionId)];
    const ids = this.#host
      .listTargets()
      .filter((t) => t.active)
      .map((t) => t.connectionId);
    return Promise.all(ids.map((id) => this.#engine.syncNow(id)));
  }

  cancel(connectionId: string): boolean {
    return this.#engine.cancel(connectionId);
  }

  /** One view per known connection; idle ones carry the next scheduled run. */
  status(): SyncStatusView[] {
    return this.#host.listTargets().map((t) => {
      const view = this.#engine.status(t.connectionId);
      if (view.state.kind === 'idle' && t.active && this.#nextRunAt !== undefined) view.state.nextRunAt = this.#nextRunAt;
      return view;
    });
  }

  stop(): void {
    this.#stopped = true;
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#nextRunAt = undefined;
  }
}
