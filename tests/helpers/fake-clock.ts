import type { ClockPort, TimerHandle } from '../../main/core/ports.ts';

/**
 * Yields to the event loop for `ms` of real time, and longer while file-system requests are in flight
 * (process.getActiveResourcesInfo), so fake time does not move on in the middle of a write that a
 * refresh awaits (its refresh marker goes to disk off the main thread before the refresh token is
 * sent: security.md #12, #46): whatever a timer started is as far along as when every write was
 * synchronous.
 */
export async function settle(ms = 5): Promise<void> {
  const writing = () => process.getActiveResourcesInfo().some((r) => r.startsWith('FSReq'));
  const sleep = (n: number) => new Promise((r) => setTimeout(r, n));
  let wrote: boolean;
  do {
    await sleep(ms);
    wrote = writing();
    while (writing()) await sleep(1);
  } while (wrote); // what follows a write (the request it guarded) gets a whole `ms` too
}

/** A manual clock for token-lifetime tests: time moves only when the test says so. */
export class FakeClock implements ClockPort {
  #now: number;
  #timers: Array<{ at: number; fn: () => void; live: boolean }> = [];
  constructor(start = Date.now()) {
    this.#now = start;
  }
  now(): number {
    return this.#now;
  }
  setTimeout(fn: () => void, ms: number): TimerHandle {
    const t = { at: this.#now + Math.max(0, ms), fn, live: true };
    this.#timers.push(t);
    return { cancel: () => void (t.live = false) };
  }
  /** Moves time forward, firing due timers in order; yields to the event loop between them. */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    for (;;) {
      const due = this.#timers.filter((t) => t.live && t.at <= target).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      due.live = false;
      this.#now = Math.max(this.#now, due.at);
      due.fn();
      await settle();
    }
    this.#now = target;
    this.#timers = this.#timers.filter((t) => t.live);
  }
  /** Jumps the wall clock without firing timers (the computer slept). */
  jump(ms: number): void {
    this.#now += ms;
  }
  pending(): number {
    return this.#timers.filter((t) => t.live).length;
  }
}
