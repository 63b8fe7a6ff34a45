/**
 * Builds a real connection core for integration tests: real HTTP (axios) on loopback, `conf`
 * settings in a temp data folder, and a keychain that is either the in-memory one (default) or the
 * real OS keychain through keytar. The opener plays the system browser: it hands the consent URL
 * to a driver (demo store consent over HTTP, oidc-provider login, ...), then requests the
 * resulting loopback callback and the result page like a browser would.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStorelinkCore, type StorelinkCoreOptions } from '../../main/core/index.ts';
import type { StorelinkCore } from '../../main/core/api.ts';
import { MemoryKeychain } from '../../main/core/vault/memory-keychain.ts';
import { openConfSettings } from '../../main/adapters/conf-settings.ts';
import type { KeychainPort, LoggerPort } from '../../main/core/ports.ts';
import type { DemoStoreOptions } from '../../main/demo-store/index.ts';
import { demoStoreProvider, type DemoStoreProvider } from '../../main/demo-store/local-provider.ts';

export type ConsentDriver = (authorizationUrl: string) => Promise<string>;

export interface CoreFixture {
  core: StorelinkCore;
  /** The demo store's port, as main/storelink-app.ts composes it; `start()` returns the running store. */
  demo: DemoStoreProvider;
  dataDir: string;
  keychain: KeychainPort;
  logLines: string[];
  openedUrls: string[];
  /** Result of the last browser round trip: status of the callback and the /done page HTML. */
  lastCallback?: { status: number; location: string | null; page: string };
  setConsent(driver: ConsentDriver | 'ignore'): void;
}

/** Requests the loopback callback like a browser: 303 -> /done page. */
export async function visitCallback(url: string): Promise<{ status: number; location: string | null; page: string }> {
  const res = await fetch(url, { redirect: 'manual' });
  const location = res.headers.get('location');
  let page = await res.text();
  if (res.status === 303 && location) {
    const done = await fetch(new URL(location, url), { redirect: 'manual' });
    page = await done.text();
  }
  return { status: res.status, location, page };
}

export async function makeCore(options: Partial<StorelinkCoreOptions> & { consent?: ConsentDriver; demoStore?: DemoStoreOptions } = {}): Promise<CoreFixture> {
  const { demoStore, ...coreOptions } = options;
  const demo = demoStoreProvider(demoStore);
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'storelink-core-'));
  const keychain = options.keychain ?? new MemoryKeychain();
  const { settings } = openConfSettings(dataDir);
  const logLines: string[] = [];
  const logger: LoggerPort = {
    info: (m, f) => void logLines.push(`INFO ${m} ${JSON.stringify(f ?? {})}`),
    warn: (m, f) => void logLines.push(`WARN ${m} ${JSON.stringify(f ?? {})}`),
    error: (m, f) => void logLines.push(`ERROR ${m} ${JSON.stringify(f ?? {})}`),
  };
  let driver: ConsentDriver | 'ignore' | undefined = options.consent;
  const fixture: CoreFixture = {
    core: undefined as unknown as StorelinkCore,
    demo,
    dataDir,
    keychain,
    logLines,
    openedUrls: [],
    setConsent: (d) => void (driver = d),
  };
  const core = await createStorelinkCore({
    dataDir,
    keychain,
    settings,
    logger,
    opener: {
      async open(url) {
        fixture.openedUrls.push(url);
        if (!driver || driver === 'ignore') return;
        const d = driver;
        // Like a real browser: the consent happens asynchronously after the app asked to open it.
        setImmediate(() => {
          void d(url)
            .then(async (callbackUrl) => (fixture.lastCallback = await visitCallback(callbackUrl)))
            .catch((err: unknown) => logLines.push(`CONSENT-DRIVER ${String(err)}`));
        });
      },
    },
    ...coreOptions,
    localProviders: [demo, ...(coreOptions.localProviders ?? [])],
  });
  fixture.core = core;
  return fixture;
}

/** Every file under `dir` (recursively) as text, for canary scans. */
export function readAllFiles(dir: string): Array<{ path: string; text: string }> {
  const out: Array<{ path: string; text: string }> = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...readAllFiles(p));
    else out.push({ path: p, text: readFileSync(p).toString('latin1') });
  }
  return out;
}

/** Asserts none of `secrets` occurs in any of `haystacks`; returns the offending places. */
export function findCanaries(secrets: string[], haystacks: Array<{ path: string; text: string }>): string[] {
  const hits: string[] = [];
  for (const s of secrets.filter((x) => x.length >= 8)) {
    const b64 = Buffer.from(s).toString('base64');
    for (const h of haystacks) if (h.text.includes(s) || h.text.includes(b64)) hits.push(h.path);
  }
  return hits;
}

/** An HttpPort that records every token value the token endpoints hand out (the canaries). */
export function canaryRecordingHttp(): {
  http: import('../../main/core/ports.ts').HttpPort;
  canaries: string[];
  tokenCalls: Array<{ url: string; grantType: string | null; body: string }>;
} {
  // Imported lazily to keep this helper's top-level imports small.
  const canaries: string[] = [];
  const tokenCalls: Array<{ url: string; grantType: string | null; body: string }> = [];
  let inner: import('../../main/core/ports.ts').HttpPort | undefined;
  const http = {
    async request(req: import('../../main/core/ports.ts').HttpRequest) {
      inner ??= (await import('../../main/core/http/axios-http.ts')).createAxiosHttp();
      const isToken = /\/(oauth\/token|token|oauth2\/token|access_token)(\?|$)/.test(new URL(req.url).pathname + '?');
      if (isToken) {
        const body = req.body ?? '';
        const grantType = body.startsWith('{')
          ? ((JSON.parse(body) as Record<string, string>).grant_type ?? null)
          : new URLSearchParams(body).get('grant_type');
        tokenCalls.push({ url: req.url, grantType, body });
      }
      const res = await inner.request(req);
      if (isToken) {
        try {
          const j = JSON.parse(res.body) as Record<string, unknown>;
          for (const k of ['access_token', 'refresh_token', 'id_token']) if (typeof j[k] === 'string') canaries.push(j[k] as string);
        } catch {
          /* not JSON */
        }
      }
      return res;
    },
  };
  return { http, canaries, tokenCalls };
}

/** Polls until `fn` returns a truthy value (bounded: 5 s), for effects that complete after an event. */
export async function eventually<T>(fn: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
