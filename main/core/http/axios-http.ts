import axios, { AxiosError, type AxiosInstance } from 'axios';
import { ErrorCode, HttpError } from '../errors.ts';
import type { HttpPort, HttpRequest, HttpResponse } from '../ports.ts';

/**
 * The HttpPort on axios, with the limits security.md #37 asks for: a whole-request deadline (so a
 * slow drip cannot hold a request forever), a body size cap, no redirects followed (a redirect,
 * maybe to another host, is a typed error), no proxy from the environment, text bodies only.
 */
export function createAxiosHttp(defaults: { timeoutMs?: number; maxBytes?: number; userAgent?: string } = {}): HttpPort {
  const client: AxiosInstance = axios.create({
    maxRedirects: 0,
    proxy: false,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
    decompress: true,
  });
  return {
    async request(req: HttpRequest): Promise<HttpResponse> {
      const timeoutMs = req.timeoutMs ?? defaults.timeoutMs ?? 15_000;
      const maxBytes = req.maxBytes ?? defaults.maxBytes ?? 2 * 1024 * 1024;
      const host = safeHost(req.url);
      try {
        const res = await client.request<string>({
          method: req.method,
          url: req.url,
          headers: { 'User-Agent': defaults.userAgent ?? 'Storelink', ...req.headers },
          data: req.body,
          timeout: timeoutMs,
          signal: AbortSignal.timeout(timeoutMs),
          maxContentLength: maxBytes,
          maxBodyLength: 1024 * 1024,
        });
        if (res.status >= 300 && res.status < 400) {
          throw new HttpError(
            ErrorCode.UnexpectedRedirect,
            `${host} answered with a redirect (${res.status}); Storelink does not follow redirects from providers.`,
            { status: res.status },
          );
        }
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) {
          if (v !== undefined && v !== null) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
        }
        return { status: res.status, headers, body: typeof res.data === 'string' ? res.data : '' };
      } catch (err) {
        throw toHttpError(err, host, timeoutMs, maxBytes);
      }
    },
  };
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the provider';
  }
}

function toHttpError(err: unknown, host: string, timeoutMs: number, maxBytes: number): HttpError {
  if (err instanceof HttpError) return err;
  const e = err as AxiosError & { cause?: { code?: string } };
  const code = e.code ?? '';
  if (typeof e.message === 'string' && e.message.includes('maxContentLength')) {
    return new HttpError(ErrorCode.ResponseTooLarge, `${host} sent a response larger than ${Math.round(maxBytes / 1024)} KB; it was discarded.`);
  }
  if (code === 'ERR_CANCELED' || code === 'ECONNABORTED' || code === 'ETIMEDOUT' || e.name === 'CanceledError') {
    return new HttpError(ErrorCode.HttpTimeout, `${host} did not answer within ${Math.round(timeoutMs / 1000)} s.`);
  }
  if (code === 'ERR_INVALID_URL' || code === 'ERR_BAD_OPTION_VALUE') {
    return new HttpError(ErrorCode.InvalidInput, 'The address is not a valid URL.');
  }
  return new HttpError(ErrorCode.HttpNetwork, `Could not reach ${host} (${code || 'network error'}).`);
}
