/**
 * Progress of one running sync, as the `running` SyncState (shared/view-models.ts). The remaining
 * time is estimated from the rate so far: pages arrive in updated_at order, so the share of the
 * window [first updated_at seen, run start] already covered approximates the share of work done.
 */
import type { SyncState } from '../../shared/view-models.ts';
import type { NormalizedOrder } from './order-adapter.ts';

export class RunProgress {
  readonly startedAt: number;
  pages = 0;
  orders = 0;
  waitingUntil: number | undefined;
  #windowEnd = 0;
  #firstSeen: number | undefined;
  #maxSeen: number | undefined;
  #lastAt = 0;

  constructor(startedAt: number) {
    this.startedAt = startedAt;
    this.#lastAt = startedAt;
  }

  begin(now: number): void {
    this.#windowEnd = now;
  }

  pageCommitted(orders: readonly NormalizedOrder[], now: number): void {
    this.pages++;
    this.orders += orders.length;
    this.#lastAt = now;
    for (const o of orders) {
      if (this.#firstSeen === undefined || o.updatedAt < this.#firstSeen) this.#firstSeen = o.updatedAt;
      if (this.#maxSeen === undefined || o.updatedAt > this.#maxSeen) this.#maxSeen = o.updatedAt;
    }
  }

  estimatedRemainingMs(): number | undefined {
    if (this.pages < 2 || this.#firstSeen === undefined || this.#maxSeen === undefined) return undefined;
    const span = this.#windowEnd - this.#firstSeen;
    const share = span > 0 ? (this.#maxSeen - this.#firstSeen) / span : 0;
    if (!(share > 0.01 && share < 1)) return undefined;
    return Math.round(((this.#lastAt - this.startedAt) * (1 - share)) / share);
  }

  view(): SyncState {
    const state: SyncState = { kind: 'running', startedAt: this.startedAt, pages: this.pages, orders: this.orders };
    if (this.waitingUntil !== undefined) state.waitingUntil = this.waitingUntil;
    const eta = this.estimatedRemainingMs();
    if (eta !== undefined) state.estimatedRemainingMs = eta;
    return state;
  }
}
