/**
 * End-to-end harness: the built renderer in a real Chromium, served over http://127.0.0.1 with the
 * app's CSP, talking to a REAL core through the same typed contract and the same guarded dispatch
 * the Electron shell uses (main/ipc/handlers.ts createDispatch + createIpcHandlers, main/ipc/events.ts
 * forwardEvents). `window.storelink` is built by an init script over one exposed binding, the way
 * the preload builds it over ipcRenderer: one named function per request plus `on`.
 * The opener port opens consent URLs in a NEW real browser page, so consent happens in a real page
 * and the redirect hits the core's real loopback listener.
 */
import type { OptionalAppApis } from '../../main/ipc/app-apis.ts';
import { CHROMIUM_LAUNCH } from '../helpers/chromium.ts';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import type { StorelinkCore } from '../../main/core/api.ts';
import type { BrowserOpenerPort } from '../../main/core/ports.ts';
import { forwardEvents } from '../../main/ipc/events.ts';
import { createDispatch, createIpcHandlers } from '../../main/ipc/handlers.ts';
import type { OptionalSyncApi, SyncApi } from '../../main/ipc/sync-api.ts';
import type { SetupApi } from '../../main/core/setup/setup-service.ts';
import { EVENT_CHANNELS, REQUEST_CHANNELS } from '../../shared/ipc-contract.ts';
import { rendererBuild } from './build-renderer.ts';
import { serveRenderer, type StaticServer } from './static-server.ts';

export interface Harness {
  browser: Browser;
  context: BrowserContext;
  origin: string;
  /** Port for createStorelinkCore({ opener }): opens each URL in a new page of the same browser. */
  opener: BrowserOpenerPort & { opened: string[]; copied: string[] };
  /** Resolves with the next consent page the opener opens (after it loaded). */
  nextConsentPage(): Promise<Page>;
  /** Loads the app wired to `core`; console messages of the app page are collected in `console`. */
  openApp(core: StorelinkCore & OptionalSyncApi, options?: { sync?: SyncApi; colorScheme?: 'light' | 'dark'; setup?: SetupApi }): Promise<Page>;
  console: string[];
  /** Every reply and event sent to the app page, as JSON (for canary scans). */
  ipcLog: string[];
  close(): Promise<void>;
}

function installApi(names: { requests: readonly string[]; events: readonly string[] }): void {
  const w = window as unknown as Record<string, unknown>;
  const invoke = w.__storelinkInvoke as (channel: string, arg: unknown) => Promise<unknown>;
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const api: Record<string, unknown> = {};
  for (const c of names.requests) api[c] = (arg?: unknown) => invoke(c, arg);
  api.on = (event: string, fn: (p: unknown) => void) => {
    if (!names.events.includes(event)) throw new Error('unknown event');
    const set = listeners.get(event) ?? new Set();
    set.add(fn);
    listeners.set(event, set);
    return () => set.delete(fn);
  };
  Object.defineProperty(window, '__storelinkEmit', {
    enumerable: false,
    value: (event: string, payload: unknown) => {
      for (const fn of listeners.get(event) ?? []) fn(payload);
    },
  });
  Object.defineProperty(window, 'storelink', { enumerable: true, value: Object.freeze(api) });
}

export async function launchHarness(): Promise<Harness> {
  const build = await rendererBuild();
  const server: StaticServer = await serveRenderer(build.dir);
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  const context = await browser.newContext();
  const waiters: ((p: Page) => void)[] = [];
  const ready: Page[] = [];
  const cleanups: (() => void)[] = [];
  const consoleLines: string[] = [];
  const ipcLog: string[] = [];

  const opener: Harness['opener'] = {
    opened: [],
    copied: [],
    // "Copy link": what the shell puts on the system clipboard (Electron clipboard.writeText).
    async copyLink(url: string) {
      opener.copied.push(url);
    },
    async open(url: string) {
      opener.opened.push(url);
      const page = await context.newPage();
      await page.goto(url);
      const w = waiters.shift();
      if (w) w(page);
      else ready.push(page);
    },
  };

  return {
    browser,
    context,
    origin: server.origin,
    opener,
    console: consoleLines,
    ipcLog,
    nextConsentPage: () => {
      const p = ready.shift();
      if (p) return Promise.resolve(p);
      // Fails loudly instead of hanging the test until the runner's timeout when no page is ever opened.
      return new Promise<Page>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error('no consent page was opened within 30 s'));
        }, 30_000);
        const waiter = (page: Page) => {
          clearTimeout(timer);
          resolve(page);
        };
        waiters.push(waiter);
      });
    },
    async openApp(core, options = {}) {
      const page = await context.newPage();
      await page.emulateMedia({ colorScheme: options.colorScheme ?? 'light' });
      page.on('console', (m) => consoleLines.push(m.text()));
      page.on('pageerror', (e) => consoleLines.push(`pageerror: ${e.message}`));
      const dispatch = createDispatch(
        createIpcHandlers(
          core,
          options.sync ?? core.sync,
          options.setup ? { exports: (core as OptionalAppApis).exports, orderAdmin: (core as OptionalAppApis).orderAdmin, setup: options.setup } : undefined,
        ),
        server.origin,
      );
      await page.exposeBinding('__storelinkInvoke', async (source, channel: string, arg: unknown) => {
        const reply = await dispatch(channel, { url: source.frame.url(), isMainFrame: source.frame.parentFrame() === null }, arg);
        ipcLog.push(JSON.stringify(reply));
        return reply;
      });
      await page.addInitScript(installApi, { requests: REQUEST_CHANNELS, events: EVENT_CHANNELS });
      const sync = options.sync ?? core.sync;
      cleanups.push(
        forwardEvents(
          core,
          (channel, payload) => {
            const event = channel.replace(/^storelink:/, '');
            ipcLog.push(JSON.stringify(payload));
            if (page.isClosed()) return;
            page
              .evaluate(([e, p]) => (window as unknown as { __storelinkEmit(e: string, p: unknown): void }).__storelinkEmit(e, p), [event, payload] as const)
              .catch(() => {});
          },
          sync ? { sync } : {},
        ),
      );
      await page.goto(`${server.origin}/index.html`);
      return page;
    },
    async close() {
      for (const c of cleanups.splice(0)) c();
      await context.close().catch(() => {});
      await browser.close().catch(() => {});
      await server.close();
    },
  };
}
