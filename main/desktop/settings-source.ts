/**
 * What the desktop layer (tray, notifications, login item, window lifecycle) needs from the app
 * settings: structurally the `AppSettingsStore` of main/core/settings/app-settings-store.ts (written
 * on another branch), so that store can be passed wherever an AppSettingsSource is expected.
 *
 * `createPortSettingsSource` is this branch's stand-in: it keeps the settings under the settings
 * file's `appSettings` key through the SettingsPort (conf / electron-store), validated by the one
 * schema in shared/app-settings.ts. The lead swaps it for the core's store at merge.
 */
import { z } from 'zod';
import type { SettingsPort } from '../core/ports.ts';
import { appSettingsPatchSchema, appSettingsSchema, type AppSettings, type AppSettingsPatch } from '../../shared/app-settings.ts';

/** A patch from main itself: the renderer's patch plus main's own bookkeeping (`trayHintShown`). */
export type MainSettingsPatch = AppSettingsPatch & { trayHintShown?: boolean };

export interface AppSettingsSource {
  get(): AppSettings;
  update(patch: MainSettingsPatch): AppSettings;
  /** Called after every change with the new settings; returns an unsubscribe function. */
  subscribe(listener: (s: AppSettings) => void): () => void;
}

export const APP_SETTINGS_KEY = 'appSettings';

const mainPatchSchema = appSettingsPatchSchema.extend({ trayHintShown: z.boolean().optional() });

export function createPortSettingsSource(port: SettingsPort): AppSettingsSource {
  const listeners = new Set<(s: AppSettings) => void>();
  const read = (): AppSettings => {
    const parsed = appSettingsSchema.safeParse(port.get(APP_SETTINGS_KEY) ?? {});
    return parsed.success ? parsed.data : appSettingsSchema.parse({});
  };
  return {
    get: read,
    update(patch) {
      const p = mainPatchSchema.parse(patch);
      const current = read();
      const next = appSettingsSchema.parse({ ...current, ...p, notifications: { ...current.notifications, ...p.notifications } });
      port.set(APP_SETTINGS_KEY, next);
      for (const l of [...listeners]) l(next);
      return next;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
