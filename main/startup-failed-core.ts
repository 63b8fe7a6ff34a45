/**
 * The core of a launch whose storage could not be set up at all (security.md #44): the shell still
 * opens its window and answers every channel, listNotices with the plain explanation, lists with
 * nothing, and anything else with a typed StorageError saying the same.
 */
import { ErrorCode } from '../shared/error-codes.ts';
import type { NoticeView } from '../shared/view-models.ts';
import type { StorelinkCore } from './core/api.ts';
import { StorageError } from './core/errors.ts';
import { memoryAppSettingsStore } from './core/settings/app-settings-store.ts';

export function startupFailedMessage(dataDir: string): string {
  return `Storelink could not start: neither its data folder ${dataDir} nor a temporary folder could be used, so nothing can be connected or synced. Check that your disk is not full or read-only and that you can write to that folder, then restart Storelink.`;
}

export function startupFailedCore(message: string): StorelinkCore {
  const notice: NoticeView = { id: 'startup-failed', kind: 'startup-failed', message, at: Date.now() };
  const fail = async (): Promise<never> => {
    throw new StorageError(ErrorCode.SettingsCorrupt, message);
  };
  const appSettings = memoryAppSettingsStore(); // the settings screen still shows (unsaved) settings
  return new Proxy({} as StorelinkCore, {
    get(_target, prop) {
      if (prop === 'then') return undefined; // not a thenable
      if (prop === 'appSettings') return appSettings;
      if (prop === 'dataLocation') return () => 'not available: Storelink could not set up its data folder';
      if (prop === 'recordSyncActivity') return () => {};
      if (prop === 'listNotices') return () => [notice];
      if (prop === 'close' || prop === 'onResume') return async () => {};
      if (prop === 'on' || (typeof prop === 'string' && /^on[A-Z]/.test(prop))) return () => () => {};
      if (typeof prop === 'string' && /^list/.test(prop)) return () => [];
      if (prop === 'sync') return undefined;
      return fail;
    },
  });
}
