/**
 * Electron main process: the thin shell around the core (security.md section E). Everything with
 * logic lives in plain-Node modules (main/ipc/**, the pure files beside this one); this file only
 * wires them to Electron's objects. Bundled by scripts/build-main.mjs to dist/main/electron-main.js.
 */
import { BrowserWindow, app, clipboard, dialog, ipcMain, powerMonitor, screen, session, shell, type WebFrameMain } from 'electron';
import ElectronStore from 'electron-store';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createKeytarKeychain } from '../adapters/keytar-keychain.ts';
import type { StorelinkCore } from '../core/api.ts';
import { createStorelinkApp } from '../storelink-app.ts';
import { MAIN_PROCESS_V8_FLAGS } from '../sync/v8-flags.ts';
import { memorySettings, type ConfConstructor } from '../core/store/open-settings.ts';
import type { SettingsPort } from '../core/ports.ts';
import { openLaunchStorage } from '../launch-storage.ts';
import { startupFailedCore, startupFailedMessage } from '../startup-failed-core.ts';
import { ErrorCode, StorageError } from '../core/errors.ts';
import { REQUEST_CHANNELS, channelOf } from '../../shared/ipc-contract.ts';
import { forwardEvents } from '../ipc/events.ts';
import { createDispatch, createIpcHandlers } from '../ipc/handlers.ts';
import type { SenderFrame } from '../ipc/sender-guard.ts';
import type { OptionalSyncApi } from '../ipc/sync-api.ts';
import type { OptionalAppApis } from '../ipc/app-apis.ts';
import { registerAppScheme, serveApp } from './app-protocol.ts';
import { createConsoleLogger } from './console-logger.ts';
import { denyAllPermissions, installNavigationGuard } from './navigation-guard.ts';
import { createElectronOpener } from './open-external.ts';
import { electronSaveDialog } from './save-dialog.ts';
import { APP_ENTRY, APP_ORIGIN } from './protocol-path.ts';
import { checkWebPreferences, createMainWindowOptions } from './window-options.ts';
import { loadWindowState, saveWindowState } from './window-state.ts';
import { startDesktopShell, type DesktopShell } from './desktop-shell.ts';
import type { AppSettingsSource } from '../desktop/settings-source.ts';
import { startsHidden } from '../desktop/login-item.ts';
import { guideHelpLinks } from '../desktop/app-menu.ts';
import { whenAllWindowsClosed } from '../desktop/window-lifecycle.ts';
import { BUILTIN_PROFILES } from '../core/providers/registry.ts';
import { guideDocUrls } from '../core/providers/setup-guide.ts';
import { createSetupService } from '../core/setup/setup-service.ts';
import { createDialogFileSaver } from './save-file-dialog.ts';

const here = path.dirname(fileURLToPath(import.meta.url)); // dist/main
const logger = createConsoleLogger();
let win: BrowserWindow | null = null;
/** Opens the window, or shows and focuses it (set once the app has started). */
let showWindow: () => BrowserWindow | null = () => win;

const toSenderFrame = (f: WebFrameMain | null): SenderFrame | null => (f ? { url: f.url, isMainFrame: f.parent === null } : null);

app.enableSandbox();
// The main process runs the order sync: a small young generation keeps its peak RSS bounded
// (bench: 1M-order sync 212 MB with it, ~330 MB without). Same flag as the benchmark uses.
app.commandLine.appendSwitch('js-flags', MAIN_PROCESS_V8_FLAGS.join(' '));
registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit(); // security.md #32: the first instance gets 'second-instance' and focuses itself.
} else {
  app.on('second-instance', () => void showWindow());
  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      logger.error('startup failed', { error: err instanceof Error ? err.name : String(err) });
      app.exit(1);
    });
}

async function start(): Promise<void> {
  serveApp(path.join(here, '..', 'renderer'));
  denyAllPermissions(session.defaultSession);
  const opener = createElectronOpener(
    (url) => shell.openExternal(url),
    64,
    guideDocUrls(BUILTIN_PROFILES.map((p) => p.guide)),
    (text) => clipboard.writeText(text),
  );
  app.on('web-contents-created', (_e, contents) => {
    installNavigationGuard(contents, APP_ORIGIN, (url) => void opener.openIfAllowed(url));
  });

  // security.md #44: a storage fault never stops the launch; the window opens and says what happened.
  const userData = app.getPath('userData');
  let settings: SettingsPort = memorySettings();
  let core: StorelinkCore & OptionalSyncApi;
  try {
    const storage = openLaunchStorage(ElectronStore as unknown as ConfConstructor, userData);
    settings = storage.settings;
    for (const n of storage.notices) logger.warn('storage problem at launch', { kind: n.kind });
    core = await createStorelinkApp({
      dataDir: storage.dataDir,
      keychain: createKeytarKeychain(),
      settings,
      opener: opener.port,
      logger,
      notices: storage.notices,
      saveDialog: electronSaveDialog(
        dialog,
        () => win,
        () => app.getPath('documents'),
      ),
    });
  } catch (err) {
    logger.error('the core could not start', { error: err instanceof Error ? err.name : String(err) });
    core = startupFailedCore(startupFailedMessage(userData));
  }

  // Issue 9: the app settings (main/core/settings/app-settings-store.ts), read by the tray, notifications and login item.
  const appSettings: AppSettingsSource = core.appSettings;
  const focusListeners = new Set<(p: { connectionId: string }) => void>();
  const focusConnection = (connectionId: string): void => {
    const w = showWindow();
    if (!w) return;
    const send = (): void => {
      for (const l of focusListeners) l({ connectionId });
    };
    if (w.webContents.isLoading()) w.webContents.once('did-finish-load', send);
    else send();
  };

  // Settings "where data lives" (issue 9): the file manager opens the folder main knows; nothing comes from the renderer.
  const showDataFolder = async (): Promise<void> => {
    const failure = await shell.openPath(core.dataLocation());
    if (failure)
      throw new StorageError(ErrorCode.SettingsCorrupt, 'Storelink could not open its data folder in your file manager. Its location is shown above.');
  };
  // The setup guide: docs links, the forwarding page (save dialog here, path stays in main), its test.
  const setup = createSetupService({
    providers: () => core.listProviders(),
    opener: opener.port,
    files: createDialogFileSaver(
      (options) => (win ? dialog.showSaveDialog(win, options) : dialog.showSaveDialog(options)),
      () => app.getPath('documents'),
    ),
  });
  const appApis = core as StorelinkCore & OptionalAppApis;
  const apis: OptionalAppApis = {
    ...(appApis.exports ? { exports: appApis.exports } : {}),
    ...(appApis.orderAdmin ? { orderAdmin: appApis.orderAdmin } : {}),
    setup,
  };
  const dispatch = createDispatch(createIpcHandlers(core, core.sync, apis, { showDataFolder }), APP_ORIGIN, logger);
  for (const name of REQUEST_CHANNELS) {
    ipcMain.handle(channelOf(name), (event, arg: unknown) => dispatch(name, toSenderFrame(event.senderFrame), arg));
  }
  forwardEvents(
    core,
    (channel, payload) => {
      if (win && !win.isDestroyed()) win.webContents.send(channel, payload);
    },
    {
      sync: core.sync,
      logger,
      focusConnection: (l) => (focusListeners.add(l), () => void focusListeners.delete(l)),
    },
  );
  powerMonitor.on('resume', () => void core.onResume().catch(() => logger.warn('refresh after resume failed')));

  showWindow = () => {
    if (!win) createWindow(settings);
    else {
      if (win.isMinimized()) win.restore();
      win.show();
      win.focus();
    }
    return win;
  };
  let desktop: DesktopShell | undefined;
  let closed = false;
  app.on('before-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    closed = true;
    desktop?.dispose();
    core.close().finally(() => app.quit());
  });
  // Issue 9 item 1: closing the window keeps Storelink (refresh, sync, notifications) running in the tray.
  app.on('window-all-closed', () => {
    const action = whenAllWindowsClosed(process.platform, appSettings.get());
    // Without a tray icon (it could not be made) nothing would be left to reopen or quit Storelink from.
    if (action.kind === 'quit' || (!desktop && process.platform !== 'darwin')) return app.quit();
    if (action.hint && desktop?.notifier.isSupported()) {
      desktop.notifier.show(action.hint, () => void showWindow());
      appSettings.update({ trayHintShown: true }); // said once
    }
  });
  app.on('activate', () => void showWindow()); // macOS: a Dock click reopens the window
  try {
    desktop = startDesktopShell({
      core,
      appSettings,
      settings,
      logger,
      showWindow: () => void showWindow(),
      focusConnection,
      openLink: (url) => void opener.port.open(url).catch(() => logger.warn('a help link could not be opened')),
      guideLinks: guideHelpLinks(BUILTIN_PROFILES),
    });
  } catch (err) {
    // security.md #44 spirit: the window still opens; closing it then quits.
    logger.error('the tray and menus could not be set up', { error: err instanceof Error ? err.name : String(err) });
  }
  const hidden = desktop !== undefined && startsHidden(process.argv, process.platform, () => app.getLoginItemSettings().wasOpenedAtLogin);
  if (!hidden) createWindow(settings);
}

function createWindow(settings: Parameters<typeof saveWindowState>[0]): void {
  const workAreas = [screen.getPrimaryDisplay(), ...screen.getAllDisplays()].map((d) => d.workArea);
  const state = loadWindowState(settings, workAreas);
  const options = createMainWindowOptions({ preloadPath: path.join(here, 'preload.cjs'), state });
  const problems = checkWebPreferences(options.webPreferences);
  if (problems.length > 0) throw new Error(`Refusing to open a weakened window: ${problems.join(', ')}`);
  win = new BrowserWindow(options);
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win?.show());
  win.on('close', () => {
    if (win) saveWindowState(settings, { bounds: win.getNormalBounds(), maximized: win.isMaximized() });
  });
  win.on('closed', () => (win = null));
  void win.loadURL(APP_ENTRY);
}
