/**
 * The warnings of each connection's latest sync run (RunOutcome.warnings: e.g. Shopify answered with
 * another API version, or flagged deprecated use), kept so the admin sees them as notices until a
 * later successful run comes back clean. A failed or cancelled run leaves them as they were. In
 * memory: the next run after a restart finds them again if the cause is still there.
 */
import type { RunOutcome } from './sync-engine.ts';

export interface SyncWarning {
  connectionId: string;
  /** Plain words for the admin, already saying what to do (written by the adapter). */
  message: string;
  at: number;
}

export class RunWarnings {
  readonly #latest = new Map<string, SyncWarning[]>();

  record(outcome: RunOutcome, at: number): void {
    if (outcome.warnings && outcome.warnings.length > 0) {
      this.#latest.set(
        outcome.connectionId,
        outcome.warnings.slice(0, 5).map((message) => ({ connectionId: outcome.connectionId, message, at })),
      );
    } else if (outcome.result === 'ok') {
      this.#latest.delete(outcome.connectionId);
    }
  }

  forget(connectionId: string): void {
    this.#latest.delete(connectionId);
  }

  list(): SyncWarning[] {
    return [...this.#latest.values()].flat();
  }
}
