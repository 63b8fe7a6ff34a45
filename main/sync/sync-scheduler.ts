/**
 * Background order sync: once shortly after launch, then every interval for every active connection,
 * plus on demand. Timers come from the ClockPort, so tests can drive time. The next tick is armed only
 * after the current one ends: runs never pile up on a slow network.
 *
 * Issue 9 item 4: the interval and "pause all sync" come from the app settings (`schedule`); a change
 * takes effect at once (a shorter interval that is already due runs now; pausing cancels the timer;
 * resuming arms it again). While paused nothing runs on its own, and Sync now still works.
 * Issue 10 item 5: every idle view carries the next run (or `paused`), also the progress events after a
 * Sync now; each run is reported through `onRun` (start, then result, orders, duration, and whether it
 * was automatic or on request), which the app turns into activity rows.
 */
import type { SyncStatusView } from '../../shared/view-models.ts';
import { systemClock, type ClockPort, type TimerHandle } from '../core/ports.ts';
import type { RunOutcome, SyncEngine } from './sync-engine.ts';
import type { SyncHost } from './sync-host.ts';

export const DEFAULT_SYNC_INTERVAL_MS = 15 * 60_000;

export type SyncTrigger = 'automatic' | 'on-request';

/** What the scheduler follows: the app settings' interval and pause switch, live. */
export interface SyncScheduleSource {
  get(): { intervalMs: number; paused: boolean };
  subscribe(listener: () => void): () => void;
}

export type SyncRunEvent =
  | { phase: 'started'; connectionId: string; trigger: SyncTrigger; at: number }
  | { phase: 'ended'; connectionId: string; trigger: SyncTrigger; outcome: RunOutcome; durationMs: number };

export interface SyncSchedulerOptions {
  engine: SyncEngine;
  host: SyncHost;
  clock?: ClockPort;
  /** Background period when no `schedule` is given; 0 or less = no background schedule (on demand only). */
  intervalMs?: number;
  /** Live interval and pause switch (the app settings); overrides `intervalMs`. */
  schedule?: SyncScheduleSource;
  /** Delay of the launch run, so the window shows first; default 5 s. */
  launchDelayMs?: number;
  /** Each run that starts and ends (not a call that joins a run already going). */
  onRun?: (event: SyncRunEvent) => void;
  /**
   * After a schedule change (pause, resume, new interval) has been applied: the idle views' next run
   * or `paused` changed without any run, so the views must be sent again (issue 10 item 5).
   */
  onScheduleChange?: () => void;
}

export class SyncScheduler {
  readonly #engine: SyncEngine;
  readonly #host: SyncHost;
  readonly #clock: ClockPort;
  readonly #schedule: SyncScheduleSource;
  readonly #launchDelayMs: number;
  readonly #onRun: ((event: SyncRunEvent) => void) | undefined;
  readonly #onScheduleChange: (() => void) | undefined;
  #timer: TimerHandle | undefined;
  #nextRunAt: number | undefined;
  /** When the last automatic tick ended (or the schedule started): the next is an interval after it. */
  #anchor: number | undefined;
  #ticking = false;
  #started = false;
  #stopped = false;
  #unsubscribe: (() => void) | undefined;

  constructor(options: SyncSchedulerOptions) {
    this.#engine = options.engine;
    this.#host = options.host;
    this.#clock = options.clock ?? systemClock;
    const fixed = { intervalMs: options.intervalMs ?? DEFAULT_SYNC_INTERVAL_MS, paused: false };
    this.#schedule = options.schedule ?? { get: () => fixed, subscribe: () => () => {} };
    this.#launchDelayMs = options.launchDelayMs ?? 5_000;
    this.#onRun = options.onRun;
    this.#onScheduleChange = options.onScheduleChange;
  }

  get nextRunAt(): number | undefined {
    return this.#nextRunAt;
  }

  get paused(): boolean {
    return this.#schedule.get().paused;
  }

  /** Arms the launch run (then the periodic schedule) and follows schedule changes. */
  start(): void {
    if (this.#started || this.#stopped) return;
    this.#started = true;
    this.#unsubscribe = this.#schedule.subscribe(() => {
      this.#reschedule();
      if (this.#stopped) return;
      try {
        this.#onScheduleChange?.();
      } catch {
        // reporting must not stop the schedule
      }
    });
    const { intervalMs, paused } = this.#schedule.get();
    if (intervalMs > 0 && !paused) this.#arm(this.#launchDelayMs);
  }

  /** After a settings change: pause, resume, or move the next run to the new interval. */
  #reschedule(): void {
    if (this.#stopped || this.#ticking) return; // a tick in progress arms the next one when it ends
    const { intervalMs, paused } = this.#schedule.get();
    if (paused || intervalMs <= 0) {
      this.#disarm();
      return;
    }
    const due = this.#anchor === undefined ? this.#launchDelayMs : this.#anchor + intervalMs - this.#clock.now();
    this.#arm(Math.max(0, due));
  }

  #disarm(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#nextRunAt = undefined;
  }

  #arm(ms: number): void {
    this.#timer?.cancel();
    this.#nextRunAt = this.#clock.now() + ms;
    this.#timer = this.#clock.setTimeout(() => void this.#tick(), ms);
  }

  async #tick(): Promise<void> {
    this.#timer = undefined;
    this.#ticking = true;
    // The next run is shown while this one goes (an estimate until it ends and the timer is armed).
    this.#nextRunAt = this.#clock.now() + this.#schedule.get().intervalMs;
    try {
      await this.#syncAll('automatic');
    } finally {
      this.#ticking = false;
      this.#anchor = this.#clock.now();
      this.#nextRunAt = undefined;
      if (!this.#stopped) this.#reschedule();
    }
  }

  /** Syncs one connection, or every active one; resolves when the run(s) end, never rejects. */
  async syncNow(connectionId?: string, trigger: SyncTrigger = 'on-request'): Promise<RunOutcome[]> {
    if (connectionId !== undefined) return [await this.#one(connectionId, trigger)];
    return this.#syncAll(trigger);
  }

  #syncAll(trigger: SyncTrigger): Promise<RunOutcome[]> {
    const ids = this.#host
      .listTargets()
      .filter((t) => t.active)
      .map((t) => t.connectionId);
    return Promise.all(ids.map((id) => this.#one(id, trigger)));
  }

  async #one(connectionId: string, trigger: SyncTrigger): Promise<RunOutcome> {
    if (this.#engine.isRunning(connectionId)) return this.#engine.syncNow(connectionId); // joins: reported once
    const at = this.#clock.now();
    this.#report({ phase: 'started', connectionId, trigger, at });
    const outcome = await this.#engine.syncNow(connectionId);
    this.#report({ phase: 'ended', connectionId, trigger, outcome, durationMs: Math.max(0, this.#clock.now() - at) });
    return outcome;
  }

  #report(event: SyncRunEvent): void {
    try {
      this.#onRun?.(event);
    } catch {
      // reporting must not stop a sync
    }
  }

  cancel(connectionId: string): boolean {
    return this.#engine.cancel(connectionId);
  }

  /** An idle view with the next scheduled run, or `paused` while all sync is paused (issue 10 item 5). */
  decorate(view: SyncStatusView, active = true): SyncStatusView {
    if (view.state.kind !== 'idle') return view;
    if (this.paused) view.state.paused = true;
    else if (active && this.#nextRunAt !== undefined) view.state.nextRunAt = this.#nextRunAt;
    return view;
  }

  /** One view per known connection; idle ones carry the next scheduled run or `paused`. */
  status(): SyncStatusView[] {
    return this.#host.listTargets().map((t) => this.decorate(this.#engine.status(t.connectionId), t.active));
  }

  stop(): void {
    this.#stopped = true;
    this.#unsubscribe?.();
    this.#disarm();
  }
}
