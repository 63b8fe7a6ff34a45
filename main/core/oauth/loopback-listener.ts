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
export interface CallbackReply {
  page: CallbackPage;
  /** `false` (a response for another flow: wrong state, bad signature) keeps the flow waiting. */
  final: boolean;
}

/** A `GET /callback` that passed the Host and shape checks, waiting for the flow's answer. */
export interface ReceivedCallback {
  readonly params: URLSearchParams;
  /** Answers the browser: a final page is served as 303 -> /done, a non-final one as 400. */
  reply(reply: CallbackReply): void;
}

export interface LoopbackListenerOptions {
  /**
   * Push style: called for a `GET /callback` that passed the Host and shape checks; it decides
   * what the page says. Without it, callbacks are pulled with `nextCallback()`.
   */
  onCallback?(params: URLSearchParams): Promise<CallbackReply>;
  headersTimeoutMs?: number;
  maxHeaderSize?: number;
  /** How long the result page stays reachable after the final callback, default 5 s. */
  resultGraceMs?: number;
}

export interface LoopbackListener {
  readonly port: number;
  readonly redirectUri: string;
  /**
   * Pull style (what ConnectFlows uses): resolves with the next callback; it rejects with
   * `signal.reason` when the signal aborts, or with ListenerFailed once the listener closes.
   */
  nextCallback(signal?: AbortSignal): Promise<ReceivedCallback>;
  /**
   * Closes gracefully, so the browser never sees a connection reset (security.md #39): a callback
   * still unanswered gets `page` (default "Sign-in stopped") as its final page and that response
   * is written first; with `awaitResultPage`, after a final page it also waits until `/done` was
   * served (at most `resultGraceMs`). Then the server and every socket, keep-alive ones too,
   * close (security.md #2). Idempotent; resolves once the port is closed.
   * https://www.rfc-editor.org/rfc/rfc8252#section-8.3
   */
  close(options?: CloseOptions): Promise<void>;
}

export interface CloseOptions {
  page?: CallbackPage;
  awaitResultPage?: boolean;
}

const STOPPED_PAGE: CallbackPage = { ok: false, title: 'Sign-in stopped', message: 'Storelink stopped waiting for this sign-in. Start again from the app.' };

function send(res: ServerResponse, status: number, headers: Record<string, string> = {}, body = ''): void {
  res.writeHead(status, { 'Content-Length': Buffer.byteLength(body), Connection: 'close', ...headers });
  res.end(body);
}

function finished(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    if (res.writableFinished || res.destroyed) return resolve();
    res.once('finish', () => resolve());
    res.once('close', () => resolve());
  });
}

export async function startLoopbackListener(options: LoopbackListenerOptions): Promise<LoopbackListener> {
  let port = 0;
  let result: CallbackPage | undefined;
  let busy = false;
  let closing: Promise<void> | undefined;
  let graceTimer: NodeJS.Timeout | undefined;
  const graceMs = options.resultGraceMs ?? 5_000;
  /** The callback being handled: its answer, and the promise of its response being written. */
  let inFlight: { answer(reply: CallbackReply): void; written: Promise<void> } | undefined;
  /** Pull style: a received callback nobody asked for yet, and whoever waits for the next one. */
  const queued: ReceivedCallback[] = [];
  const waiters = new Set<{ resolve(cb: ReceivedCallback): void; reject(err: unknown): void }>();
  let doneServed: (() => void) | undefined;
  const donePromise = new Promise<void>((resolve) => (doneServed = resolve));

  const server = createServer({ maxHeaderSize: options.maxHeaderSize ?? 8 * 1024 }, (req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500);
    });
  });
  server.headersTimeout = options.headersTimeoutMs ?? 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 1_000;

  /** Pull style: hands the callback to whoever waits in nextCallback(); its reply answers directly. */
  function deliver(params: URLSearchParams, answer: (reply: CallbackReply) => void): void {
    const cb: ReceivedCallback = { params, reply: answer };
    const waiter = waiters.values().next().value;
    if (waiter) {
      waiters.delete(waiter);
      waiter.resolve(cb);
    } else queued.push(cb);
  }

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
      await finished(res);
      doneServed?.();
      scheduleClose(200);
      return;
    }
    if (url.pathname !== '/callback') return send(res, 404);
    if (result || busy || closing) {
      return send(
        res,
        400,
        CALLBACK_PAGE_HEADERS,
        renderCallbackPage({ ok: false, title: 'Already handled', message: 'This sign-in response was already used.' }),
      );
    }
    try {
      checkCallbackShape(url.searchParams); // security.md #7, #23: duplicates and tokens -> 400
    } catch (err) {
      const message = err instanceof AuthorizationError ? err.message : 'The sign-in response was malformed.';
      return send(res, 400, CALLBACK_PAGE_HEADERS, renderCallbackPage({ ok: false, title: 'Sign-in response rejected', message }));
    }
    busy = true;
    let markWritten!: () => void;
    let answer!: (reply: CallbackReply) => void;
    const answered = new Promise<CallbackReply>((r) => (answer = r)); // the first answer wins
    inFlight = { answer, written: new Promise<void>((r) => (markWritten = r)) };
    try {
      if (options.onCallback) {
        options.onCallback(url.searchParams).then(answer, () =>
          answer({
            final: true,
            page: { ok: false, title: 'Sign-in failed', message: 'Storelink could not finish this sign-in. Start again from the app.' },
          }),
        );
      } else deliver(url.searchParams, answer);
      const outcome = await answered;
      if (!outcome.final) {
        send(res, 400, CALLBACK_PAGE_HEADERS, renderCallbackPage(outcome.page));
      } else {
        result = outcome.page;
        // security.md #24, #25: a fixed Location, never derived from the request.
        send(res, 303, { Location: '/done', 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
        scheduleClose(graceMs);
      }
      await finished(res);
    } finally {
      busy = false;
      inFlight = undefined;
      markWritten();
    }
  }

  function scheduleClose(ms: number): void {
    if (closing) return;
    if (graceTimer) clearTimeout(graceTimer);
    graceTimer = setTimeout(() => void close(), ms);
    graceTimer.unref();
  }

  function nextCallback(signal?: AbortSignal): Promise<ReceivedCallback> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (closing) return Promise.reject(listenerClosed());
    const cb = queued.shift();
    if (cb) return Promise.resolve(cb);
    return new Promise<ReceivedCallback>((resolve, reject) => {
      const onAbort = () => {
        waiters.delete(waiter);
        reject(signal?.reason);
      };
      const waiter = {
        resolve: (c: ReceivedCallback) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(c);
        },
        reject: (e: unknown) => {
          signal?.removeEventListener('abort', onAbort);
          reject(e);
        },
      };
      waiters.add(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  function close(opts: CloseOptions = {}): Promise<void> {
    const fallback = opts.page ?? STOPPED_PAGE;
    closing ??= (async () => {
      for (const w of [...waiters]) w.reject(listenerClosed());
      waiters.clear();
      // An unanswered callback (queued or in flight) is answered before anything closes.
      for (const cb of queued.splice(0)) cb.reply({ final: true, page: fallback });
      const current = inFlight;
      if (current) {
        current.answer({ final: true, page: fallback });
        await current.written;
      }
      // After a final 303 the browser comes back for /done (on a new connection: the 303 said
      // `Connection: close`), so the port stays open until it did, or the grace period ended.
      if (result && opts.awaitResultPage) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([donePromise, new Promise<void>((r) => (timer = setTimeout(r, graceMs)))]);
        clearTimeout(timer);
      }
      if (graceTimer) clearTimeout(graceTimer);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // security.md #2: keep-alive sockets too
      });
    })();
    return closing;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) =>
      reject(new AuthorizationError(ErrorCode.ListenerFailed, 'Storelink could not open a local port to receive the sign-in response.', { cause: err })),
    );
    server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return { port, redirectUri: loopbackRedirectUri(port), nextCallback, close };
}

function listenerClosed(): AuthorizationError {
  return new AuthorizationError(ErrorCode.ListenerFailed, 'The local sign-in listener was closed.');
}
