/**
 * The desktop around the window (issue 9 items 1, 2, 3, 7): tray icon and its menu, system
 * notifications, start at login, the application menu and the About panel. Only rendering and
 * Electron calls live here; every decision is in main/desktop/* (plain Node, tested there).
 */
import { Menu, Tray, app, nativeImage, type NativeImage } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import type { StorelinkCore } from '../core/api.ts';
import type { LoggerPort, SettingsPort } from '../core/ports.ts';
import type { OptionalSyncApi } from '../ipc/sync-api.ts';
import type { SyncStatusView } from '../../shared/view-models.ts';
import { aboutPanelOptions, appMenuTemplate, helpLinksOf, type HelpLink } from '../desktop/app-menu.ts';
import { applyLinuxAutostart, followStartAtLogin, loginItemRequest } from '../desktop/login-item.ts';
import { settingsMemoryStore } from '../desktop/notification-memory.ts';
import { startNotificationWatcher } from '../desktop/notification-watcher.ts';
import type { NotifierPort } from '../desktop/notifier-port.ts';
import type { AppSettingsSource } from '../desktop/settings-source.ts';
import { trayIconPngs } from '../desktop/tray-icons.ts';
import { trayMenuTemplate } from '../desktop/tray-menu.ts';
import { trayState, type TrayIconKind } from '../desktop/tray-state.ts';
import { createElectronNotifier } from './electron-notifier.ts';

export interface DesktopShellOptions {
  core: StorelinkCore & OptionalSyncApi;
  appSettings: AppSettingsSource;
  settings: SettingsPort;
  logger: LoggerPort;
  /** Opens (or shows and focuses) the main window. */
  showWindow(): void;
  /** Shows the window on that connection's card. */
  focusConnection(connectionId: string): void;
  /** Opens an https link through the openExternal allow-list. */
  openLink(url: string): void;
  /** Help links to the platforms' own setup docs (app-menu.ts guideHelpLinks). */
  guideLinks?: readonly HelpLink[];
}

export interface DesktopShell {
  notifier: NotifierPort;
  /** Stops the watcher and removes the tray (before the core closes). */
  dispose(): void;
}

function iconImage(kind: TrayIconKind): NativeImage {
  const mac = process.platform === 'darwin';
  const pngs = trayIconPngs(kind, mac);
  const image = nativeImage.createFromBuffer(pngs.png1x, { scaleFactor: 1 });
  image.addRepresentation({ scaleFactor: 2, buffer: pngs.png2x });
  if (mac) image.setTemplateImage(true);
  return image;
}

function readPackage(): { homepage?: unknown; bugs?: unknown } {
  try {
    return JSON.parse(fs.readFileSync(path.join(app.getAppPath(), 'package.json'), 'utf8')) as { homepage?: unknown; bugs?: unknown };
  } catch {
    return {};
  }
}

/** Start at login: login items on macOS and Windows, an XDG autostart file on Linux. */
function applyStartAtLogin(startAtLogin: boolean, logger: LoggerPort): void {
  const request = loginItemRequest(startAtLogin, process.platform);
  try {
    if (request) app.setLoginItemSettings(request);
    else if (app.isPackaged) applyLinuxAutostart(startAtLogin, process.env.APPIMAGE ?? process.execPath);
  } catch (err) {
    logger.warn('start at login could not be changed', { error: err instanceof Error ? err.name : String(err) });
  }
}

/** electron-builder.yml `appId`: Windows shows a notification only for an app with an AppUserModelID. */
export const APP_USER_MODEL_ID = 'dev.storelink.app';

export function startDesktopShell(o: DesktopShellOptions): DesktopShell {
  // https://www.electronjs.org/docs/latest/tutorial/notifications (Windows: set the AppUserModelID).
  if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
  const pkg = readPackage();
  const links = helpLinksOf(pkg);
  app.setAboutPanelOptions(
    aboutPanelOptions(
      app.getName(),
      { app: app.getVersion(), electron: process.versions.electron ?? '', chrome: process.versions.chrome ?? '', node: process.versions.node },
      links[0]?.url,
    ),
  );
  const template = appMenuTemplate({
    platform: process.platform,
    appName: app.getName(),
    packaged: app.isPackaged,
    helpLinks: [...links, ...(o.guideLinks ?? [])],
    openLink: o.openLink,
    showAbout: () => app.showAboutPanel(),
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));

  // ---- tray ----
  const syncStatus = new Map<string, SyncStatusView>();
  const tray = new Tray(iconImage('ok'));
  let shownIcon: TrayIconKind = 'ok';
  let shownKey = '';
  const render = (): void => {
    const state = trayState({ connections: o.core.listConnections(), sync: [...syncStatus.values()], syncPaused: o.appSettings.get().syncPaused });
    // Progress comes once per page during a sync: the menu is rebuilt only when what it shows changed.
    const key = JSON.stringify(state);
    if (key === shownKey) return;
    shownKey = key;
    if (state.icon !== shownIcon) tray.setImage(iconImage((shownIcon = state.icon)));
    tray.setToolTip(state.tooltip);
    tray.setContextMenu(
      Menu.buildFromTemplate(
        trayMenuTemplate(state, {
          open: o.showWindow,
          syncAll: () => void o.core.sync?.syncNow({}).catch(() => o.logger.warn('sync all from the tray failed')),
          setPaused: (syncPaused) => void o.appSettings.update({ syncPaused }),
          quit: () => app.quit(),
        }),
      ),
    );
  };
  // Windows and Linux: a click on the icon opens the window (macOS shows the menu, its convention).
  if (process.platform !== 'darwin') tray.on('click', () => o.showWindow());
  void o.core.sync
    ?.listSyncStatus()
    .then((list) => {
      for (const s of list) if (!syncStatus.has(s.connectionId)) syncStatus.set(s.connectionId, s);
      render();
    })
    .catch(() => o.logger.warn('sync status for the tray could not be read'));
  const offs: Array<() => void> = [
    o.core.on('connectionsChanged', render),
    o.core.sync?.onProgress?.((s) => (syncStatus.set(s.connectionId, s), render())) ?? (() => {}),
  ];

  // ---- start at login, applied now and whenever the setting changes ----
  offs.push(followStartAtLogin(o.appSettings, (on) => applyStartAtLogin(on, o.logger)));
  offs.push(o.appSettings.subscribe(render));
  render();

  // ---- notifications ----
  const notifier = createElectronNotifier();
  const watcher = startNotificationWatcher({
    sources: {
      listConnections: () => o.core.listConnections(),
      onConnectionsChanged: (l) => o.core.on('connectionsChanged', l),
      listSyncStatus: () => o.core.sync?.listSyncStatus() ?? [],
      ...(o.core.sync?.onProgress ? { onSyncProgress: o.core.sync.onProgress } : {}),
    },
    settings: o.appSettings,
    notifier,
    memory: settingsMemoryStore(o.settings),
    onClick: (id) => (id ? o.focusConnection(id) : o.showWindow()),
    logger: o.logger,
  });

  return {
    notifier,
    dispose() {
      watcher.stop();
      for (const off of offs) off();
      tray.destroy();
    },
  };
}
