/**
 * Small real-network helpers for the OAuth primitive tests: a recording HTTP server on
 * 127.0.0.1:0, a raw request that may set any Host header (fetch forbids it), and a probe that
 * tells whether a port still accepts connections.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface TestServer {
  port: number;
  base: string;
  requests: Recorded[];
  close(): Promise<void>;
}

/** Starts a server whose handler sees the fully read request body. */
export async function startServer(handler: (req: Recorded, res: ServerResponse) => void): Promise<TestServer> {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rec: Recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(rec);
      handler(rec, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    base: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export interface RawResponse {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

/** One HTTP/1.1 request with full control of the Host header (setHost: false). */
export function rawRequest(
  port: number,
  opts: { method?: string; path: string; host?: string | undefined; headers?: Record<string, string>; agent?: import('node:http').Agent },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.host !== undefined) headers.Host = opts.host;
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: opts.method ?? 'GET',
        path: opts.path,
        headers,
        setHost: false,
        ...(opts.agent ? { agent: opts.agent } : { agent: false }),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** 'refused' when nothing listens on the port any more, else 'open'. */
export function probe(port: number): Promise<'refused' | 'open'> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve('open');
    });
    // ECONNRESET: the kernel accepted the handshake while the listening socket was closing; not refused yet
    s.once('error', (err: NodeJS.ErrnoException) =>
      err.code === 'ECONNREFUSED' ? resolve('refused') : err.code === 'ECONNRESET' ? resolve('open') : reject(err),
    );
  });
}

/** Polls until the port refuses connections (the listener closes on its own after a grace delay). */
export async function waitUntilRefused(port: number, maxMs = 5_000): Promise<'refused' | 'open'> {
  const deadline = Date.now() + maxMs;
  for (;;) {
    const r = await probe(port);
    if (r === 'refused' || Date.now() > deadline) return r;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A port that was just free: bind, read, close. Connecting to it gives ECONNREFUSED. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
