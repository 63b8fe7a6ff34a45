/** Small node:http helpers shared by the Shopify and WooCommerce simulators. */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export function readBody(req: IncomingMessage, limit = 64 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Parses a JSON or form-encoded body into a flat string map (Shopify accepts both). */
export function parseParams(req: IncomingMessage, body: string): Record<string, string> | undefined {
  const type = req.headers['content-type'] ?? '';
  if (type.includes('application/json')) {
    try {
      const v: unknown = JSON.parse(body);
      if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
      const out: Record<string, string> = {};
      for (const [k, x] of Object.entries(v)) {
        if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') out[k] = String(x);
      }
      return out;
    } catch {
      return undefined;
    }
  }
  return Object.fromEntries(new URLSearchParams(body));
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendHtml(res: ServerResponse, status: number, html: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=UTF-8', 'content-length': Buffer.byteLength(html), ...headers });
  res.end(html);
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Listens on 127.0.0.1 port 0; `close()` also drops keep-alive sockets so the test process exits. */
export async function listenLocal(server: Server): Promise<{ baseUrl: string; close(): Promise<void> }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('no address');
  return {
    baseUrl: `http://127.0.0.1:${addr.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Deterministic failure injection: every Nth counted request, plus an explicit queue of statuses. */
export class FailurePlan {
  private counter = 0;
  private readonly queue: number[] = [];
  private readonly every: number;
  private readonly status: number;
  constructor(every = 0, status = 503) {
    this.every = every;
    this.status = status;
  }
  /** Makes the next `count` counted requests fail with `status`. */
  failNext(count: number, status = 503): void {
    for (let k = 0; k < count; k++) this.queue.push(status);
  }
  /** Returns a status to fail with, or 0 to serve normally. */
  next(): number {
    this.counter += 1;
    const queued = this.queue.shift();
    if (queued !== undefined) return queued;
    if (this.every > 0 && this.counter % this.every === 0) return this.status;
    return 0;
  }
}
