/** Shared helpers for the Demo store tests: PKCE pairs, authorization URLs, a full connect. */
import { createHash, randomBytes } from 'node:crypto';
import { approveConsent } from '../../main/demo-store/consent-driver.ts';
import { startDemoStore, type DemoStore, type DemoStoreOptions } from '../../main/demo-store/index.ts';

export const REDIRECT_URI = 'http://127.0.0.1:53682/callback';
export const ALL_SCOPES = 'store:read orders:read offline_access';

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** A test clock that only moves when told. */
export function manualClock(start = Date.parse('2025-06-01T12:00:00.000Z')): { now: () => number; advance(ms: number): void } {
  let t = start;
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
  };
}

export function authorizeUrl(store: DemoStore, params: Record<string, string | undefined>): string {
  const url = new URL(`${store.issuer}/oauth/authorize`);
  const defaults: Record<string, string> = {
    response_type: 'code',
    client_id: store.clientId,
    redirect_uri: REDIRECT_URI,
    scope: ALL_SCOPES,
    state: randomBytes(16).toString('base64url'),
    code_challenge_method: 'S256',
  };
  for (const [k, v] of Object.entries({ ...defaults, ...params })) if (v !== undefined) url.searchParams.set(k, v);
  return url.toString();
}

export async function postForm(url: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
}

export interface Authorized {
  code: string;
  state: string;
  verifier: string;
  location: URL;
}

/** Drives authorize + consent over HTTP and returns the code from the 303 Location. */
export async function authorize(store: DemoStore, opts: { scope?: string; uncheck?: string[] } = {}): Promise<Authorized> {
  const { verifier, challenge } = pkcePair();
  const state = randomBytes(16).toString('base64url');
  const location = new URL(
    await approveConsent(authorizeUrl(store, { code_challenge: challenge, state, scope: opts.scope ?? ALL_SCOPES }), {
      uncheck: opts.uncheck ?? [],
    }),
  );
  const code = location.searchParams.get('code');
  if (!code) throw new Error(`no code in redirect: ${location.searchParams.get('error')}`);
  return { code, state, verifier, location };
}

export async function exchange(store: DemoStore, a: Authorized, overrides: Record<string, string> = {}): Promise<Response> {
  return postForm(`${store.issuer}/oauth/token`, {
    grant_type: 'authorization_code',
    code: a.code,
    redirect_uri: REDIRECT_URI,
    client_id: store.clientId,
    code_verifier: a.verifier,
    ...overrides,
  });
}

export interface Tokens {
  access_token: string;
  refresh_token?: string;
  scope: string;
  expires_in: number;
  token_type: string;
  store_name: string;
}

/** authorize + exchange; returns the parsed token response. */
export async function connect(store: DemoStore, opts: { scope?: string; uncheck?: string[] } = {}): Promise<Tokens> {
  const res = await exchange(store, await authorize(store, opts));
  if (res.status !== 200) throw new Error(`token exchange failed: ${res.status}`);
  return (await res.json()) as Tokens;
}

export async function refresh(store: DemoStore, refreshToken: string, extra: Record<string, string> = {}): Promise<Response> {
  return postForm(`${store.issuer}/oauth/token`, {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    client_id: store.clientId,
    ...extra,
  });
}

export function api(store: DemoStore, path: string, token?: string): Promise<Response> {
  return fetch(`${store.issuer}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}

/** Starts a store for one test and registers its close with the test context. */
export async function withStore(t: { after(fn: () => unknown): void }, options: DemoStoreOptions = {}): Promise<DemoStore> {
  const store = await startDemoStore({ orderCount: 60, ...options });
  t.after(() => store.close());
  return store;
}
