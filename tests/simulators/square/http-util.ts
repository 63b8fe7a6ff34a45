/**
 * Small HTTP helpers shared by the Square and Etsy test simulators: a loopback server on port 0
 * that closes with its keep-alive sockets, bounded body reading, JSON/HTML/redirect replies,
 * PKCE S256 verification (RFC 7636 §4.6), random tokens and a seeded RNG for repeatable data.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void;

export interface RunningServer {
  baseUrl: string;
  close(): Promise<void>;
}

/** Starts `handler` on 127.0.0.1 with an OS-chosen port; a handler crash answers 500. */
export async function startLoopbackServer(handler: Handler): Promise<RunningServer> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    Promise.resolve()
      .then(() => handler(req, res, url))
      .catch((err: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { error: 'simulator_crash', detail: String(err) });
        else res.destroy();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export async function readBody(req: IncomingMessage, maxBytes = 64 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > maxBytes) throw new Error('request body too large');
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(text);
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

export function sendRedirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location, 'cache-control': 'no-store' });
  res.end();
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A consent page a browser would show; `approve()` helpers read the request id from it. */
export function consentPage(app: string, requestId: string, scopes: string[]): string {
  const items = scopes.map((s) => `<li>${escapeHtml(s)}</li>`).join('');
  return (
    `<!doctype html><title>Allow ${escapeHtml(app)}</title><form method="post" action="consent">` +
    `<input type="hidden" name="request_id" value="${escapeHtml(requestId)}"><ul>${items}</ul>` +
    `<button name="decision" value="allow">Allow</button><button name="decision" value="deny">Deny</button></form>`
  );
}

/**
 * What a browser does on a consent page: GET the authorization URL, read the request id, post the
 * decision, and return the `Location` it is sent to (not followed: it may be an https forwarder).
 */
export async function browserConsent(authorizationUrl: string, consentUrl: string, deny: boolean): Promise<string> {
  const page = await fetch(authorizationUrl, { redirect: 'manual' });
  const html = await page.text();
  if (page.status >= 300 && page.status < 400) return page.headers.get('location') ?? '';
  const m = /name="request_id" value="([^"]+)"/.exec(html);
  if (page.status !== 200 || !m) throw new Error(`authorization page refused the request (${page.status}): ${html.slice(0, 200)}`);
  const res = await fetch(consentUrl, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request_id: m[1]!, decision: deny ? 'deny' : 'allow' }).toString(),
  });
  await res.arrayBuffer();
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`consent was not redirected (${res.status})`);
  return location;
}

/** BASE64URL(SHA256(ASCII(verifier))) === challenge (RFC 7636 §4.6). */
export function pkceMatches(verifier: string, challenge: string): boolean {
  if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) return false;
  return createHash('sha256').update(verifier, 'ascii').digest('base64url') === challenge;
}

export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

/** mulberry32: a tiny seeded PRNG so generated stores are the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Counts API calls and decides which get an injected 429 or 5xx (every Nth call, when set). */
export class FaultPlan {
  calls = 0;
  rateLimited = 0;
  failed = 0;
  readonly rateLimitEvery: number;
  readonly failEvery: number;
  constructor(rateLimitEvery = 0, failEvery = 0) {
    this.rateLimitEvery = rateLimitEvery;
    this.failEvery = failEvery;
  }
  next(): 'ok' | 'rate-limit' | 'fail' {
    this.calls++;
    if (this.rateLimitEvery > 0 && this.calls % this.rateLimitEvery === 0) {
      this.rateLimited++;
      return 'rate-limit';
    }
    if (this.failEvery > 0 && this.calls % this.failEvery === 0) {
      this.failed++;
      return 'fail';
    }
    return 'ok';
  }
}
