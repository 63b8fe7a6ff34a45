/**
 * Opens the metadata store (conf in plain Node, electron-store in the Electron shell: same constructor,
 * so the class is passed in). security.md #34: writes are atomic (conf writes a temp file, fsyncs it and
 * renames it over the real one: `atomically`'s writeFileSync), and a file that does not parse is moved
 * aside to `<name>.corrupt-<timestamp>.json` and reported, never silently replaced with an empty one.
 * conf itself would read `[]`, `42` or `null` as an empty store, so the file is checked here first.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ErrorCode, StorageError } from '../errors.ts';
import type { SettingsPort } from '../ports.ts';
import { DEFAULT_APP_SETTINGS } from '../../../shared/app-settings.ts';
import { APP_SETTINGS_KEY } from '../settings/app-settings-store.ts';

/** What conf and electron-store instances have in common that this module uses. */
export interface ConfLike {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
  readonly path: string;
}

export type ConfConstructor = new (options: Record<string, unknown>) => ConfLike;

/** Key of the layout version (conf's own `migrations` need a `projectVersion`; this does not). */
export const SCHEMA_VERSION_KEY = 'schemaVersion';

/** The settings file's layout is newer than this version knows: it must not be rewritten (security.md #44). */
export class SettingsTooNewError extends StorageError {}

/** Settings held in memory only, for a launch whose file cannot be used (security.md #44). */
export function memorySettings(initial: Record<string, unknown> = {}): SettingsPort {
  const values = new Map(Object.entries(structuredClone(initial)));
  return {
    get: (key) => structuredClone(values.get(key)),
    set: (key, value) => void values.set(key, structuredClone(value)),
    delete: (key) => void values.delete(key),
  };
}

export type SettingsMigration = (settings: SettingsPort) => void;

/**
 * Layout migrations by the version they produce. Version 1: the connection list (`connectionIds`) and
 * records (`connectionRecords`, see connection-records.ts) exist as empty collections. Version 2
 * (issue 9): the app settings (`appSettings`, shared/app-settings.ts) exist; a file from before has
 * none, so they start as the defaults. A value already there is left for the settings store to check
 * (main/core/settings/app-settings-store.ts: an unusable one is replaced by the defaults with a notice).
 */
export const SETTINGS_MIGRATIONS: Record<number, SettingsMigration> = {
  1: (s) => {
    if (!Array.isArray(s.get('connectionIds'))) s.set('connectionIds', []);
    const records = s.get('connectionRecords');
    if (!records || typeof records !== 'object' || Array.isArray(records)) s.set('connectionRecords', {});
  },
  2: (s) => {
    if (s.get(APP_SETTINGS_KEY) === undefined) s.set(APP_SETTINGS_KEY, structuredClone(DEFAULT_APP_SETTINGS));
  },
};

export interface OpenSettingsOptions {
  /** Absolute folder of the file. */
  cwd: string;
  /** File name without `.json`. */
  name: string;
  /** For the `.corrupt-<timestamp>` name; default Date.now. */
  now?: () => number;
  /** Defaults to SETTINGS_MIGRATIONS; the highest key is the current version. */
  migrations?: Record<number, SettingsMigration>;
}

export interface OpenedSettings {
  settings: SettingsPort;
  /** Set when the file did not parse and was moved aside; the UI reports it (security.md #34). */
  recovered?: { movedTo: string; reason: string };
}

/** Why the file cannot be used as a store, or undefined when it can (or does not exist). */
function problemWith(file: string): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StorageError(ErrorCode.SettingsCorrupt, `The settings file ${file} could not be read.`, { cause: err });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return text.trim() === '' ? 'the file is empty' : 'the file is not valid JSON';
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'the file does not hold a settings object';
  return undefined;
}

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[:.]/g, '-');
}

function moveAside(file: string, cwd: string, name: string, now: () => number): string {
  let target = path.join(cwd, `${name}.corrupt-${stamp(now())}.json`);
  for (let i = 1; fs.existsSync(target); i++) target = path.join(cwd, `${name}.corrupt-${stamp(now())}-${i}.json`);
  fs.renameSync(file, target);
  return target;
}

function construct(ctor: ConfConstructor, cwd: string, name: string): ConfLike {
  // `name` for electron-store, `configName` for conf; each maps or ignores the other.
  return new ctor({ cwd, name, configName: name, clearInvalidConfig: false });
}

function migrate(settings: SettingsPort, migrations: Record<number, SettingsMigration>): void {
  const versions = Object.keys(migrations)
    .map(Number)
    .sort((a, b) => a - b);
  const current = versions.at(-1) ?? 0;
  const stored = settings.get(SCHEMA_VERSION_KEY);
  const from = typeof stored === 'number' && Number.isInteger(stored) ? stored : 0;
  if (from > current) {
    throw new SettingsTooNewError(
      ErrorCode.SettingsCorrupt,
      `The settings file was written by a newer version of Storelink (layout ${from}, this version knows ${current}). Update Storelink to open it.`,
    );
  }
  for (const v of versions) {
    if (v <= from) continue;
    (migrations[v] as SettingsMigration)(settings);
    settings.set(SCHEMA_VERSION_KEY, v);
  }
}

export function openSettings(ctor: ConfConstructor, options: OpenSettingsOptions): OpenedSettings {
  const { cwd, name } = options;
  if (!path.isAbsolute(cwd)) throw new StorageError(ErrorCode.SettingsCorrupt, 'The settings folder must be an absolute path.');
  const now = options.now ?? Date.now;
  const file = path.join(cwd, `${name}.json`);
  let recovered: OpenedSettings['recovered'];
  const reason = problemWith(file);
  let store: ConfLike;
  if (reason) {
    recovered = { movedTo: moveAside(file, cwd, name, now), reason };
    store = construct(ctor, cwd, name);
  } else {
    try {
      store = construct(ctor, cwd, name);
    } catch (err) {
      // conf found it unreadable after all (e.g. changed between the check and the read).
      if (!(err instanceof SyntaxError) || !fs.existsSync(file)) throw err;
      recovered = { movedTo: moveAside(file, cwd, name, now), reason: 'the file is not valid JSON' };
      store = construct(ctor, cwd, name);
    }
  }
  const settings: SettingsPort = {
    get: (key) => store.get(key),
    set: (key, value) => store.set(key, value),
    delete: (key) => store.delete(key),
  };
  migrate(settings, options.migrations ?? SETTINGS_MIGRATIONS);
  return recovered ? { settings, recovered } : { settings };
}
