/**
 * The NotifierPort (main/desktop/notifier-port.ts) on Electron's `Notification`
 * (https://www.electronjs.org/docs/latest/api/notification). Shown notifications are kept referenced
 * until closed: a garbage-collected Notification loses its click handler.
 */
import { Notification } from 'electron';
import type { NotifierPort } from '../desktop/notifier-port.ts';

export function createElectronNotifier(): NotifierPort {
  const live = new Set<Notification>();
  return {
    isSupported: () => Notification.isSupported(),
    show(n, onClick) {
      const note = new Notification({ title: n.title, body: n.body });
      live.add(note);
      note.on('click', () => {
        live.delete(note);
        onClick();
      });
      note.on('close', () => live.delete(note));
      note.show();
    },
  };
}
