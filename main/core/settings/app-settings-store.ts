/**
 * The admin's app settings (issue 9 item 4), kept in the settings file under `appSettings` and
 * validated with the one schema in shared/app-settings.ts. The tray, notifications, login item and the
 * sync scheduler read it through this interface; the settings screen changes it over IPC.
 *
 * - A file from before layout 2 has no `appSettings`: migration 2 (store/open-settings.ts) writes the
 *   defaults, and a missing key reads as the defaults here too.
 * - A stored value that does not fit the schema (a hand edit, a damaged write) is replaced by the
 *   defaults and reported once through `onReset` (shown as a notice); never fatal.
 * - `update` validates the patch with `appSettingsPatchSchema` (a refused patch changes nothing and
 *   throws an InputError), writes the merged settings at once, then tells every subscriber.
 */
import { appSettingsPatchSchema, appSettingsSchema, DEFAULT_APP_SETTINGS, type AppSettings, type AppSettingsPatch } from '../../../shared/app-settings.ts';
import { z } from 'zod';
import { InputError } from '../errors.ts';
import type { LoggerPort, SettingsPort } from '../ports.ts';

export const APP_SETTINGS_KEY = 'appSettings';

/** A change from main itself: the renderer's patch plus main's own bookkeeping (`trayHintShown`). */
export type MainSettingsPatch = AppSettingsPatch & { trayHintShown?: boolean };

export interface AppSettingsStore {
  get(): AppSettings;
  update(patch: MainSettingsPatch): AppSettings;
  subscribe(listener: (s: AppSettings) => void): () => void;
}

/** Plain words for the notice shown when a stored value was replaced by the defaults. */
export const APP_SETTINGS_RESET_MESSAGE =
  'Your Storelink settings (sync interval, notifications, tray and login options) could not be read, so they were set back to the defaults. Check them on the Settings screen.';

export interface AppSettingsStoreOptions {
  /** Called once when the stored value was unusable and the defaults replaced it. */
  onReset?: (reason: string) => void;
  logger?: LoggerPort;
}

/**
 * What main itself may change: the renderer's patch plus main's own bookkeeping (`trayHintShown`, set
 * by the tray once it told the admin). The IPC boundary validates with `appSettingsPatchSchema` first,
 * so the renderer can never set it.
 */
const mainPatchSchema = appSettingsPatchSchema.extend({ trayHintShown: z.boolean().optional() }).strict();

const copy = (s: AppSettings): AppSettings => structuredClone(s);

/** Why a stored value is unusable, in a few plain words (no values: they could be anything). */
function issueOf(error: { issues: Array<{ path: PropertyKey[] }> }): string {
  const paths = [...new Set(error.issues.map((i) => i.path.map(String).join('.') || 'the whole value'))].slice(0, 3);
  return `unreadable: ${paths.join(', ')}`;
}

export function createAppSettingsStore(settings: SettingsPort, options: AppSettingsStoreOptions = {}): AppSettingsStore {
  const listeners = new Set<(s: AppSettings) => void>();
  let current: AppSettings;
  const stored = settings.get(APP_SETTINGS_KEY);
  const parsed = appSettingsSchema.safeParse(stored ?? {});
  if (parsed.success) {
    current = parsed.data;
    if (stored === undefined) settings.set(APP_SETTINGS_KEY, copy(current));
  } else {
    current = copy(DEFAULT_APP_SETTINGS);
    settings.set(APP_SETTINGS_KEY, copy(current));
    options.logger?.warn('app settings were unreadable and set back to the defaults', { reason: issueOf(parsed.error) });
    options.onReset?.(issueOf(parsed.error));
  }

  function notify(): void {
    for (const l of [...listeners]) {
      try {
        l(copy(current));
      } catch (err) {
        options.logger?.error('app settings listener failed', { error: err });
      }
    }
  }

  return {
    get: () => copy(current),
    update(patch) {
      const checked = mainPatchSchema.safeParse(patch);
      if (!checked.success) throw new InputError(`That setting cannot be saved (${issueOf(checked.error)}).`);
      const p = checked.data;
      const next = appSettingsSchema.parse({
        ...current,
        ...p,
        notifications: { ...current.notifications, ...(p.notifications ?? {}) },
      });
      if (JSON.stringify(next) === JSON.stringify(current)) return copy(current);
      settings.set(APP_SETTINGS_KEY, copy(next));
      current = next;
      notify();
      return copy(current);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

/** An in-memory store (startup without a usable settings file, fakes). */
export function memoryAppSettingsStore(initial: AppSettings = DEFAULT_APP_SETTINGS): AppSettingsStore {
  const values = new Map<string, unknown>([[APP_SETTINGS_KEY, copy(initial)]]);
  return createAppSettingsStore({
    get: (k) => structuredClone(values.get(k)),
    set: (k, v) => void values.set(k, structuredClone(v)),
    delete: (k) => void values.delete(k),
  });
}
