/**
 * security.md #46 load: 50 demo-store connections whose access tokens live 15 s keep refreshing
 * against the real local authorization server (the demo store, loopback HTTP), with `conf` settings
 * on disk. Measures, over a window of steady refreshing:
 *  - settings-write share: main-thread time spent inside settings writes (SettingsPort.set/delete,
 *    timed synchronously around each call) / wall-clock time of the window;
 *  - event-loop delay p99 (perf_hooks.monitorEventLoopDelay, 10 ms resolution).
 * Run alone: `node bench/settings-load.ts` (prints JSON); bench/run.ts runs it in a child process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openConfSettings } from '../main/adapters/conf-settings.ts';
import { createStorelinkCore } from '../main/core/index.ts';
import { demoStoreProvider } from '../main/demo-store/local-provider.ts';
import { demoStoreProfile } from '../main/demo-store/profile.ts';
import type { ProviderProfile } from '../main/core/providers/profile.ts';

/**
 * One demo store is one store: connecting it again renews its one connection (issue 10, one store
 * one connection). The load here needs 50 connections, so this copy of the profile does not read
 * the store id from the token response (nothing identifies the store, nothing is merged).
 */
function fiftyAccountsProfile(): ProviderProfile {
  const { tenantField: _storeId, ...tokenResponse } = demoStoreProfile.tokenResponse;
  return { ...demoStoreProfile, tokenResponse };
}
import { MemoryKeychain } from '../main/core/vault/memory-keychain.ts';
import { approveConsent } from '../main/demo-store/consent-driver.ts';
import type { SettingsPort } from '../main/core/ports.ts';
import { refClock } from './common.ts';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 20_000);
const TOKEN_LIFETIME_SEC = 15;

async function visit(url: string): Promise<void> {
  const res = await fetch(url, { redirect: 'manual' });
  await res.text();
  const loc = res.headers.get('location');
  if (res.status === 303 && loc) await (await fetch(new URL(loc, url))).text();
}

const dir = mkdtempSync(join(tmpdir(), 'storelink-settings-bench-'));
try {
  const opened = openConfSettings(dir);
  let writeMs = 0;
  let writes = 0;
  const timed =
    <A extends unknown[]>(fn: (...a: A) => void) =>
    (...a: A): void => {
      const t0 = performance.now();
      try {
        fn(...a);
      } finally {
        writeMs += performance.now() - t0;
        writes++;
      }
    };
  const inner = opened.settings;
  const settings: SettingsPort = {
    get: (k) => inner.get(k),
    set: timed((k: string, v: unknown) => inner.set(k, v)),
    delete: timed((k: string) => inner.delete(k)),
  };
  const core = await createStorelinkCore({
    dataDir: dir,
    keychain: new MemoryKeychain(),
    settings,
    clock: refClock,
    opener: { open: async (url) => void setImmediate(() => void approveConsent(url).then(visit)) },
    localProviders: [demoStoreProvider({ accessTokenLifetimeSec: TOKEN_LIFETIME_SEC, rateLimit: { capacity: 1000, refillPerSec: 1000 } })],
    profiles: [fiftyAccountsProfile()],
  });
  for (let i = 0; i < CONNECTIONS; i++) {
    const flow = await core.startConnect({ providerId: 'demo', fields: {} });
    const done = await core.waitForFlow(flow.flowId);
    if (done.kind !== 'done') throw new Error(`connect ${i} ended ${done.kind}`);
  }
  let refreshes = 0;
  core.on('activityAppended', (a) => void (a.kind === 'refreshed' && refreshes++));
  const h = monitorEventLoopDelay({ resolution: 10 });
  writeMs = 0;
  writes = 0;
  h.enable();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, WINDOW_MS));
  h.disable();
  const wallMs = performance.now() - t0;
  const result = {
    connections: CONNECTIONS,
    windowMs: Math.round(wallMs),
    refreshes,
    settingsWrites: writes,
    settingsWriteMs: +writeMs.toFixed(1),
    settingsWriteShare: writeMs / wallMs,
    loopDelayP99Ms: +(h.percentile(99) / 1e6).toFixed(1),
    loopDelayMaxMs: +(h.max / 1e6).toFixed(1),
  };
  await core.close();
  console.log(JSON.stringify(result));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
