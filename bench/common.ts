/** Shared pieces of the benchmark: the source process, an HTTP host, and a keep-alive clock. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ClockPort, HttpRequest, HttpResponse } from '../main/core/ports.ts';
import type { SyncHost } from '../main/sync/sync-host.ts';

export async function startSource(count: number): Promise<{ url: string; child: ChildProcess; stop(): void }> {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./shopify-source.ts', import.meta.url)), String(count)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const port = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim()));
  });
  return { url: `http://127.0.0.1:${port}/`, child, stop: () => child.kill() };
}

export async function fetchHttp(base: string, req: HttpRequest): Promise<HttpResponse> {
  const res = await fetch(new URL(req.url, base), { method: req.method, headers: req.headers ?? {}, body: req.body ?? null });
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => (headers[k] = v));
  return { status: res.status, headers, body: await res.text() };
}

export const host = (base: string, connectionId: string): SyncHost => ({
  listTargets: () => [{ connectionId, adapterId: 'shopify', fields: {}, active: true }],
  request: (_id, req) => fetchHttp(base, req),
});

/** systemClock unrefs its timers; a benchmark process must stay alive through waits. */
export const refClock: ClockPort = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms);
    return { cancel: () => clearTimeout(t) };
  },
};

/**
 * The day offsets a New York machine's service would configure (osDayOffsets(): EST and EDT), so
 * the "UTC-5 days" summaries run as they would for that user, rollup maintenance cost included.
 */
export const BENCH_DAY_OFFSETS: readonly number[] = [-300, -240];
