import { randomBytes } from 'node:crypto';
import type { BrowserOpenerPort } from '../ports.ts';
import type { ConnectFlowView } from '../../../shared/view-models.ts';
import { AuthorizationError, ErrorCode, StorelinkError, toErrorView } from '../errors.ts';
import { buildAuthorizationUrl } from '../oauth/authorization-request.ts';
import { authorizationErrorFrom, validateAuthorizationResponse } from '../oauth/authorization-response.ts';
import { codeChallengeS256, generateCodeVerifier, generateState } from '../oauth/pkce.ts';
import { startLoopbackListener, type LoopbackListener } from '../oauth/loopback-listener.ts';
import type { CallbackPage } from '../oauth/callback-page.ts';
import { exchangeAuthorizationCode } from '../oauth/token-request.ts';
import { normalizeTokenResponse } from '../oauth/token-response.ts';
import type { ProviderProfile } from '../providers/profile.ts';
import type { ConnectionRecord } from '../store/connection-records.ts';
import type { CoreContext } from './context.ts';
import type { ResolvedEndpoints } from './endpoints.ts';
import { runCallbackChecks } from './callback-checks.ts';
import { clientIdOf, tokenClientOf } from './oauth-client.ts';
import { saveConnection } from './save-connection.ts';

export interface FlowInput {
  profile: ProviderProfile;
  plain: Record<string, string>;
  secret: Record<string, string>;
  scopes: string[];
  /** Re-authorize this connection in place. */
  reconnectOf?: ConnectionRecord;
}

interface PendingFlow {
  flowId: string;
  input: FlowInput;
  endpoints: ResolvedEndpoints;
  listener: LoopbackListener;
  state: string;
  verifier?: string;
  redirectUri: string;
  timer: { cancel(): void };
  settled: boolean;
  resolve(view: ConnectFlowView): void;
}

export const DEFAULT_FLOW_TIMEOUT_MS = 5 * 60_000;

/**
 * The authorization code flow for native apps (RFC 8252) with PKCE (RFC 7636): one pending flow at
 * a time, the loopback listener open only while it is pending (security.md #2), the system
 * browser through the opener port (#3), state / iss / PKCE checks (#4-#8), timeout and cancel.
 * https://www.rfc-editor.org/rfc/rfc8252#section-4.1
 */
export class ConnectFlows {
  readonly #ctx: CoreContext;
  readonly #opener: BrowserOpenerPort;
  readonly #timeoutMs: number;
  readonly #emit: (view: ConnectFlowView) => void;
  #pending: PendingFlow | undefined;
  readonly #results = new Map<string, Promise<ConnectFlowView>>();

  constructor(ctx: CoreContext, opener: BrowserOpenerPort, emit: (view: ConnectFlowView) => void, timeoutMs = DEFAULT_FLOW_TIMEOUT_MS) {
    this.#ctx = ctx;
    this.#opener = opener;
    this.#emit = emit;
    this.#timeoutMs = timeoutMs;
  }

  async start(input: FlowInput): Promise<ConnectFlowView> {
    if (this.#pending) this.cancel(this.#pending.flowId);
    const endpoints = await this.#ctx.endpoints.resolve(input.profile, input.plain);
    const forwarder = input.profile.redirect === 'https-forwarder';
    const forwardTo = forwarder ? forwarderUrl(input) : undefined;
    const flowId = randomBytes(12).toString('base64url');
    let resolve!: (v: ConnectFlowView) => void;
    this.#results.set(flowId, new Promise<ConnectFlowView>((r) => (resolve = r)));
    const listener = await startLoopbackListener({ onCallback: (params) => this.#onCallback(flowId, params) });
    // https-forwarder: the static https page learns the loopback port from the state prefix.
    const state = forwarder ? `${listener.port}.${generateState()}` : generateState();
    const redirectUri = forwardTo ?? listener.redirectUri;
    const verifier = input.profile.authorization.pkce === 'S256' ? generateCodeVerifier() : undefined;
    const url = buildAuthorizationUrl({
      authorizationEndpoint: endpoints.authorization,
      clientId: clientIdOf(input.profile, input.plain),
      redirectUri,
      scopes: input.scopes,
      scopeSeparator: input.profile.scopeSeparator,
      state,
      ...(verifier ? { codeChallenge: codeChallengeS256(verifier) } : {}),
      ...(input.profile.authorization.extraParams ? { extraParams: input.profile.authorization.extraParams } : {}),
    });
    const expiresAt = this.#ctx.clock.now() + this.#timeoutMs;
    const timer = this.#ctx.clock.setTimeout(
      () => this.#fail(flowId, new AuthorizationError(ErrorCode.FlowTimeout, 'Signing in took too long, so Storelink stopped waiting. Start again when ready.')),
      this.#timeoutMs,
    );
    this.#pending = { flowId, input, endpoints, listener, state, redirectUri, timer, settled: false, resolve, ...(verifier ? { verifier } : {}) };
    try {
      await this.#opener.open(url);
    } catch (err) {
      const error = new AuthorizationError(ErrorCode.BrowserOpenFailed, 'Storelink could not open your web browser.', { cause: err });
      this.#fail(flowId, error);
      throw error;
    }
    return { kind: 'waiting', flowId, providerId: input.profile.id, expiresAt, authorizationHost: new URL(endpoints.authorization).host };
  }

  cancel(flowId: string): void {
    const p = this.#pending;
    if (!p || p.flowId !== flowId) return;
    this.#finish(p, { kind: 'cancelled', flowId });
    void p.listener.close();
  }

  wait(flowId: string): Promise<ConnectFlowView> {
    const r = this.#results.get(flowId);
    if (!r) return Promise.reject(new StorelinkError(ErrorCode.InvalidInput, 'No such sign-in.'));
    return r;
  }

  async close(): Promise<void> {
    if (this.#pending) this.cancel(this.#pending.flowId);
  }

  #finish(p: PendingFlow, view: ConnectFlowView): void {
    if (p.settled) return;
    p.settled = true;
    p.timer.cancel();
    if (this.#pending === p) this.#pending = undefined;
    p.resolve(view);
    this.#emit(view);
  }

  #fail(flowId: string, err: unknown): void {
    const p = this.#pending;
    if (!p || p.flowId !== flowId) return;
    this.#finish(p, { kind: 'failed', flowId, error: toErrorView(err) });
    void p.listener.close();
  }

  async #onCallback(flowId: string, params: URLSearchParams): Promise<{ page: CallbackPage; final: boolean }> {
    const p = this.#pending;
    if (!p || p.flowId !== flowId || p.settled) {
      return { final: true, page: { ok: false, title: 'Sign-in expired', message: 'This sign-in is no longer pending in Storelink. Start again from the app.' } };
    }
    const { profile } = p.input;
    let code: string;
    try {
      // Platform checks first (Shopify: HMAC and shop before anything else), then state and iss.
      runCallbackChecks(profile, params, p.input.plain, p.input.secret);
      const outcome = validateAuthorizationResponse(params, { state: p.state, issRequired: p.endpoints.issRequired, ...(p.endpoints.issuer ? { issuer: p.endpoints.issuer } : {}) });
      if (outcome.kind === 'error') throw authorizationErrorFrom(outcome);
      code = outcome.code;
    } catch (err) {
      const e = err instanceof StorelinkError ? err : new AuthorizationError(ErrorCode.CallbackInvalid, 'The sign-in response was not valid.');
      // A response for another flow (wrong state, bad signature) does not end this one.
      if (e.code === ErrorCode.StateMismatch || e.code === ErrorCode.HmacInvalid) {
        return { final: false, page: { ok: false, title: 'Sign-in response rejected', message: e.message } };
      }
      this.#fail(flowId, e);
      return { final: true, page: { ok: false, title: e.code === ErrorCode.ConsentDenied ? 'Access not granted' : 'Sign-in failed', message: e.message } };
    }
    p.timer.cancel(); // state consumed (the listener answers any replay "already handled"); no timeout mid-exchange
    try {
      const json = await exchangeAuthorizationCode(this.#ctx.http, tokenClientOf(profile, p.endpoints, p.input.plain, p.input.secret), {
        code,
        redirectUri: p.redirectUri,
        ...(p.verifier ? { codeVerifier: p.verifier } : {}),
      });
      const receivedAt = this.#ctx.clock.now();
      const resp = normalizeTokenResponse(json, profile.tokenResponse, receivedAt);
      const record = await saveConnection(this.#ctx, p.input, resp, receivedAt);
      this.#finish(p, { kind: 'done', flowId, connectionId: record.id });
      return { final: true, page: { ok: true, title: `Connected to ${profile.name}`, message: `Storelink is now connected to ${record.accountLabel}.` } };
    } catch (err) {
      this.#fail(flowId, err);
      const view = toErrorView(err);
      return { final: true, page: { ok: false, title: 'Sign-in failed', message: view.message } };
    }
  }
}

function forwarderUrl(input: FlowInput): string {
  const url = input.plain.forwarderUrl;
  if (!url || !url.startsWith('https://')) {
    throw new StorelinkError(ErrorCode.InvalidInput, `${input.profile.name} only accepts an https redirect: enter the https forwarding page you host.`);
  }
  return url;
}
