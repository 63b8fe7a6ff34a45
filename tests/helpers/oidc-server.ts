/**
 * A real OAuth 2.0 / OpenID Connect authorization server for tests, built on oidc-provider v9.
 * Listens on 127.0.0.1:0 with one public native client `storelink-desktop` (RFC 8252: loopback
 * redirect, any port accepted per §7.3; PKCE S256 required per RFC 7636 / RFC 9700 §2.1.1;
 * `iss` in every authorization response per RFC 9207). Records requests and every token it
 * issued ("canaries") so tests can assert request counts and that tokens never leak.
 */
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderErrorPage, renderInteractionPage } from './oidc-consent.ts';

export interface OidcServerOptions {
  /** Access token lifetime in seconds (default 60). */
  accessTokenTtlSec?: number;
  /** Rotate the refresh token on every refresh (default true). */
  rotateRefreshToken?: boolean;
  /** Path appended to the issuer, e.g. '/tenant-a' -> http://127.0.0.1:PORT/tenant-a. */
  issuerSuffix?: string;
  /**
   * Mix-up tests (RFC 9207): the authorization response carries this `iss` instead of the real
   * one; a function receives the real issuer (e.g. `(iss) => iss + '/'` for the trailing-slash variant).
   */
  issOverride?: string | ((issuer: string) => string);
  /** Mix-up tests (RFC 9207 §2.4): the authorization response carries no `iss` at all. */
  omitIss?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  grantType?: string;
}

export interface OidcServer {
  issuer: string;
  clientId: string;
  close(): Promise<void>;
  /** Every request received (path without query), in order; token calls carry their grant_type. */
  requests(): RecordedRequest[];
  /** RFC 7662 introspection of an access or refresh token (not recorded in requests()). */
  introspect(token: string): Promise<{ active: boolean }>;
  /** Every access, refresh and ID token value the token endpoint returned. */
  canaries(): string[];
  /** Every authorization code sent to a redirect URI (also secrets that must never be logged). */
  codes(): string[];
}

export const CLIENT_ID = 'storelink-desktop';
const HARNESS_HEADER = 'x-oidc-test-harness';
// oidc-provider ships no type declarations; a non-literal specifier keeps tsc from asking for them.
const PROVIDER_MODULE: string = 'oidc-provider';
const MEMORY_ADAPTER_MODULE: string = 'oidc-provider/lib/adapters/memory_adapter.js';

// Minimal shapes of the Koa context / oidc-provider objects this file touches.
interface KoaCtx {
  req: IncomingMessage;
  status: number;
  body: unknown;
  type: string;
  oidc?: { route?: string; params?: Record<string, unknown> };
  response: { get(name: string): string };
  set(name: string, value: string): void;
}

function signingJwks(): { keys: Record<string, unknown>[] } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' }] };
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** Starts the test AS; close() it in an `after`/`finally` so the test process can exit. */
export async function startOidcServer(opts: OidcServerOptions = {}): Promise<OidcServer> {
  const { default: Provider } = await import(PROVIDER_MODULE);
  const { createMemoryAdapter } = await import(MEMORY_ADAPTER_MODULE);
  const prefix = (opts.issuerSuffix ?? '').replace(/\/+$/, '').replace(/^(?=[^/])/, '/');
  const recorded: RecordedRequest[] = [];
  const byReq = new WeakMap<IncomingMessage, RecordedRequest>();
  const canaries = new Set<string>();
  const codes = new Set<string>();
  let provider: any;
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.writeHead(503).end();
  };

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (req.headers[HARNESS_HEADER] === undefined) {
      const entry: RecordedRequest = { method: req.method ?? 'GET', path };
      recorded.push(entry);
      byReq.set(req, entry);
    }
    if (prefix && path !== prefix && !path.startsWith(`${prefix}/`)) {
      res.writeHead(404).end();
      return;
    }
    const interaction = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/interaction/([^/]+)(?:/(login|confirm))?$`).exec(path);
    if (interaction) {
      handleInteraction(req, res, interaction[2]).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
        res.end(renderErrorPage({ error: err instanceof Error ? err.message : 'interaction failed' }));
      });
      return;
    }
    if (prefix) {
      Object.assign(req, { originalUrl: req.url });
      req.url = req.url!.slice(prefix.length) || '/';
    }
    handle(req, res);
  });

  async function handleInteraction(req: IncomingMessage, res: ServerResponse, action: string | undefined): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    const prompt = details.prompt.name === 'login' ? 'login' : 'consent';
    const page = {
      uid: details.uid as string,
      prompt,
      clientId: String(details.params.client_id),
      scopes: String(details.params.scope ?? '')
        .split(' ')
        .filter(Boolean),
    } as const;
    const show = (error?: string): void => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(renderInteractionPage(error ? { ...page, error } : page, prefix));
    };
    if (req.method === 'GET' && action === undefined) return show();
    if (req.method !== 'POST' || action === undefined) throw new Error('unsupported interaction request');
    const form = await readForm(req);
    if (form.get('decision') === 'deny') {
      const result = { error: 'access_denied', error_description: 'End-User denied the request' };
      return provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
    }
    if (action === 'login') {
      if (prompt !== 'login') throw new Error('login not expected now');
      if (form.get('login') !== 'alice') return show('Unknown user; sign in as alice.');
      return provider.interactionFinished(req, res, { login: { accountId: 'alice' } }, { mergeWithLastSubmission: false });
    }
    if (prompt !== 'consent') throw new Error('consent not expected now');
    const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    const grantId: string = await grant.save();
    const consent = details.grantId ? {} : { grantId };
    return provider.interactionFinished(req, res, { consent }, { mergeWithLastSubmission: true });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}${prefix}`;

  provider = new Provider(issuer, {
    adapter: createMemoryAdapter(),
    jwks: signingJwks(),
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    clients: [
      {
        client_id: CLIENT_ID,
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        redirect_uris: ['http://127.0.0.1/callback'],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    scopes: ['openid', 'offline_access', 'email'],
    findAccount: async (_ctx: unknown, sub: string) =>
      sub === 'alice' ? { accountId: 'alice', claims: async () => ({ sub: 'alice', email: 'alice@example.test', email_verified: true }) } : undefined,
    interactions: { url: async (_ctx: unknown, interaction: { uid: string }) => `${prefix}/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    rotateRefreshToken: opts.rotateRefreshToken ?? true,
    // Refresh tokens only for offline_access (which oidc-provider drops unless prompt=consent).
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(g: string): boolean }, code: { scopes: Set<string> }) =>
      client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access'),
    ttl: {
      AccessToken: opts.accessTokenTtlSec ?? 60,
      AuthorizationCode: 60,
      IdToken: 3600,
      RefreshToken: 14 * 86400,
      Interaction: 3600,
      Session: 86400,
      Grant: 14 * 86400,
    },
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: { enabled: false },
      revocation: {
        enabled: true,
        allowedPolicy: async (_ctx: unknown, client: { clientId: string }, token: { clientId: string }) => token.clientId === client.clientId,
      },
      introspection: {
        enabled: true,
        allowedPolicy: async (_ctx: unknown, client: { clientId: string }, token: { clientId: string }) => token.clientId === client.clientId,
      },
    },
    clientBasedCORS: () => false,
    renderError: async (ctx: KoaCtx, out: Record<string, unknown>) => {
      ctx.type = 'html';
      ctx.body = renderErrorPage(out);
    },
  });
  provider.proxy = false;

  provider.use(async (ctx: KoaCtx, next: () => Promise<void>) => {
    await next();
    const entry = byReq.get(ctx.req);
    if (ctx.oidc?.route === 'token') {
      const grantType = ctx.oidc.params?.grant_type;
      if (entry && typeof grantType === 'string') entry.grantType = grantType;
      const body = ctx.body as Record<string, unknown> | undefined;
      for (const key of ['access_token', 'refresh_token', 'id_token']) {
        const value = body?.[key];
        if (typeof value === 'string') canaries.add(value);
      }
    }
    const location = ctx.response.get('Location');
    const code = location ? URL.parse(location)?.searchParams.get('code') : null;
    if (code) codes.add(code);
    if ((opts.issOverride !== undefined || opts.omitIss) && location && /[?&]iss=/.test(location)) {
      const url = new URL(location);
      if (opts.omitIss) url.searchParams.delete('iss');
      else url.searchParams.set('iss', typeof opts.issOverride === 'function' ? opts.issOverride(issuer) : opts.issOverride!);
      ctx.set('Location', url.href);
    }
  });
  handle = provider.callback(); // after use(): Koa composes the middleware here

  return {
    issuer,
    clientId: CLIENT_ID,
    requests: () => recorded.map((r) => ({ ...r })),
    canaries: () => [...canaries],
    codes: () => [...codes],
    async introspect(token) {
      const res = await fetch(`${issuer}/token/introspection`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', [HARNESS_HEADER]: '1' },
        body: new URLSearchParams({ token, client_id: CLIENT_ID }),
      });
      if (res.status !== 200) throw new Error(`introspection failed with HTTP ${res.status}`);
      const json = (await res.json()) as { active?: unknown };
      return { active: json.active === true };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
