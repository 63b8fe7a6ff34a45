/**
 * The system-notification port: the rules (notification-rules.ts) decide in plain Node what to say;
 * the shell shows it (main/electron/electron-notifier.ts wraps Electron's `Notification`).
 */
import type { NotificationKind } from '../../shared/app-settings.ts';

export interface DesktopNotification {
  kind: NotificationKind | 'trayHint';
  title: string;
  body: string;
  /** The connection the notification is about: clicking it opens the window on that connection. */
  connectionId?: string;
}

export interface NotifierPort {
  /** False where the OS offers no notifications (then nothing is shown and nothing is recorded). */
  isSupported(): boolean;
  /** Shows `n`; `onClick` runs when the admin clicks it. */
  show(n: DesktopNotification, onClick: () => void): void;
}
