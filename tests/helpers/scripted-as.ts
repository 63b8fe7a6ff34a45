/**
 * A tiny authorization server on 127.0.0.1:0 whose token endpoint the test scripts: answer with
 * tokens, an RFC 6749 §5.2 error, a 5xx, or hold the answer until the test releases it (to cancel
 * mid-exchange). RFC 8414 metadata with an RFC 7009 revocation endpoint that records what it
 * received, and `authorization_response_iss_parameter_supported` (RFC 9207). The authorization
 * endpoint is never visited: the test plays the browser and builds the callback itself.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

export type TokenMode = { kind: 'ok' } | { kind: 'error'; status: number; body?: Record<string, unknown> } | { kind: 'gate' };

export interface ScriptedAs {
  issuer: string;
  tokenMode: TokenMode;
  /** Points the metadata's token_endpoint elsewhere (e.g. a closed port: "unreachable"). */
  tokenEndpointOverride?: string;
  readonly tokenRequests: URLSearchParams[];
  readonly revocations: URLSearchParams[];
  /** Every token the token endpoint handed out. */
  readonly issued: string[];
  /** Resolves when the next held token request arrived (mode 'gate'). */
  tokenRequestArrived(): Promise<void>;
  /** Lets held token requests answer with tokens. */
  release(): void;
  /** The callback a browser would be sent to for the authorization URL the app opened. */
  callbackFor(authorizationUrl: string, params?: Record<string, string>): string;
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function json(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}

export async function startScriptedAs(): Promise<ScriptedAs> {
  let releaseGate!: () => void;
  let gate = new Promise<void>((r) => (releaseGate = r));
  let arrived: Array<() => void> = [];
  const as: ScriptedAs = {
    issuer: '',
    tokenMode: { kind: 'ok' },
    tokenRequests: [],
    revocations: [],
    issued: [],
    tokenRequestArrived: () => new Promise<void>((r) => arrived.push(r)),
    release: () => releaseGate(),
    callbackFor(authorizationUrl, params = {}) {
      const u = new URL(authorizationUrl);
      const cb = new URL(u.searchParams.get('redirect_uri')!);
      cb.search = new URLSearchParams({
        code: `code-${randomBytes(8).toString('hex')}`,
        state: u.searchParams.get('state')!,
        iss: as.issuer,
        ...params,
      }).toString();
      return cb.href;
    },
    close: async () => {
      releaseGate();
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
    },
  };
  const server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', as.issuer).pathname;
      if (req.method === 'GET' && path === '/.well-known/oauth-authorization-server') {
        return json(res, 200, {
          issuer: as.issuer,
          authorization_endpoint: `${as.issuer}/authorize`,
          token_endpoint: as.tokenEndpointOverride ?? `${as.issuer}/token`,
          revocation_endpoint: `${as.issuer}/revoke`,
          response_types_supported: ['code'],
          code_challenge_methods_supported: ['S256'],
          authorization_response_iss_parameter_supported: true,
        });
      }
      if (req.method === 'POST' && path === '/token') {
        as.tokenRequests.push(await body(req));
        const mode = as.tokenMode;
        if (mode.kind === 'error') return json(res, mode.status, mode.body ?? {});
        if (mode.kind === 'gate') {
          for (const a of arrived.splice(0)) a();
          await gate;
          gate = new Promise<void>((r) => (releaseGate = r));
        }
        const access = `at-${randomBytes(16).toString('hex')}`;
        const refresh = `rt-${randomBytes(16).toString('hex')}`;
        as.issued.push(access, refresh);
        return json(res, 200, { access_token: access, refresh_token: refresh, token_type: 'Bearer', expires_in: 3600, scope: 'openid offline_access' });
      }
      if (req.method === 'POST' && path === '/revoke') {
        as.revocations.push(await body(req));
        res.writeHead(200, { 'Content-Length': 0 }).end();
        return;
      }
      res.writeHead(404, { 'Content-Length': 0 }).end();
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  as.issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  arrived = [];
  return as;
}
