import type { ClockPort, TimerHandle } from '../../main/core/ports.ts';

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
      await new Promise((r) => setTimeout(r, 5));
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
