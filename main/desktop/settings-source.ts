/**
 * What the desktop layer (tray, notifications, login item, window lifecycle) reads and changes: the
 * core's app settings store (main/core/settings/app-settings-store.ts), under its desktop name.
 */
export type { AppSettingsStore as AppSettingsSource, MainSettingsPatch } from '../core/settings/app-settings-store.ts';
