import { ErrorCode, StorelinkError, TokenEndpointError } from '../errors.ts';
import { refreshAccessToken, requestClientCredentialsToken } from '../oauth/token-request.ts';
import { clientCredentialsError } from '../connections/connect-client-credentials.ts';
import { normalizeTokenResponse } from '../oauth/token-response.ts';
import type { TokenSet } from '../vault/token-set.ts';
import type { ConnectionRecord } from '../store/connection-records.ts';
import { loadSecrets, profileOf, recordOf, saveSecrets, type CoreContext } from '../connections/context.ts';
import { tokenClientOf } from '../connections/oauth-client.ts';
import { grantedScopesFrom, tokenSetFrom } from '../connections/token-apply.ts';
import { Status, transition } from './connection-status.ts';
import { isDeadOnArrival, RefreshPacing } from './refresh-pacing.ts';

/** Token endpoint refusals that retrying will not fix: the app's configuration must change (RFC 6749 §5.2). */
const CONFIGURATION_ERRORS: ReadonlySet<string> = new Set([
  ErrorCode.InvalidClient,
  ErrorCode.ClientNotAllowed,
  ErrorCode.TokenEndpointError,
  ErrorCode.ScopeRefused,
  ErrorCode.GrantTypeUnsupported,
  ErrorCode.TokenRequestInvalid,
]);

/** Bounded back-off for 5xx / network failures of the token endpoint (security.md #13). */
export const BACKOFF_MS = [30_000, 60_000, 120_000, 300_000, 600_000, 900_000] as const;

/** A request refreshes first only when its token expires within this skew (or has expired). */
export const REQUEST_SKEW_MS = 5_000;

function needsReauth(message: string): StorelinkError {
  return new StorelinkError(ErrorCode.NeedsReauthorization, message);
}

/**
 * Refreshes access tokens (RFC 6749 §6) with the guarantees of security.md B:
 * - single-flight per connection: concurrent callers share one refresh request (#12);
 * - a rotating refresh token is persisted (keychain first) before the new access token is used,
 *   and a marker in the record makes a crash between response and save detectable (#12);
 * - errors are classified (#13): invalid_grant -> needs re-authorization with tokens cleared;
 *   invalid_client -> configuration error; 5xx / network -> bounded back-off, tokens kept;
 * - paced (#40, refresh-pacing.ts): automatic refreshes of one connection are at least 5 s apart and
 *   back off while the provider keeps issuing tokens that are due on arrival. `refresh()` itself (the
 *   admin's explicit "refresh now") is not delayed, only recorded.
 * https://www.rfc-editor.org/rfc/rfc9700#section-4.14.2
 */
export type RefreshTrigger = 'automatic' | 'on-request';

export class TokenRefresher {
  readonly #ctx: CoreContext;
  readonly #inFlight = new Map<string, Promise<TokenSet>>();
  readonly #failures = new Map<string, number>();
  readonly #triggers = new Map<string, RefreshTrigger>();
  readonly #pacing = new RefreshPacing();

  constructor(ctx: CoreContext) {
    this.#ctx = ctx;
  }

  /**
   * `trigger`: the admin's "refresh now" (`on-request`) or Storelink's own (schedule, before an API
   * call); the activity row says which (issue 10 item 5). A call joining a running refresh keeps its trigger.
   */
  refresh(connectionId: string, trigger: RefreshTrigger = 'automatic'): Promise<TokenSet> {
    const running = this.#inFlight.get(connectionId);
    if (running) return running;
    this.#triggers.set(connectionId, trigger);
    const p = this.#refreshOnce(connectionId).finally(() => {
      this.#inFlight.delete(connectionId);
      this.#triggers.delete(connectionId);
    });
    this.#inFlight.set(connectionId, p);
    return p;
  }

  /** Why the running refresh of this connection happens, if one is running. */
  triggerOf(connectionId: string): RefreshTrigger | undefined {
    return this.#triggers.get(connectionId);
  }

  isRefreshing(connectionId: string): boolean {
    return this.#inFlight.has(connectionId);
  }

  /** Earliest time the scheduler may refresh this connection (floor plus dead-token back-off, #40). */
  proactiveRefreshAllowedAt(connectionId: string): number {
    return this.#pacing.proactiveAt(connectionId);
  }

  /** Drops pacing state of a removed connection. */
  forget(connectionId: string): void {
    this.#pacing.forget(connectionId);
    this.#failures.delete(connectionId);
  }

  /**
   * The tokens to send with an API request. Refreshes first only when the access token has expired or
   * expires within REQUEST_SKEW_MS AND the pacing allows it now (#40); otherwise the current token is
   * used and a 401 leads to `refreshAfterRejection`. Never a refresh per call.
   */
  async tokensForRequest(connectionId: string): Promise<TokenSet> {
    const running = this.#inFlight.get(connectionId);
    if (running) return running;
    const record = recordOf(this.#ctx, connectionId);
    if (record.status.kind === 'needs-reauth' || record.status.kind === 'revoked') throw needsReauth(record.status.reason);
    const { tokens } = await loadSecrets(this.#ctx, connectionId);
    if (!tokens) throw needsReauth('This connection has no valid sign-in. Reconnect to continue.');
    const now = this.#ctx.clock.now();
    const expiring = tokens.accessExpiresAt !== undefined && tokens.accessExpiresAt - REQUEST_SKEW_MS <= now;
    if (!expiring) return tokens;
    const backingOff = record.status.kind === 'error' && record.status.retryAt !== undefined && record.status.retryAt > now;
    if (backingOff || now < this.#pacing.proactiveAt(connectionId)) return tokens;
    return this.refresh(connectionId);
  }

  /**
   * The API refused `rejectedAccessToken` (401 invalid_token, RFC 6750 §3.1): refresh once, but not
   * sooner than the pacing floor after the previous refresh (#40: waits out the rest of the 5 s);
   * when another caller already replaced the token meanwhile, its successor is returned instead.
   * https://www.rfc-editor.org/rfc/rfc6750#section-3.1
   */
  async refreshAfterRejection(connectionId: string, rejectedAccessToken: string | undefined): Promise<TokenSet> {
    const running = this.#inFlight.get(connectionId);
    if (running) return running;
    const wait = this.#pacing.floorAt(connectionId) - this.#ctx.clock.now();
    if (wait > 0) await new Promise<void>((resolve) => this.#ctx.clock.setTimeout(resolve, wait));
    const again = this.#inFlight.get(connectionId);
    if (again) return again;
    const current = (await loadSecrets(this.#ctx, connectionId)).tokens;
    if (current && current.accessToken !== rejectedAccessToken) return current;
    return this.refresh(connectionId);
  }

  /**
   * At launch: a record still carrying a refresh marker whose generation equals the stored token
   * set's means the app stopped between sending a rotating refresh token and saving its successor.
   * That refresh token may be spent: it is never sent again; the admin is asked to reconnect.
   */
  async recoverInterruptedRefreshes(): Promise<void> {
    for (const record of this.#ctx.records.list()) {
      const marker = this.#ctx.records.refreshMarker(record.id);
      if (!marker) {
        // Status churn is coalesced (#46): "refreshing" can reach the disk while the marker's clearing
        // does too and the outcome does not. A refresh that is not running is not "refreshing".
        if (record.status.kind === 'refreshing') this.#ctx.records.update(record.id, { status: Status.connected() });
        continue;
      }
      const profile = this.#ctx.profiles.get(record.providerId);
      let secrets;
      try {
        secrets = await loadSecrets(this.#ctx, record.id);
      } catch {
        continue; // keychain unavailable: decide on a later launch
      }
      const stale = secrets.tokens && secrets.tokens.generation <= marker.generation;
      if (stale && profile?.refresh.kind === 'rotating') {
        const { tokens: _dropped, ...rest } = secrets;
        await saveSecrets(this.#ctx, record.id, rest);
        const reason = 'Storelink was interrupted while renewing access, so the old sign-in may be used up. Reconnect to continue.';
        const updated = this.#ctx.records.update(record.id, {
          status: Status.needsReauth(reason),
          refreshAttempt: undefined,
          hasRefreshToken: false,
          accessExpiresAt: undefined,
          refreshExpiresAt: undefined,
        });
        this.#ctx.log('refresh-failed', updated, reason);
      } else {
        this.#ctx.records.update(record.id, { refreshAttempt: undefined, ...(record.status.kind === 'refreshing' ? { status: Status.connected() } : {}) });
      }
    }
  }

  async #refreshOnce(connectionId: string): Promise<TokenSet> {
    const ctx = this.#ctx;
    const record = recordOf(ctx, connectionId);
    const profile = profileOf(ctx, record.providerId);
    if (record.status.kind === 'needs-reauth' || record.status.kind === 'revoked') throw needsReauth(record.status.reason);
    const secrets = await loadSecrets(ctx, connectionId);
    const old = secrets.tokens;
    // Client credentials (RFC 6749 §4.4): no refresh token; the stored app id and secret get a new token.
    const byClientCredentials = profile.refresh.kind === 'client-credentials';
    if (!old || (!byClientCredentials && (!old.refreshToken || profile.refresh.kind === 'none'))) {
      if (old && (old.accessExpiresAt === undefined || old.accessExpiresAt > ctx.clock.now())) return old;
      return this.#markNeedsReauth(record, 'Access has expired and this provider cannot renew it. Reconnect to continue.');
    }
    this.#pacing.started(connectionId, ctx.clock.now());
    let endpoints;
    try {
      endpoints = await ctx.endpoints.resolve(profile, record.fields);
    } catch (err) {
      throw this.#transientFailure(record, err);
    }
    // #12: the marker is on disk before the refresh token is sent. #46: it is written off the main
    // thread (refresh-markers.ts) and the status change is coalesced churn.
    await ctx.records.markRefresh(connectionId, { generation: old.generation, startedAt: ctx.clock.now() });
    this.#pacing.started(connectionId, ctx.clock.now()); // #40: the floor counts from the send, after the marker's write
    ctx.records.update(connectionId, { status: transition(recordOf(ctx, connectionId).status, Status.refreshing()) });
    ctx.changed();
    let next: TokenSet;
    let granted: string[] | undefined;
    try {
      const client = tokenClientOf(profile, endpoints, record.fields, secrets.secrets);
      const json = byClientCredentials
        ? await requestClientCredentialsToken(ctx.http, client).catch((e: unknown) => Promise.reject(clientCredentialsError(profile, record.fields.shop, e)))
        : await refreshAccessToken(ctx.http, client, old.refreshToken ?? '');
      const receivedAt = ctx.clock.now();
      const resp = normalizeTokenResponse(json, profile.tokenResponse, receivedAt);
      next = tokenSetFrom(resp, profile, receivedAt, old);
      this.#pacing.received(connectionId, isDeadOnArrival(next.accessExpiresAt, receivedAt));
      granted = resp.scopes ? grantedScopesFrom(resp, record.requestedScopes) : undefined;
    } catch (err) {
      throw await this.#classify(recordOf(ctx, connectionId), err);
    }
    try {
      await saveSecrets(ctx, connectionId, { ...secrets, tokens: next });
    } catch (err) {
      // Keep the new set in memory for this session; the marker stays, so a restart never
      // re-sends the spent refresh token (it asks to reconnect instead).
      ctx.secrets.set(connectionId, { ...secrets, tokens: next });
      const updated = ctx.records.update(connectionId, { status: Status.error('Access was renewed but could not be saved to the system keychain.') });
      ctx.log('refresh-failed', updated, 'could not save to the keychain');
      ctx.changed();
      ctx.logger.error('refresh: keychain save failed', { connectionId, error: err });
      return next;
    }
    this.#failures.delete(connectionId);
    const updated = ctx.records.update(connectionId, {
      status: Status.connected(),
      refreshAttempt: undefined,
      accessExpiresAt: next.accessExpiresAt,
      refreshExpiresAt: next.refreshExpiresAt,
      hasRefreshToken: Boolean(next.refreshToken),
      lastRefreshAt: ctx.clock.now(),
      ...(granted ? { grantedScopes: granted } : {}),
    });
    ctx.log('refreshed', updated);
    ctx.changed();
    return next;
  }

  async #markNeedsReauth(record: ConnectionRecord, reason: string): Promise<never> {
    const secrets = await loadSecrets(this.#ctx, record.id).catch(() => undefined);
    if (secrets?.tokens) {
      const { tokens: _dropped, ...rest } = secrets;
      await saveSecrets(this.#ctx, record.id, rest).catch(() => this.#ctx.secrets.set(record.id, rest));
    }
    const updated = this.#ctx.records.update(record.id, {
      status: transition(record.status, Status.needsReauth(reason)),
      refreshAttempt: undefined,
      hasRefreshToken: false,
      accessExpiresAt: undefined,
      refreshExpiresAt: undefined,
    });
    this.#ctx.log('refresh-failed', updated, reason);
    this.#ctx.changed();
    throw needsReauth(reason);
  }

  async #classify(record: ConnectionRecord, err: unknown): Promise<Error> {
    if (err instanceof TokenEndpointError && err.code === ErrorCode.InvalidGrant) {
      return this.#markNeedsReauth(record, err.message).catch((e: Error) => e);
    }
    if (err instanceof TokenEndpointError && CONFIGURATION_ERRORS.has(err.code)) {
      const updated = this.#ctx.records.update(record.id, { status: Status.error(err.message), refreshAttempt: undefined });
      this.#ctx.log('refresh-failed', updated, err.message);
      this.#ctx.changed();
      return err;
    }
    return this.#transientFailure(record, err);
  }

  /** 5xx, timeouts, network, unreadable answers: keep the tokens, retry later with back-off. */
  #transientFailure(record: ConnectionRecord, err: unknown): Error {
    const n = (this.#failures.get(record.id) ?? 0) + 1;
    this.#failures.set(record.id, n);
    const delay = BACKOFF_MS[Math.min(n - 1, BACKOFF_MS.length - 1)]!;
    const reason = err instanceof StorelinkError ? err.message : 'Renewing access failed for an unknown reason.';
    const current = recordOf(this.#ctx, record.id);
    const updated = this.#ctx.records.update(record.id, {
      status: transition(current.status, Status.error(reason, this.#ctx.clock.now() + delay)),
      refreshAttempt: undefined,
    });
    this.#ctx.log('refresh-failed', updated, reason);
    this.#ctx.changed();
    return err instanceof Error ? err : new StorelinkError(ErrorCode.Internal, reason);
  }
}
