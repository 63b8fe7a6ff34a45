/**
 * The metadata store for plain Node (tests, CLI, benchmarks) on top of `conf`. The Electron shell calls
 * openSettings(ElectronStore, ...) the same way. security.md #34: atomic writes, corrupt file moved aside.
 */
import Conf from 'conf';
import { openSettings, type ConfConstructor, type OpenedSettings } from '../core/store/open-settings.ts';

/** `cwd` must be absolute; the file is `<cwd>/<name>.json`. */
export function openConfSettings(cwd: string, name = 'storelink'): OpenedSettings {
  return openSettings(Conf as unknown as ConfConstructor, { cwd, name });
}
