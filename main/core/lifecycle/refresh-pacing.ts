/**
 * Refresh pacing (security.md #40): how soon a connection may be refreshed again.
 *
 * - A hard floor: no automatic refresh of one connection starts within MIN_REFRESH_INTERVAL_MS of the
 *   previous one (scheduler, request helper and the 401 -> refresh path alike).
 * - Back-off for proactive refreshes while the provider keeps issuing tokens that live no longer than
 *   the refresh margin ("dead on arrival": `expires_in` 0..10 s, an `expires_at` already past): the
 *   interval doubles per consecutive such token, 5 s -> 10 s -> 20 s ... capped at 5 min, and resets
 *   as soon as a token with a usable lifetime arrives.
 * So a connection whose provider only issues dead tokens refreshes (and writes the keychain and the
 * activity log) 4 times in its first minute (at 0, 5, 15, 35 s), then less and less often, at most every
 * 5 minutes after ~10 minutes: 5 s is long enough that a burst of calls shares one refresh, short enough
 * that a 10 s token is still renewed before most calls need it; 5 min matches the largest refresh margin.
 * In memory only: after a restart the first refresh is not delayed, which is one extra refresh per launch.
 */
export const MIN_REFRESH_INTERVAL_MS = 5_000;
export const MAX_PACED_INTERVAL_MS = 5 * 60_000;

export class RefreshPacing {
  readonly #lastStart = new Map<string, number>();
  readonly #deadOnArrival = new Map<string, number>();

  /** A refresh request for the connection is about to be sent. */
  started(connectionId: string, now: number): void {
    this.#lastStart.set(connectionId, now);
  }

  /** A refresh succeeded; `short` = the new token lives no longer than the refresh margin. */
  received(connectionId: string, short: boolean): void {
    if (short) this.#deadOnArrival.set(connectionId, (this.#deadOnArrival.get(connectionId) ?? 0) + 1);
    else this.#deadOnArrival.delete(connectionId);
  }

  forget(connectionId: string): void {
    this.#lastStart.delete(connectionId);
    this.#deadOnArrival.delete(connectionId);
  }

  /** Earliest time any automatic refresh may start (the hard floor). */
  floorAt(connectionId: string): number {
    const last = this.#lastStart.get(connectionId);
    return last === undefined ? 0 : last + MIN_REFRESH_INTERVAL_MS;
  }

  /** Earliest time a proactive (not provoked by a 401) refresh may start: the floor with back-off. */
  proactiveAt(connectionId: string): number {
    const last = this.#lastStart.get(connectionId);
    if (last === undefined) return 0;
    const k = this.#deadOnArrival.get(connectionId) ?? 0;
    const interval = Math.min(MAX_PACED_INTERVAL_MS, MIN_REFRESH_INTERVAL_MS * 2 ** Math.max(0, k - 1));
    return last + interval;
  }
}

const MIN_MARGIN_MS = 10_000;
const MAX_MARGIN_MS = 5 * 60_000;

/**
 * Refresh margin for a token of the given lifetime: 20% of it, between 10 s and 5 min, so a 2-minute
 * demo token renews ~24 s early and an hour-long token 5 min early (security.md #11). Unknown lifetime:
 * the largest margin.
 */
export function marginForLifetime(lifetimeMs: number | undefined): number {
  if (lifetimeMs === undefined) return MAX_MARGIN_MS;
  return Math.min(MAX_MARGIN_MS, Math.max(MIN_MARGIN_MS, Math.max(0, lifetimeMs) * 0.2));
}

/** True when a token received at `receivedAt` is already due for refresh ("dead on arrival", #40). */
export function isDeadOnArrival(accessExpiresAt: number | undefined, receivedAt: number): boolean {
  if (accessExpiresAt === undefined) return false;
  return accessExpiresAt - marginForLifetime(accessExpiresAt - receivedAt) <= receivedAt;
}
