/**
 * The Demo store's HTTP server: routing, Host check, limits, and a catch-all that keeps one
 * bad request from ever taking the server down.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { handleAuthorize, handleDecision } from './authorize.ts';
import type { DemoContext } from './context.ts';
import { sendJson } from './http-util.ts';
import { authorizationServerMetadata } from './metadata.ts';
import { handleOrders, handleStore } from './orders-api.ts';
import { handleIntrospect, handleRevoke } from './revoke.ts';
import { handleToken } from './token.ts';

type Handler = (ctx: DemoContext, req: IncomingMessage, url: URL, res: ServerResponse) => void | Promise<void>;

const ROUTES: Record<string, { method: 'GET' | 'POST'; handle: Handler }> = {
  '/.well-known/oauth-authorization-server': {
    method: 'GET',
    handle: (ctx, _req, _url, res) => sendJson(res, 200, authorizationServerMetadata(ctx.settings.issuer), { 'Cache-Control': 'max-age=60' }),
  },
  '/oauth/authorize': { method: 'GET', handle: (ctx, _req, url, res) => handleAuthorize(ctx, url, res) },
  '/oauth/decision': { method: 'POST', handle: (ctx, req, _url, res) => handleDecision(ctx, req, res) },
  '/oauth/token': { method: 'POST', handle: (ctx, req, _url, res) => handleToken(ctx, req, res) },
  '/oauth/revoke': { method: 'POST', handle: (ctx, req, _url, res) => handleRevoke(ctx, req, res) },
  '/oauth/introspect': { method: 'POST', handle: (ctx, req, _url, res) => handleIntrospect(ctx, req, res) },
  '/api/v1/store': { method: 'GET', handle: handleStore },
  '/api/v1/orders': { method: 'GET', handle: handleOrders },
};

async function route(ctx: DemoContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const expectedHost = new URL(ctx.settings.issuer).host;
  // DNS-rebinding defence: only requests addressed to the loopback issuer itself are served.
  if (req.headers.host !== expectedHost) {
    sendJson(res, 421, { error: 'misdirected_request', error_description: 'unexpected Host header' });
    return;
  }
  if (!req.url?.startsWith('/')) {
    sendJson(res, 400, { error: 'invalid_request', error_description: 'bad request target' });
    return;
  }
  let url: URL;
  try {
    url = new URL(ctx.settings.issuer + req.url);
  } catch {
    sendJson(res, 400, { error: 'invalid_request', error_description: 'bad request target' });
    return;
  }
  const entry = Object.hasOwn(ROUTES, url.pathname) ? ROUTES[url.pathname] : undefined;
  if (!entry) {
    sendJson(res, 404, { error: 'not_found', error_description: 'no such endpoint' });
    return;
  }
  if (req.method !== entry.method) {
    sendJson(res, 405, { error: 'method_not_allowed', error_description: `use ${entry.method}` }, { Allow: entry.method });
    return;
  }
  await entry.handle(ctx, req, url, res);
}

/** Creates the (not yet listening) server. Every request is answered or its socket destroyed. */
export function createDemoServer(ctx: DemoContext): Server {
  const server = createServer({ maxHeaderSize: 16 * 1024, headersTimeout: 10_000, requestTimeout: 30_000, keepAliveTimeout: 5_000 }, (req, res) => {
    route(ctx, req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { error: 'server_error', error_description: 'internal error' });
      else res.destroy();
    });
  });
  return server;
}
