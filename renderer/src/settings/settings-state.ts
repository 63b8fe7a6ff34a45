/** The app settings, live: `getSettings`, then every `settingsChanged` (the newest wins). */
import type { StorelinkApi } from '../../../shared/ipc-contract.ts';
import type { AppSettings } from '../../../shared/app-settings.ts';
import { storelink, unwrap } from '../api.ts';
import { createLiveStore, type LiveStore } from '../state/live-store.ts';
import { once } from '../state/store.ts';

export function createSettingsStore(api: Pick<StorelinkApi, 'getSettings' | 'on'>): LiveStore<AppSettings> {
  return createLiveStore({
    load: () => unwrap(api.getSettings()),
    subscribe: (onEvent) => api.on('settingsChanged', onEvent),
    init: (s: AppSettings) => s,
    apply: (_old: AppSettings, next: AppSettings) => next,
  });
}

export const settingsStore = once(() => createSettingsStore(storelink()));
