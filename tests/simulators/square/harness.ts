/**
 * Test-side stand-ins for what the core does, kept minimal and driven by the provider profile data:
 * build an authorization URL (RFC 6749 §4.1.1 + RFC 7636 §4.3), exchange a code, make authorized
 * calls for an order adapter, and a sync loop that retries 429/5xx like the engine (no sleeping).
 */
import { createHash, randomBytes } from 'node:crypto';
import { fillTemplate, type ProviderProfile } from '../../../main/core/providers/profile.ts';
import type { HttpRequest, HttpResponse } from '../../../main/core/ports.ts';
import { RateLimitedError, TransientApiError, type AdapterContext, type NormalizedOrder, type OrderAdapter } from '../../../main/sync/order-adapter.ts';

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function staticEndpoints(profile: ProviderProfile) {
  if (profile.endpoints.kind !== 'static') throw new Error('static endpoints expected');
  return profile.endpoints;
}

export function authorizationUrl(profile: ProviderProfile, clientId: string, redirectUri: string, state: string, challenge: string): string {
  const url = new URL(staticEndpoints(profile).authorization);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', clientId);
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('scope', profile.scopes.map((s) => s.name).join(profile.scopeSeparator));
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', challenge);
  url.searchParams.set('code_challenge_method', 'S256');
  for (const [k, v] of Object.entries(profile.authorization.extraParams ?? {})) url.searchParams.set(k, v);
  return url.toString();
}

/** POST to the profile's token endpoint in its encoding, no client authentication (public client). */
export async function tokenRequest(profile: ProviderProfile, params: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const json = profile.tokenRequest.encoding === 'json';
  const res = await fetch(staticEndpoints(profile).token, {
    method: 'POST',
    headers: { 'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded' },
    body: json ? JSON.stringify(params) : new URLSearchParams(params).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Consent through `approve`, then the code exchange; returns the token response. */
export async function connect(
  profile: ProviderProfile,
  sim: { approve(url: string): Promise<string> },
  clientId: string,
  redirectUri: string,
): Promise<Record<string, unknown>> {
  const { verifier, challenge } = pkcePair();
  const state = randomBytes(16).toString('base64url');
  const location = new URL(await sim.approve(authorizationUrl(profile, clientId, redirectUri, state, challenge)));
  if (location.searchParams.get('state') !== state) throw new Error('state mismatch');
  const code = location.searchParams.get('code');
  if (!code) throw new Error('no code');
  const { status, body } = await tokenRequest(profile, {
    grant_type: 'authorization_code',
    client_id: clientId,
    code,
    code_verifier: verifier,
    redirect_uri: redirectUri,
  });
  if (status !== 200) throw new Error(`token exchange failed: ${status}`);
  return body;
}

export interface TestContext extends AdapterContext {
  calls: HttpRequest[];
}

/** What the core gives an adapter: relative URLs on the API base, Bearer token, profile extra headers. */
export function adapterContext(
  profile: ProviderProfile,
  accessToken: string,
  values: { fields?: Record<string, string>; secrets?: Record<string, string> } = {},
): TestContext {
  const base = staticEndpoints(profile).apiBase;
  const extra: Record<string, string> = {};
  for (const [k, v] of Object.entries(profile.apiExtraHeaders ?? {})) extra[k] = fillTemplate(v, { ...values.fields, ...values.secrets });
  const calls: HttpRequest[] = [];
  return {
    calls,
    fields: values.fields ?? {},
    signal: new AbortController().signal,
    async request(req: HttpRequest): Promise<HttpResponse> {
      calls.push(req);
      const res = await fetch(new URL(req.url, base), {
        method: req.method,
        headers: { ...req.headers, ...extra, authorization: `Bearer ${accessToken}` },
        ...(req.body !== undefined ? { body: req.body } : {}),
        redirect: 'manual',
      });
      const headers: Record<string, string> = {};
      res.headers.forEach((v, k) => (headers[k.toLowerCase()] = v));
      return { status: res.status, headers, body: await res.text() };
    },
  };
}

export interface SyncRun {
  orders: NormalizedOrder[];
  pages: string[];
  rateLimits: number[];
  transients: number;
  waits: number[];
}

/**
 * Fetches every page like the sync engine: a 429 or 5xx retries the same page (bounded, no sleep:
 * the wait asked for is recorded instead). `stopAfterPages` ends early, leaving `pages` to resume from.
 */
export async function syncAll(
  adapter: OrderAdapter,
  ctx: AdapterContext,
  opts: { updatedSince?: string; page?: string; stopAfterPages?: number; onPage?: (n: number) => void } = {},
): Promise<SyncRun> {
  const run: SyncRun = { orders: [], pages: [], rateLimits: [], transients: 0, waits: [] };
  let page = opts.page;
  for (let n = 0; n < 1000; n++) {
    let result;
    for (let attempt = 0; ; attempt++) {
      if (attempt > 20) throw new Error('too many retries');
      try {
        result = await adapter.fetchPage(ctx, { ...(opts.updatedSince ? { updatedSince: opts.updatedSince } : {}), ...(page ? { page } : {}) });
        break;
      } catch (err) {
        if (err instanceof RateLimitedError) run.rateLimits.push(err.retryAfterMs);
        else if (err instanceof TransientApiError) run.transients++;
        else throw err;
      }
    }
    run.orders.push(...result.orders);
    if (result.waitBeforeNextMs !== undefined) run.waits.push(result.waitBeforeNextMs);
    opts.onPage?.(n + 1);
    if (result.nextPage === undefined) return run;
    page = result.nextPage;
    run.pages.push(page);
    if (opts.stopAfterPages !== undefined && n + 1 >= opts.stopAfterPages) return run;
  }
  throw new Error('too many pages');
}
