/**
 * What happens when the last window closes (issue 9 item 1), in plain Node. With "keep running in
 * the tray" on (the default), Storelink stays running, so connections keep being refreshed and
 * stores synced; the first time, it says so once. With it off, closing quits (the core is closed first).
 * macOS keeps the Dock convention: an app stays running when its last window closes and `activate`
 * (a Dock click) opens the window again, whatever the setting.
 */
import type { AppSettings } from '../../shared/app-settings.ts';
import type { DesktopNotification } from './notifier-port.ts';

export type ClosedAction = { kind: 'quit' } | { kind: 'keep-running'; hint?: DesktopNotification };

/** Where the tray icon lives, in each OS's own words. */
export function trayPlaceName(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'menu bar';
  if (platform === 'win32') return 'notification area';
  return 'system tray';
}

export function whenAllWindowsClosed(platform: NodeJS.Platform, settings: Pick<AppSettings, 'keepRunningInTray' | 'trayHintShown'>): ClosedAction {
  if (!settings.keepRunningInTray && platform !== 'darwin') return { kind: 'quit' };
  if (settings.trayHintShown || !settings.keepRunningInTray) return { kind: 'keep-running' };
  const place = trayPlaceName(platform);
  return {
    kind: 'keep-running',
    hint: {
      kind: 'trayHint',
      title: 'Storelink is still running',
      body: `It keeps your stores synced and tells you when one needs you. Open it or quit it from its icon in the ${place}. You can change this in Settings.`,
    },
  };
}
