/**
 * Where the `app://` protocol finds a file (security.md item 27). Pure: no Electron, no fs, so the
 * traversal rules are unit-tested in plain Node. Anything that is not a plain relative file path
 * under the renderer root resolves to null, which the protocol handler turns into a 404.
 */
import path from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'storelink';
/** The renderer's origin; the IPC sender guard and the navigation guard compare against it. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

const SAFE_SEGMENT = /^[A-Za-z0-9_@+~-][A-Za-z0-9_.@+~-]{0,127}$/;

/**
 * Maps `app://storelink/<path>` to a file under `root`, or null for: another scheme or host, a
 * query-less path that fails to decode, encoded slashes or backslashes, NUL bytes, `.`/`..`
 * segments (literal or percent-encoded), hidden files, empty segments (`//etc/passwd`), drive
 * letters or anything else outside a conservative file-name alphabet. `/` serves `index.html`.
 * Spec: https://www.electronjs.org/docs/latest/tutorial/security#18-avoid-usage-of-the-file-protocol-and-prefer-usage-of-custom-protocols
 */
export function resolveAppPath(root: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  if (parsed.username !== '' || parsed.password !== '' || parsed.port !== '') return null;
  const rawPath = parsed.pathname;
  if (/%(?:2f|5c|00)/i.test(rawPath) || rawPath.includes('\\')) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/')) return null;
  const relative = decoded === '/' ? 'index.html' : decoded.slice(1);
  const segments = relative.split('/');
  if (segments.some((s) => !SAFE_SEGMENT.test(s) || s === '.' || s === '..')) return null;
  const base = path.resolve(root);
  const full = path.resolve(base, ...segments);
  if (!full.startsWith(base + path.sep)) return null;
  return full;
}
