import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErrorCode, AuthorizationError } from '../errors.ts';
import { CALLBACK_PAGE_HEADERS, renderCallbackPage, type CallbackPage } from './callback-page.ts';
import { checkCallbackShape } from './authorization-response.ts';
import { loopbackRedirectUri } from './authorization-request.ts';

/**
 * RFC 8252 §7.3 loopback redirect listener, hardened per security.md D (items 21-25):
 * binds 127.0.0.1 on an OS-chosen port only while one flow is pending; exact Host check (DNS
 * rebinding); only `GET /callback`; small header limits; the code is answered with a 303 to a
 * fixed `/done` URL so it does not stay in the browser history; never an open redirect.
 * https://www.rfc-editor.org/rfc/rfc8252#section-7.3
 */
export interface LoopbackListenerOptions {
  /**
   * Called for a `GET /callback` that passed the Host and shape checks. It decides what the page
   * says; `final: false` (a non-matching state) keeps the flow waiting.
   */
  onCallback(params: URLSearchParams): Promise<{ page: CallbackPage; final: boolean }>;
  headersTimeoutMs?: number;
  maxHeaderSize?: number;
  /** How long the result page stays reachable after the final callback, default 5 s. */
  resultGraceMs?: number;
}

export interface LoopbackListener {
  readonly port: number;
  readonly redirectUri: string;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, headers: Record<string, string> = {}, body = ''): void {
  res.writeHead(status, { 'Content-Length': Buffer.byteLength(body), Connection: 'close', ...headers });
  res.end(body);
}

export async function startLoopbackListener(options: LoopbackListenerOptions): Promise<LoopbackListener> {
  let port = 0;
  let result: CallbackPage | undefined;
  let busy = false;
  let closed = false;
  let graceTimer: NodeJS.Timeout | undefined;

  const server = createServer({ maxHeaderSize: options.maxHeaderSize ?? 8 * 1024 }, (req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500);
    });
  });
  server.headersTimeout = options.headersTimeoutMs ?? 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 1_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // security.md #21: exact Host, before anything else, without touching the pending state.
    // One Host header only (RFC 9112 §3.2) and an origin-form target (no absolute URI, §3.2.2).
    const hosts = req.headersDistinct.host;
    if (!hosts || hosts.length !== 1 || hosts[0] !== `127.0.0.1:${port}` || !(req.url ?? '').startsWith('/')) return send(res, 403);
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    // security.md #22: GET /callback and the fixed result page only; empty 404 otherwise.
    if (req.method !== 'GET') return send(res, 404);
    if (url.pathname === '/done' && result) {
      send(res, 200, CALLBACK_PAGE_HEADERS, renderCallbackPage(result));
      scheduleClose(200);
      return;
    }
    if (url.pathname !== '/callback') return send(res, 404);
    if (result || busy) {
      return send(res, 400, CALLBACK_PAGE_HEADERS, renderCallbackPage({ ok: false, title: 'Already handled', message: 'This sign-in response was already used.' }));
    }
    try {
      checkCallbackShape(url.searchParams); // security.md #7, #23: duplicates and tokens -> 400
    } catch (err) {
      const message = err instanceof AuthorizationError ? err.message : 'The sign-in response was malformed.';
      return send(res, 400, CALLBACK_PAGE_HEADERS, renderCallbackPage({ ok: false, title: 'Sign-in response rejected', message }));
    }
    busy = true;
    let outcome: { page: CallbackPage; final: boolean };
    try {
      outcome = await options.onCallback(url.searchParams);
    } finally {
      busy = false;
    }
    if (!outcome.final) return send(res, 400, CALLBACK_PAGE_HEADERS, renderCallbackPage(outcome.page));
    result = outcome.page;
    // security.md #24, #25: a fixed Location, never derived from the request.
    send(res, 303, { Location: '/done', 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
    scheduleClose(options.resultGraceMs ?? 5_000);
  }

  function scheduleClose(ms: number): void {
    if (graceTimer) clearTimeout(graceTimer);
    graceTimer = setTimeout(() => void close(), ms);
    graceTimer.unref();
  }

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    if (graceTimer) clearTimeout(graceTimer);
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections(); // security.md #2: keep-alive sockets too
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) =>
      reject(new AuthorizationError(ErrorCode.ListenerFailed, 'Storelink could not open a local port to receive the sign-in response.', { cause: err })),
    );
    server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return { port, redirectUri: loopbackRedirectUri(port), close };
}
