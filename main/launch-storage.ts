/**
 * Opens the data folder and the settings file for a launch, and never lets a storage fault stop the
 * app (security.md #44). Each fault is classified and the app starts in a degraded mode that touches
 * nothing in the real folder: settings in memory and a throwaway data folder for this session (so
 * no orphan sweep, order database or activity log can alter what a newer version or a broken disk
 * left there), with a notice in plain words saying what happened and what to do.
 * Plain Node: the shell passes electron-store's constructor, tests pass conf's.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { NoticeView } from '../shared/view-models.ts';
import type { SettingsPort } from './core/ports.ts';
import { SettingsTooNewError, memorySettings, openSettings, type ConfConstructor } from './core/store/open-settings.ts';

export type LaunchNotice = Pick<NoticeView, 'kind' | 'message'>;

export interface LaunchStorage {
  settings: SettingsPort;
  /** The folder the core and the order sync use: the real one, or a session-only one when degraded. */
  dataDir: string;
  notices: LaunchNotice[];
  /** False when nothing this session changes will be kept. */
  durable: boolean;
}

/** Plain words for each storage fault at launch. */
export function storageFaultNotice(err: unknown, dataDir: string, file: string): LaunchNotice {
  if (err instanceof SettingsTooNewError) {
    return {
      kind: 'settings-unavailable',
      message: `Storelink's settings were saved by a newer version of Storelink, so this version left them untouched and started with no connections. Update Storelink to see your connections again. Anything you change now is not kept. (Settings file: ${file})`,
    };
  }
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOTDIR' || code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'EEXIST' || code === 'ENOSPC') {
    return {
      kind: 'data-folder-unavailable',
      message: `Storelink cannot use its data folder ${dataDir} (${code === 'ENOTDIR' || code === 'EEXIST' ? 'a file is in the way' : code === 'ENOSPC' ? 'the disk is full' : 'it cannot be written'}), so it started without your saved connections and orders. Anything you change now is not kept. Check that the folder exists and that you can write to it (free some disk space if it is full), then restart Storelink.`,
    };
  }
  return {
    kind: 'settings-unavailable',
    message: `Storelink could not read its settings file ${file}, so it started without your saved connections and left the file as it is. Anything you change now is not kept. Check that the file can be read (it must be a file, not a folder), then restart Storelink.`,
  };
}

/** A session-only folder; throws when even the system temp folder cannot be used. */
function sessionFolder(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'storelink-session-'));
}

export function openLaunchStorage(ctor: ConfConstructor, dataDir: string, name = 'storelink'): LaunchStorage {
  const file = path.join(dataDir, `${name}.json`);
  try {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    fs.accessSync(dataDir, fs.constants.R_OK | fs.constants.W_OK);
    const { settings, recovered } = openSettings(ctor, { cwd: dataDir, name });
    const notices: LaunchNotice[] = recovered
      ? [
          {
            kind: 'settings-recovered',
            message: `Storelink's settings file could not be read, so it was moved aside (${path.basename(recovered.movedTo)}) and a new one started. Connections saved in it need to be connected again.`,
          },
        ]
      : [];
    return { settings, dataDir, notices, durable: true };
  } catch (err) {
    return { settings: memorySettings(), dataDir: sessionFolder(), notices: [storageFaultNotice(err, dataDir, file)], durable: false };
  }
}
