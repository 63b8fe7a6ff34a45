/**
 * The admin's app settings (issue 9): one zod schema, the single source for the settings file's
 * `appSettings` key, the IPC contract's settings channels and the settings screen.
 * Every field has a default, so a settings file from an older version (or none) reads as the defaults
 * (`appSettingsSchema.parse({})`), and an unknown key from a newer version is dropped, not fatal.
 */
import { z } from 'zod';

/** Sync intervals the settings screen offers, in minutes (15 was the only one before issue 9). */
export const SYNC_INTERVALS_MINUTES = [5, 15, 30, 60, 240] as const;

/** Kinds of system notification; each can be switched off (issue 9 item 2). */
export const NOTIFICATION_KINDS = ['needsSignIn', 'syncFailing', 'expiringSoon', 'dailyDigest'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const notificationSwitchesSchema = z.object({
  /** A connection needs signing in again. */
  needsSignIn: z.boolean().default(true),
  /** A sync failed three times in a row. */
  syncFailing: z.boolean().default(true),
  /** A refresh token or a platform secret expires within 7 days. */
  expiringSoon: z.boolean().default(true),
  /** A daily digest of new orders (opt-in). */
  dailyDigest: z.boolean().default(false),
});

export const appSettingsSchema = z.object({
  syncIntervalMinutes: z.literal(SYNC_INTERVALS_MINUTES).default(15),
  /** Pause every automatic sync (Sync now still works). */
  syncPaused: z.boolean().default(false),
  /** Closing the window keeps Storelink running in the tray / menu bar. */
  keepRunningInTray: z.boolean().default(true),
  /** Whether the admin was already told, once, that closing the window keeps Storelink running. */
  trayHintShown: z.boolean().default(false),
  /** Open at login, hidden in the tray (opt-in). */
  startAtLogin: z.boolean().default(false),
  notifications: notificationSwitchesSchema.default(notificationSwitchesSchema.parse({})),
});

export type AppSettings = z.output<typeof appSettingsSchema>;

/**
 * A change the renderer may ask for: any subset of the fields it may set (no defaults here, so a patch
 * never resets a field it does not name). `trayHintShown` is main's own bookkeeping.
 */
export const appSettingsPatchSchema = z
  .object({
    syncIntervalMinutes: z.literal(SYNC_INTERVALS_MINUTES),
    syncPaused: z.boolean(),
    keepRunningInTray: z.boolean(),
    startAtLogin: z.boolean(),
    notifications: z.object({ needsSignIn: z.boolean(), syncFailing: z.boolean(), expiringSoon: z.boolean(), dailyDigest: z.boolean() }).partial().strict(),
  })
  .partial()
  .strict();
export type AppSettingsPatch = z.output<typeof appSettingsPatchSchema>;

export const DEFAULT_APP_SETTINGS: AppSettings = appSettingsSchema.parse({});
