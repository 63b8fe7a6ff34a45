import { logConnectAttempt } from './connect-attempt-log.ts';
import { randomBytes } from 'node:crypto';
import type { BrowserOpenerPort } from '../ports.ts';
import type { ConnectFlowView } from '../../../shared/view-models.ts';
import { AuthorizationError, ErrorCode, StorelinkError, toErrorView } from '../errors.ts';
import { buildAuthorizationUrl } from '../oauth/authorization-request.ts';
import { codeChallengeS256, generateCodeVerifier, generateState } from '../oauth/pkce.ts';
import { startLoopbackListener, type LoopbackListener, type ReceivedCallback } from '../oauth/loopback-listener.ts';
import type { CallbackPage } from '../oauth/callback-page.ts';
import { exchangeAuthorizationCode } from '../oauth/token-request.ts';
import { normalizeTokenResponse, type TokenResponseJson } from '../oauth/token-response.ts';
import type { CoreContext } from './context.ts';
import type { ResolvedEndpoints } from './endpoints.ts';
import { judgeCallback } from './callback-checks.ts';
import type { FlowInput } from './flow-input.ts';
import { revokeLateTokens } from './late-tokens.ts';
import { clientIdOf, tokenClientOf } from './oauth-client.ts';
import { saveConnection } from './save-connection.ts';

export type { FlowInput } from './flow-input.ts';

export const DEFAULT_FLOW_TIMEOUT_MS = 5 * 60_000;
/** Settled outcomes kept for `wait()`; older ones are dropped (a UI waits right after start). */
export const MAX_SETTLED_RESULTS = 16;

interface Flow {
  readonly flowId: string;
  readonly input: FlowInput;
  /** Aborted by cancel, app close, a superseding start (reason FlowCancelled) or the timeout. */
  readonly abort: AbortController;
  /** The authorization URL once built: kept in main only (it carries `state`), for "open the page again". */
  url?: string;
}

/** Whether start() got as far as the waiting view; if not, why (start throws it). */
type RunResult = { started: true; view: ConnectFlowView } | { started: false; error: unknown };

const cancelledError = (): AuthorizationError => new AuthorizationError(ErrorCode.FlowCancelled, 'The sign-in was cancelled in Storelink.');
const CANCELLED_PAGE: CallbackPage = {
  ok: false,
  title: 'Sign-in cancelled',
  message: 'The sign-in was cancelled in Storelink and nothing was saved. Start again from the app when ready.',
};

/**
 * The authorization code flow for native apps (RFC 8252 §4.1) with PKCE (RFC 7636), one pending
 * flow at a time; a new start cancels the pending one.
 *
 * Each flow is one function that reads straight down, as VS Code's loopback flow does: resolve
 * endpoints -> open the loopback listener (127.0.0.1, OS-chosen port, only while pending: RFC 8252
 * §7.3, §8.3, security.md #2) -> open the system browser (#3) -> await the callback -> checks
 * (HMAC and shop first, state, iss: #5, #6) -> code exchange (#4, #8) -> save; all inside one
 * try/finally that answers the browser with its result page and only then closes the listener
 * (#39). Cancel, app close, a superseding start and the ~5 min timeout abort the flow's signal;
 * tokens an aborted exchange still returns are revoked, never stored (#41).
 *
 * How an outcome travels (one path): `start` resolves with the `waiting` view, or throws if the
 * flow could not be started (nothing is emitted then; the listener is already closed). After the
 * waiting view, the outcome (`done` / `failed` / `cancelled`) is emitted once as the `connectFlow`
 * event, and `wait(flowId)` resolves with that same value.
 * https://www.rfc-editor.org/rfc/rfc8252#section-4.1
 * https://www.rfc-editor.org/rfc/rfc8252#section-7.3
 * https://www.rfc-editor.org/rfc/rfc8252#section-8.3
 */
export class ConnectFlows {
  readonly #ctx: CoreContext;
  readonly #opener: BrowserOpenerPort;
  readonly #timeoutMs: number;
  readonly #emit: (view: ConnectFlowView) => void;
  #pending: Flow | undefined;
  #closed = false;
  /** Outcome per started flow; at most MAX_SETTLED_RESULTS settled ones are kept. */
  readonly #results = new Map<string, Promise<ConnectFlowView>>();
  readonly #settledOrder: string[] = [];
  /** Running flows and late-token revocations, awaited by close(). */
  readonly #background = new Set<Promise<unknown>>();

  constructor(ctx: CoreContext, opener: BrowserOpenerPort, emit: (view: ConnectFlowView) => void, timeoutMs = DEFAULT_FLOW_TIMEOUT_MS) {
    this.#ctx = ctx;
    this.#opener = opener;
    this.#emit = emit;
    this.#timeoutMs = timeoutMs;
  }

  /** Starts a flow; resolves with its `waiting` view or throws (then no flow exists). */
  async start(input: FlowInput): Promise<ConnectFlowView> {
    if (this.#closed) throw new StorelinkError(ErrorCode.FlowCancelled, 'Storelink is closing; start the sign-in again after it restarts.');
    if (this.#pending) this.cancel(this.#pending.flowId); // one pending flow at a time
    const flow: Flow = { flowId: randomBytes(12).toString('base64url'), input, abort: new AbortController() };
    this.#pending = flow;
    let resolveOutcome!: (view: ConnectFlowView) => void;
    const outcome = new Promise<ConnectFlowView>((r) => (resolveOutcome = r));
    let announce!: (waiting: ConnectFlowView) => void;
    const waiting = new Promise<ConnectFlowView>((r) => (announce = r));
    const run = this.#run(flow, (view) => {
      this.#results.set(flow.flowId, outcome);
      announce(view);
    }).then((result) => {
      if (!result.started) return result;
      resolveOutcome(result.view);
      this.#remember(flow.flowId);
      this.#emit(result.view);
      return result;
    });
    this.#track(run);
    // Whichever comes first: the waiting view, or the run ending before it was announced.
    const first = await Promise.race([waiting, run]);
    if ('kind' in first) return first;
    if (first.started) return waiting;
    throw first.error;
  }

  cancel(flowId: string): void {
    const p = this.#pending;
    if (!p || p.flowId !== flowId) return;
    this.#pending = undefined;
    p.abort.abort(cancelledError());
  }

  /** Cancels the pending flow, if any ("Remove all Storelink data"). */
  cancelAll(): void {
    if (this.#pending) this.cancel(this.#pending.flowId);
  }

  /**
   * Opens the pending flow's authorization page again (the admin closed the tab). The URL is the
   * one this flow built; it never comes from, or goes to, the renderer (security.md #29).
   */
  async reopen(flowId: string): Promise<void> {
    const url = this.#pendingUrl(flowId);
    try {
      await this.#opener.open(url);
    } catch (err) {
      throw new AuthorizationError(ErrorCode.BrowserOpenFailed, 'Storelink could not open your web browser.', { cause: err });
    }
  }

  /** Puts the pending flow's authorization page address on the clipboard, through the opener port. */
  async copyLink(flowId: string): Promise<void> {
    const url = this.#pendingUrl(flowId);
    if (!this.#opener.copyLink) throw new StorelinkError(ErrorCode.Internal, 'Copying links is not available in this build of Storelink.');
    await this.#opener.copyLink(url);
  }

  #pendingUrl(flowId: string): string {
    const p = this.#pending;
    if (!p || p.flowId !== flowId || !p.url) {
      throw new StorelinkError(ErrorCode.FlowCancelled, 'This sign-in is no longer waiting. Start connecting again.');
    }
    return p.url;
  }

  wait(flowId: string): Promise<ConnectFlowView> {
    const r = this.#results.get(flowId);
    if (!r) return Promise.reject(new StorelinkError(ErrorCode.InvalidInput, 'No such sign-in.'));
    return r;
  }

  /** App close: cancels the pending flow and waits until its listener closed and late tokens were revoked. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#pending) this.cancel(this.#pending.flowId);
    while (this.#background.size > 0) await Promise.allSettled([...this.#background]);
  }

  /** One flow, top to bottom. Never rejects. */
  async #run(flow: Flow, announce: (waiting: ConnectFlowView) => void): Promise<RunResult> {
    const { input, flowId } = flow;
    const { profile } = input;
    const signal = flow.abort.signal;
    let started = false;
    let listener: LoopbackListener | undefined;
    let timer: { cancel(): void } | undefined;
    let callback: ReceivedCallback | undefined;
    let page: CallbackPage;
    let view: ConnectFlowView;
    try {
      const endpoints = await this.#ctx.endpoints.resolve(profile, input.plain);
      const forwardTo = profile.redirect === 'https-forwarder' ? forwarderUrl(input) : undefined;
      signal.throwIfAborted();

      // RFC 8252 §7.3 / §8.3: the loopback listener, open only while this flow is pending.
      listener = await startLoopbackListener({});
      timer = this.#ctx.clock.setTimeout(
        () =>
          flow.abort.abort(new AuthorizationError(ErrorCode.FlowTimeout, 'Signing in took too long, so Storelink stopped waiting. Start again when ready.')),
        this.#timeoutMs,
      );
      const expiresAt = this.#ctx.clock.now() + this.#timeoutMs;
      // https-forwarder: the static https page learns the loopback port from the state prefix.
      const state = forwardTo ? `${listener.port}.${generateState()}` : generateState();
      const redirectUri = forwardTo ?? listener.redirectUri;
      const verifier = profile.authorization.pkce === 'S256' ? generateCodeVerifier() : undefined;
      const url = buildAuthorizationUrl({
        authorizationEndpoint: endpoints.authorization,
        clientId: clientIdOf(profile, input.plain),
        redirectUri,
        scopes: input.scopes,
        scopeSeparator: profile.scopeSeparator,
        state,
        ...(verifier ? { codeChallenge: codeChallengeS256(verifier) } : {}),
        ...(profile.authorization.extraParams ? { extraParams: profile.authorization.extraParams } : {}),
      });

      flow.url = url;
      // RFC 8252 §4.1 step 1: the authorization request goes to the system browser.
      try {
        await this.#opener.open(url);
      } catch (err) {
        throw new AuthorizationError(ErrorCode.BrowserOpenFailed, 'Storelink could not open your web browser.', { cause: err });
      }
      signal.throwIfAborted();
      started = true;
      announce({ kind: 'waiting', flowId, providerId: profile.id, expiresAt, authorizationHost: new URL(endpoints.authorization).host });

      // RFC 8252 §4.1 step 4: the browser comes back to the listener. A response for another
      // flow (wrong state, bad signature) is answered and ignored; this flow keeps waiting.
      const expected = { state, issRequired: endpoints.issRequired, ...(endpoints.issuer ? { issuer: endpoints.issuer } : {}) };
      let code: string | undefined;
      while (code === undefined) {
        const received = await listener.nextCallback(signal);
        const verdict = judgeCallback(input, received.params, expected);
        if (verdict.kind === 'ignore') {
          received.reply({ final: false, page: verdict.page });
          continue;
        }
        callback = received; // state consumed: any replay is answered "already handled"
        if (verdict.kind === 'error') throw verdict.error;
        code = verdict.code;
      }
      timer.cancel(); // no timeout mid-exchange; cancel and app close still apply

      // RFC 8252 §4.1 step 5 / RFC 6749 §4.1.3: the code exchange, abandoned on cancel.
      const exchange = exchangeAuthorizationCode(this.#ctx.http, tokenClientOf(profile, endpoints, input.plain, input.secret), {
        code,
        redirectUri,
        ...(verifier ? { codeVerifier: verifier } : {}),
      });
      const json = await this.#unlessAborted(exchange, signal, input, endpoints);
      const receivedAt = this.#ctx.clock.now();
      const resp = normalizeTokenResponse(json, profile.tokenResponse, receivedAt);
      signal.throwIfAborted();
      // From here the sign-in is committed: keychain first, then the record (security.md #19).
      const { record, reconnectedExisting } = await saveConnection(this.#ctx, input, resp, receivedAt);
      view = { kind: 'done', flowId, connectionId: record.id, ...(reconnectedExisting ? { reconnectedExisting } : {}) };
      page = { ok: true, title: `Connected to ${profile.name}`, message: `Storelink is now connected to ${record.accountLabel}.` };
    } catch (err) {
      if (!started) {
        const cancelled = err instanceof StorelinkError && err.code === ErrorCode.FlowCancelled;
        logConnectAttempt(this.#ctx, input, cancelled ? { cancelled: true } : { error: err }); // issue 10 item 5
        return await this.#closeAfterSetupFailure(flow, listener, timer, err);
      }
      const cancelled = err instanceof StorelinkError && err.code === ErrorCode.FlowCancelled;
      view = cancelled ? { kind: 'cancelled', flowId } : { kind: 'failed', flowId, error: toErrorView(err) };
      page = cancelled ? CANCELLED_PAGE : failurePage(err);
      logConnectAttempt(this.#ctx, input, cancelled ? { cancelled: true } : { error: err }); // issue 10 item 5
    } finally {
      timer?.cancel();
      if (this.#pending === flow) this.#pending = undefined;
    }
    // security.md #39: the browser gets its page first; close() waits until it was written
    // (and /done fetched, within a grace period) before the port and its sockets close.
    callback?.reply({ final: true, page });
    await listener?.close({ page, awaitResultPage: true });
    return { started: true, view };
  }

  async #closeAfterSetupFailure(flow: Flow, listener: LoopbackListener | undefined, timer: { cancel(): void } | undefined, err: unknown): Promise<RunResult> {
    timer?.cancel();
    if (this.#pending === flow) this.#pending = undefined;
    await listener?.close();
    return { started: false, error: err };
  }

  /**
   * The exchange's answer, or the abort reason as soon as the flow is cancelled. Tokens that
   * arrive after that are revoked at the provider and never stored (security.md #41).
   */
  #unlessAborted(work: Promise<TokenResponseJson>, signal: AbortSignal, input: FlowInput, endpoints: ResolvedEndpoints): Promise<TokenResponseJson> {
    return new Promise<TokenResponseJson>((resolve, reject) => {
      const onAbort = (): void => {
        reject(signal.reason);
        this.#track(
          work.then(
            (late) => revokeLateTokens(this.#ctx, input, endpoints, late),
            () => undefined,
          ),
        );
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      work.then(
        (v) => {
          signal.removeEventListener('abort', onAbort);
          resolve(v);
        },
        (e: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(e);
        },
      );
    });
  }

  #track(p: Promise<unknown>): void {
    const tracked = p.catch((err: unknown) => this.#ctx.logger.error('sign-in task failed', { error: err }));
    this.#background.add(tracked);
    void tracked.finally(() => this.#background.delete(tracked));
  }

  #remember(flowId: string): void {
    this.#settledOrder.push(flowId);
    while (this.#settledOrder.length > MAX_SETTLED_RESULTS) this.#results.delete(this.#settledOrder.shift()!);
  }
}

function failurePage(err: unknown): CallbackPage {
  const view = toErrorView(err);
  const title = view.code === ErrorCode.ConsentDenied ? 'Access not granted' : view.code === ErrorCode.FlowTimeout ? 'Sign-in timed out' : 'Sign-in failed';
  return { ok: false, title, message: view.message };
}

function forwarderUrl(input: FlowInput): string {
  const url = input.plain.forwarderUrl;
  if (!url || !url.startsWith('https://')) {
    throw new StorelinkError(ErrorCode.InvalidInput, `${input.profile.name} only accepts an https redirect: enter the https forwarding page you host.`);
  }
  return url;
}
