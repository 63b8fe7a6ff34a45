/**
 * The full Storelink app (main/storelink-app.ts: connection core + order sync) against a platform
 * simulator: real axios HTTP on 127.0.0.1, `conf` settings and the orders SQLite database in a temp
 * data folder, an in-memory keychain, a logger that keeps every line, and a "browser" that plays
 * the consent page and then requests the loopback callback like a real browser would.
 *
 * Helpers compare what the app stored with a simulator's orderSnapshot() (ids, totals in minor
 * units per currency) and play the admin's https forwarder page for 'https-forwarder' profiles.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OrderRowView, SyncStatusView } from '../../shared/view-models.ts';
import { openConfSettings } from '../../main/adapters/conf-settings.ts';
import type { LoggerPort } from '../../main/core/ports.ts';
import type { ProviderProfile } from '../../main/core/providers/profile.ts';
import { MemoryKeychain } from '../../main/core/vault/memory-keychain.ts';
import { createStorelinkApp, type StorelinkApp } from '../../main/storelink-app.ts';
import { canaryRecordingHttp, findCanaries, readAllFiles, visitCallback } from '../helpers/core-fixture.ts';

/** Plays the consent page for an authorization URL; returns the URL the browser lands on next. */
export type Browser = (authorizationUrl: string) => Promise<string>;

export interface AppFixture {
  app: StorelinkApp;
  dataDir: string;
  logLines: string[];
  openedUrls: string[];
  /** Access / refresh tokens the token endpoint handed out (the canaries). */
  canaries: string[];
  tokenCalls: Array<{ url: string; grantType: string | null; body: string }>;
  /** Result of each browser round trip to the loopback callback. */
  callbacks: Array<{ status: number; location: string | null; page: string }>;
  /** Every sync progress event (rate-limit waits show up as `waitingUntil`). */
  progress: SyncStatusView[];
}

/** A composed app in a fresh temp data folder; `browser` (if given) completes OAuth consent pages. */
export async function makeApp(options: { profiles?: ProviderProfile[]; browser?: Browser } = {}): Promise<AppFixture> {
  const dataDir = mkdtempSync(join(tmpdir(), 'storelink-app-platform-'));
  const logLines: string[] = [];
  const logger: LoggerPort = {
    info: (m, f) => void logLines.push(`INFO ${m} ${JSON.stringify(f ?? {})}`),
    warn: (m, f) => void logLines.push(`WARN ${m} ${JSON.stringify(f ?? {})}`),
    error: (m, f) => void logLines.push(`ERROR ${m} ${JSON.stringify(f ?? {})}`),
  };
  const { http, canaries, tokenCalls } = canaryRecordingHttp();
  const openedUrls: string[] = [];
  const callbacks: AppFixture['callbacks'] = [];
  const app = await createStorelinkApp({
    dataDir,
    keychain: new MemoryKeychain(),
    settings: openConfSettings(dataDir).settings,
    logger,
    http,
    autoRefresh: false,
    syncIntervalMs: 0,
    syncAfterConnect: false, // these tests start every sync themselves (sync after connect: tests/core/sync-connect-activity.test.ts)
    ...(options.profiles ? { profiles: options.profiles } : {}),
    opener: {
      async open(url) {
        openedUrls.push(url);
        const browser = options.browser;
        if (!browser) return;
        // Like a real browser: the consent happens after the app asked to open the page.
        setImmediate(() => {
          void browser(url)
            .then(async (callbackUrl) => void callbacks.push(await visitCallback(callbackUrl)))
            .catch((err: unknown) => logLines.push(`BROWSER ${String(err)}`));
        });
      },
    },
  });
  const progress: SyncStatusView[] = [];
  app.syncService.onProgress((v) => void progress.push(v));
  return { app, dataDir, logLines, openedUrls, canaries, tokenCalls, callbacks, progress };
}

/** Completes an OAuth flow started with startConnect; returns the connection id. */
export async function connectViaBrowser(fx: AppFixture, req: Parameters<StorelinkApp['startConnect']>[0]): Promise<string> {
  const flow = await fx.app.startConnect(req);
  const done = await fx.app.waitForFlow(flow.flowId);
  assert.equal(done.kind, 'done', `${JSON.stringify(done)} ${fx.logLines.filter((l) => l.startsWith('BROWSER')).join(' ')}`);
  return (done as { connectionId: string }).connectionId;
}

/**
 * The admin's https forwarder page: reads the loopback port from the state prefix
 * (`{port}.{random}`) and forwards the whole query (code, state or error) to
 * http://127.0.0.1:{port}/callback, as the page shown in the README does.
 */
export function forwardToLoopback(httpsLocation: string): { port: number; callbackUrl: string } {
  const at = new URL(httpsLocation);
  assert.equal(at.protocol, 'https:', 'the platform redirected to the https forwarder');
  const m = /^(\d{1,5})\.(.+)$/.exec(at.searchParams.get('state') ?? '');
  assert.ok(m, `state carries the loopback port as prefix: ${at.searchParams.get('state')}`);
  const port = Number(m[1]);
  return { port, callbackUrl: `http://127.0.0.1:${port}/callback${at.search}` };
}

const FAR_FUTURE = 8.64e15;

/** Every order the app stored for a connection, through the public ordersPage query. */
export function storedOrders(app: StorelinkApp, connectionId: string): OrderRowView[] {
  const rows: OrderRowView[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = app.syncService.ordersPage({ connectionId, fromMs: 0, toMs: FAR_FUTURE, sort: 'orderNumber', direction: 'asc', offset, limit: 500 });
    rows.push(...page.rows);
    if (page.rows.length < 500 || rows.length >= page.total) {
      assert.equal(rows.length, page.total);
      return rows;
    }
  }
}

export interface ExpectedOrder {
  platformId: string;
  totalMinor: number;
  currency: string;
  updatedAt?: number;
  /** A test order (Shopify `test`): stored and listed, left out of the summary as Shopify's reports do. */
  test?: boolean;
}

const byCurrency = (orders: Array<{ currency: string; totalMinor: number }>): Record<string, { n: number; minor: number }> => {
  const out: Record<string, { n: number; minor: number }> = {};
  for (const o of orders) {
    const c = (out[o.currency] ??= { n: 0, minor: 0 });
    c.n += 1;
    c.minor += o.totalMinor;
  }
  return out;
};

/**
 * The stored orders equal the simulator's: same count, no duplicate, same ids, each total exact in
 * minor units and currency (and update time when given); the summary's per-currency revenue and
 * count equal the simulator's sums.
 */
export function assertStoreMatches(app: StorelinkApp, connectionId: string, expected: ExpectedOrder[]): OrderRowView[] {
  const rows = storedOrders(app, connectionId);
  assert.equal(rows.length, expected.length, 'order count');
  const stored = new Map(rows.map((r) => [r.platformId, r]));
  assert.equal(stored.size, rows.length, 'no order stored twice');
  for (const e of expected) {
    const r = stored.get(e.platformId);
    assert.ok(r, `order ${e.platformId} stored`);
    assert.equal(r.totalMinor, e.totalMinor, `total of ${e.platformId}`);
    assert.equal(r.currency, e.currency, `currency of ${e.platformId}`);
    if (e.updatedAt !== undefined) assert.equal(r.updatedAt, e.updatedAt, `updatedAt of ${e.platformId}`);
    assert.equal(r.test === true, e.test === true, `test flag of ${e.platformId}`);
  }
  assert.deepEqual(byCurrency(rows), byCurrency(expected));
  const counted = expected.filter((e) => !e.test);
  const want = byCurrency(counted);
  const summary = app.syncService.ordersSummary({ connectionId, fromMs: 0, toMs: Date.now() + 86_400_000 });
  assert.equal(summary.orderCount, counted.length, 'summary order count (test orders left out)');
  assert.deepEqual(
    Object.fromEntries(summary.byCurrency.map((c) => [c.currency, { n: c.orderCount, minor: c.revenueMinor }])),
    want,
    'summary revenue per currency, exact in minor units',
  );
  return rows;
}

/**
 * Total orders stored for every connection (after a disconnect: 0): every row of the orders table,
 * test and needs-attention orders included (the summary's orderCount leaves those out of the figures).
 */
export function totalStored(app: StorelinkApp): number {
  return app.syncService.ordersPage({ fromMs: 0, toMs: Date.now() + 86_400_000, sort: 'createdAt', direction: 'asc', offset: 0, limit: 1 }).total;
}

/** Secrets found in the data folder (every file) or the log lines: the offending places. */
export function secretLeaks(fx: AppFixture, secrets: string[]): string[] {
  assert.ok(secrets.filter((s) => s.length >= 8).length >= 2, 'the scan has canaries to look for');
  return findCanaries(secrets, [...readAllFiles(fx.dataDir), { path: 'log lines', text: fx.logLines.join('\n') }]);
}

/** The sync status of one connection. */
export function statusOf(app: StorelinkApp, connectionId: string): SyncStatusView {
  const s = app.syncService.listSyncStatus().find((v) => v.connectionId === connectionId);
  assert.ok(s, 'sync status listed');
  return s;
}

/**
 * Checks the https-forwarder path of one connect (providers.md: Square, Etsy): the platform only saw
 * the forwarder URL, the state's prefix is the loopback port the forwarded callback reached, and the
 * token request carried the forwarder URL. Returns the code and the raw token-request body.
 */
export function assertForwarderPath(
  fx: AppFixture,
  forwarded: Array<{ location: string; port: number }>,
  forwarderUrl: string,
  platform: string,
): { auth: URL; code: string; exchangeBody: string } {
  const auth = new URL(fx.openedUrls[0]!);
  assert.equal(auth.searchParams.get('redirect_uri'), forwarderUrl);
  const state = auth.searchParams.get('state')!;
  assert.equal(forwarded.length, 1);
  assert.ok(forwarded[0]!.location.startsWith(`${forwarderUrl}?`), `${platform} redirected to the forwarder`);
  assert.equal(state.split('.')[0], String(forwarded[0]!.port), 'state prefix = the loopback port the callback reached');
  assert.equal(new URL(forwarded[0]!.location).searchParams.get('state'), state);
  const code = new URL(forwarded[0]!.location).searchParams.get('code')!;
  const exchange = fx.tokenCalls.filter((c) => c.grantType === 'authorization_code');
  assert.equal(exchange.length, 1);
  return { auth, code, exchangeBody: exchange[0]!.body };
}
