/** The tray icon's context menu from the TrayState (plain Node; the shell builds it with Menu.buildFromTemplate). */
import type { MenuItemConstructorOptions } from 'electron';
import type { TrayState } from './tray-state.ts';

export interface TrayActions {
  open(): void;
  syncAll(): void;
  /** Called with the new paused value. */
  setPaused(paused: boolean): void;
  quit(): void;
}

export function trayMenuTemplate(state: TrayState, actions: TrayActions): MenuItemConstructorOptions[] {
  return [
    { id: 'status', label: state.tooltip.replace(/^Storelink: /, ''), enabled: false },
    { type: 'separator' },
    { id: 'open', label: state.menu.open, click: () => actions.open() },
    { id: 'syncAll', label: state.menu.syncAll, enabled: state.menu.syncAllEnabled, click: () => actions.syncAll() },
    { id: 'pause', label: state.menu.pause, type: 'checkbox', checked: state.menu.paused, click: () => actions.setPaused(!state.menu.paused) },
    { type: 'separator' },
    { id: 'quit', label: state.menu.quit, click: () => actions.quit() },
  ];
}
