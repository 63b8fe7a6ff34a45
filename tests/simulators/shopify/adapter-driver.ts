/**
 * Drives an OrderAdapter the way the sync engine would, for platform tests: a tiny AdapterContext
 * whose request() resolves relative URLs against an API base, adds the credential header itself
 * (standing in for the core) and uses real HTTP via fetch with redirects not followed (HttpPort).
 */
import type { HttpPort, HttpRequest, HttpResponse } from '../../../main/core/ports.ts';
import type { AdapterContext, NormalizedOrder, OrderAdapter, PageResult } from '../../../main/sync/order-adapter.ts';
import { RateLimitedError, TransientApiError } from '../../../main/sync/order-adapter.ts';

export const fetchHttp: HttpPort = {
  async request(req: HttpRequest): Promise<HttpResponse> {
    const res = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body, redirect: 'manual' });
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => (headers[k.toLowerCase()] = v));
    return { status: res.status, headers, body: await res.text() };
  },
};

export interface TestContext extends AdapterContext {
  calls: HttpRequest[];
}

export function makeContext(opts: { apiBase: string; credentialHeaders: Record<string, string>; fields?: Record<string, string> }): TestContext {
  const calls: HttpRequest[] = [];
  const base = new URL(opts.apiBase);
  return {
    calls,
    fields: opts.fields ?? {},
    signal: new AbortController().signal,
    async request(req) {
      const url = new URL(req.url, base);
      if (url.origin !== base.origin) throw new Error(`adapter asked for another origin: ${url.origin}`);
      calls.push(req);
      return fetchHttp.request({ ...req, url: url.toString(), headers: { ...req.headers, ...opts.credentialHeaders } });
    },
  };
}

export const basicAuth = (user: string, pass: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface RunResult {
  orders: NormalizedOrder[];
  pages: PageResult[];
  tokens: string[];
  rateLimited: RateLimitedError[];
  transient: number;
}

/**
 * Fetches every page of one run. Retries RateLimitedError / TransientApiError a bounded number of
 * times; honours `waitBeforeNextMs` unless `ignoreWaits` (capped by `maxSleepMs`).
 */
export async function fetchAllPages(
  adapter: OrderAdapter,
  ctx: AdapterContext,
  opts: { updatedSince?: string; startPage?: string; maxRetries?: number; ignoreWaits?: boolean; maxSleepMs?: number; maxPages?: number } = {},
): Promise<RunResult> {
  const out: RunResult = { orders: [], pages: [], tokens: [], rateLimited: [], transient: 0 };
  let page = opts.startPage;
  let retries = 0;
  const cap = opts.maxSleepMs ?? 3000;
  for (let n = 0; n < (opts.maxPages ?? 10_000);) {
    let result: PageResult;
    try {
      result = await adapter.fetchPage(ctx, { updatedSince: opts.updatedSince, page });
    } catch (e) {
      if (!(e instanceof RateLimitedError || e instanceof TransientApiError) || retries >= (opts.maxRetries ?? 5)) throw e;
      retries += 1;
      if (e instanceof RateLimitedError) {
        out.rateLimited.push(e);
        await sleep(Math.min(e.retryAfterMs, cap));
      } else {
        out.transient += 1;
      }
      continue;
    }
    retries = 0;
    n += 1;
    out.pages.push(result);
    out.orders.push(...result.orders);
    if (result.nextPage === undefined) return out;
    out.tokens.push(result.nextPage);
    page = result.nextPage;
    if (result.waitBeforeNextMs && !opts.ignoreWaits) await sleep(Math.min(result.waitBeforeNextMs, cap));
  }
  return out;
}

/** Last write wins by platformId, like the order store's upsert. */
export function byId(orders: NormalizedOrder[]): Map<string, NormalizedOrder> {
  const m = new Map<string, NormalizedOrder>();
  for (const o of orders) m.set(o.platformId, o);
  return m;
}
