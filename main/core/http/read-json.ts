import { ErrorCode, HttpError } from '../errors.ts';
import type { HttpResponse } from '../ports.ts';

/**
 * Parses a JSON object body, or throws a typed error that says what came instead (an HTML error
 * page from a proxy or a security plugin, an array, garbage). security.md #37.
 */
export function readJsonObject(res: HttpResponse, what: string): Record<string, unknown> {
  const type = res.headers['content-type'] ?? '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(res.body);
  } catch {
    const looksHtml = /html/i.test(type) || /^\s*</.test(res.body);
    throw new HttpError(
      ErrorCode.BadResponse,
      looksHtml
        ? `${what} answered with a web page instead of data (HTTP ${res.status}).`
        : `${what} answered with data Storelink cannot read (HTTP ${res.status}).`,
      { status: res.status },
    );
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new HttpError(ErrorCode.BadResponse, `${what} answered with an unexpected JSON shape (HTTP ${res.status}).`, { status: res.status });
  }
  return parsed as Record<string, unknown>;
}
