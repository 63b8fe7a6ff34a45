/**
 * A tiny OAuth 2.0 authorization server on 127.0.0.1 that issues tokens with whatever lifetime a test
 * asks for (`expires_in` 0, 1, 5, 10 s, or an `expires_at` already past), rotating refresh tokens, an
 * RFC 8414 metadata document, RFC 7009 revocation and one API route (`GET /api/ping`) that accepts only
 * the current, unexpired access token. Its clock is the test's fake clock, so lifetimes are measured
 * in the same time the app sees. Used for security.md #40 (refresh pacing) and #42 (redaction set).
 */
import { randomBytes } from 'node:crypto';
import { json, startServer, type TestServer } from '../oauth/helpers.ts';

export interface ShortLivedAs {
  issuer: string;
  /** Fake-clock times at which refresh_token grants arrived. */
  refreshTimes: number[];
  /** Every access and refresh token handed out (canaries). */
  issued: string[];
  server: TestServer;
  close(): Promise<void>;
}

export interface ShortLivedAsOptions {
  now: () => number;
  /** Seconds; sent as `expires_in`. */
  expiresIn?: number;
  /** Sends `expires_at` (ISO) this many ms from now instead (negative = already past). */
  expiresAtOffsetMs?: number;
}

/** Completes consent at once: returns the loopback callback URL with a code for the given state. */
export function autoConsent(authorizationUrl: string): Promise<string> {
  const u = new URL(authorizationUrl);
  const cb = new URL(u.searchParams.get('redirect_uri')!);
  cb.searchParams.set('code', `code_${randomBytes(8).toString('hex')}`);
  cb.searchParams.set('state', u.searchParams.get('state')!);
  return Promise.resolve(cb.toString());
}

export async function startShortLivedAs(opts: ShortLivedAsOptions): Promise<ShortLivedAs> {
  const refreshTimes: number[] = [];
  const issued: string[] = [];
  let currentRefresh: string | undefined;
  let currentAccess: { token: string; until: number } | undefined;
  const mint = () => {
    const at = `sl_at_${randomBytes(12).toString('hex')}`;
    const rt = `sl_rt_${randomBytes(12).toString('hex')}`;
    issued.push(at, rt);
    currentRefresh = rt;
    const now = opts.now();
    const body: Record<string, unknown> = { access_token: at, token_type: 'Bearer', refresh_token: rt, scope: 'openid offline_access' };
    let until: number;
    if (opts.expiresAtOffsetMs !== undefined) {
      until = now + opts.expiresAtOffsetMs;
      body.expires_at = new Date(until).toISOString();
    } else {
      until = now + (opts.expiresIn ?? 3600) * 1000;
      body.expires_in = opts.expiresIn ?? 3600;
    }
    currentAccess = { token: at, until };
    return body;
  };
  const server = await startServer((req, res) => {
    const path = req.url.split('?')[0];
    if (req.method === 'GET' && path === '/.well-known/oauth-authorization-server') {
      return json(res, 200, {
        issuer: server.base,
        authorization_endpoint: `${server.base}/authorize`,
        token_endpoint: `${server.base}/token`,
        revocation_endpoint: `${server.base}/revoke`,
        code_challenge_methods_supported: ['S256'],
      });
    }
    if (req.method === 'POST' && path === '/token') {
      const form = new URLSearchParams(req.body);
      if (form.get('grant_type') === 'authorization_code') return json(res, 200, mint());
      if (form.get('grant_type') === 'refresh_token') {
        refreshTimes.push(opts.now());
        if (form.get('refresh_token') !== currentRefresh) return json(res, 400, { error: 'invalid_grant' });
        return json(res, 200, mint());
      }
      return json(res, 400, { error: 'unsupported_grant_type' });
    }
    if (req.method === 'POST' && path === '/revoke') {
      res.writeHead(200);
      return res.end();
    }
    if (req.method === 'GET' && path === '/api/ping') {
      const auth = req.headers.authorization ?? '';
      const ok = currentAccess && auth === `Bearer ${currentAccess.token}` && opts.now() < currentAccess.until;
      if (ok) return json(res, 200, { ok: true });
      res.writeHead(401, { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
      return res.end();
    }
    res.writeHead(404);
    res.end();
  });
  return { issuer: server.base, refreshTimes, issued, server, close: () => server.close() };
}
