/**
 * Serves the built renderer (dist/renderer) for the `app://` protocol with a CSP header
 * (security.md item 27). Uses only the WHATWG `Request`/`Response` globals and node:fs, so the same
 * handler that Electron's `protocol.handle` calls is tested in plain Node.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { resolveAppPath } from './protocol-path.ts';

/**
 * No inline scripts or styles: React sets `style` props through the CSSOM, which CSP does not
 * govern, so `'unsafe-inline'` is not needed.
 * Spec: https://www.w3.org/TR/CSP3/ ; https://www.electronjs.org/docs/latest/tutorial/security#7-define-a-content-security-policy
 */
export const CONTENT_SECURITY_POLICY = "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeOf(file: string): string {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Headers sent with every response of the protocol, 404s included. */
export function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  };
}

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: { ...securityHeaders(), 'Content-Type': 'text/plain; charset=utf-8' } });
}

/**
 * Returns the `protocol.handle` callback for `root`. Only GET/HEAD of regular files whose real path
 * (symlinks resolved) stays under the real root are served; everything else is a 404.
 */
export function createAppRequestHandler(root: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response(null, { status: 405, headers: { ...securityHeaders(), Allow: 'GET, HEAD' } });
    }
    const file = resolveAppPath(root, request.url);
    if (file === null) return notFound();
    try {
      const [base, real] = await Promise.all([fs.realpath(path.resolve(root)), fs.realpath(file)]);
      if (!real.startsWith(base + path.sep)) return notFound();
      const stat = await fs.stat(real);
      if (!stat.isFile()) return notFound();
      const body = request.method === 'HEAD' ? null : await fs.readFile(real);
      return new Response(body, {
        status: 200,
        headers: { ...securityHeaders(), 'Content-Type': contentTypeOf(real), 'Content-Length': String(stat.size) },
      });
    } catch {
      return notFound();
    }
  };
}
