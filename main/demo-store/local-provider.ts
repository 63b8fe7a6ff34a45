/**
 * The Demo store as the core's LocalProviderPort: composed by main/storelink-app.ts (the core never
 * imports main/demo-store). The store starts, once, when the first demo connect or reconnect begins;
 * its issuer is the runtime field the demo profile's discovery needs.
 */
import type { LocalProviderPort } from '../core/providers/local-provider.ts';
import { startDemoStore, type DemoStore, type DemoStoreOptions } from './index.ts';
import { demoStoreProfile } from './profile.ts';

export interface DemoStoreProvider extends LocalProviderPort {
  /** Starts the store if needed and returns it (tests reach its stats and controls through this). */
  start(): Promise<DemoStore>;
}

export function demoStoreProvider(options: DemoStoreOptions = {}): DemoStoreProvider {
  let starting: Promise<DemoStore> | undefined;
  let closed = false;
  const start = (): Promise<DemoStore> => {
    if (closed) return Promise.reject(new Error('The demo store was closed.'));
    starting ??= startDemoStore(options);
    // A failed start (e.g. the port is taken) may be retried by the next connect.
    starting.catch(() => (starting = undefined));
    return starting;
  };
  return {
    profile: demoStoreProfile,
    start,
    async runtimeFields() {
      return { issuer: (await start()).issuer };
    },
    async close() {
      closed = true;
      const store = await starting?.catch(() => undefined);
      await store?.close();
    },
  };
}
