/**
 * Small HTTP helpers shared by the Demo store's endpoints: bounded body reading, strict form
 * parsing, JSON / HTML / redirect responses with the security headers every response carries.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export class HttpError extends Error {
  override readonly name = 'HttpError';
  readonly status: number;
  readonly error: string;
  constructor(status: number, error: string, message: string) {
    super(message);
    this.status = status;
    this.error = error;
  }
}

const BASE_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** Reads the request body, refusing more than `maxBytes` (413) without buffering the excess. */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (Number.isFinite(declared) && declared > maxBytes) {
    return Promise.reject(new HttpError(413, 'invalid_request', 'request body too large'));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBytes) {
        done = true;
        req.resume();
        reject(new HttpError(413, 'invalid_request', 'request body too large'));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) {
        done = true;
        resolve(Buffer.concat(chunks).toString('utf8'));
      }
    });
    req.on('error', (err) => {
      if (!done) {
        done = true;
        reject(err);
      }
    });
  });
}

/**
 * Parses `application/x-www-form-urlencoded` into single values. A repeated parameter is an
 * `invalid_request` (RFC 6749 §3.1, §3.2: "parameters MUST NOT be included more than once"),
 * except those listed in `multi`, which are returned as arrays.
 */
export function parseForm(body: string, multi: readonly string[] = []): { single: Map<string, string>; lists: Map<string, string[]> } {
  const params = new URLSearchParams(body);
  const single = new Map<string, string>();
  const lists = new Map<string, string[]>();
  for (const [key, value] of params) {
    if (multi.includes(key)) {
      const list = lists.get(key) ?? [];
      list.push(value);
      lists.set(key, list);
      continue;
    }
    if (single.has(key)) throw new HttpError(400, 'invalid_request', `parameter "${key}" is repeated`);
    single.set(key, value);
  }
  return { single, lists };
}

/** Rejects a POST whose body is not a form (RFC 6749 §4.1.3, RFC 7009 §2.1, RFC 7662 §2.1). */
export function requireFormContentType(req: IncomingMessage): void {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    throw new HttpError(400, 'invalid_request', 'content type must be application/x-www-form-urlencoded');
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...BASE_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

/** Token-endpoint style JSON: never cached (RFC 6749 §5.1). */
export function sendNoStoreJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendJson(res, status, body, { 'Cache-Control': 'no-store', Pragma: 'no-cache', ...headers });
}

/**
 * An HTML page with CSP. `referrerPolicy` defaults to no-referrer; the consent page uses
 * `same-origin` so its form POST carries a real `Origin` (no-referrer makes browsers send `null`).
 */
export function sendHtml(res: ServerResponse, status: number, html: string, csp: string, referrerPolicy = 'no-referrer'): void {
  res.writeHead(status, {
    ...BASE_HEADERS,
    'Referrer-Policy': referrerPolicy,
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(html)),
    'Content-Security-Policy': csp,
    'Cache-Control': 'no-store',
    'X-Frame-Options': 'DENY',
  });
  res.end(html);
}

/** 303 See Other: the browser follows it with a GET, whatever the original method (RFC 9110 §15.4.4). */
export function sendRedirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { ...BASE_HEADERS, Location: location, 'Cache-Control': 'no-store', 'Content-Length': '0' });
  res.end();
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
