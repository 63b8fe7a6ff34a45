/**
 * The BrowserWindow options of the app's only window (security.md items 26 and 33). A pure
 * function, so tests inspect the real object the shell passes to `new BrowserWindow(...)`, and
 * `checkWebPreferences` refuses at startup any object that weakens the renderer's isolation.
 */
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import { MIN_SIZE, type WindowState } from './window-state.ts';

/**
 * Spec: https://www.electronjs.org/docs/latest/tutorial/security (items 2-4 context isolation,
 * sandbox, no Node integration; 5 webSecurity; 8-10 no insecure content, experimental or Blink features).
 */
export function createMainWindowOptions(input: { preloadPath: string; state: WindowState }): BrowserWindowConstructorOptions {
  const { bounds } = input.state;
  return {
    x: bounds.x,
    y: bounds.y,
    width: bounds.width,
    height: bounds.height,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'Storelink',
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      // Middle-click (auxclick) would otherwise be a navigation path of its own (electronegativity AUXCLICK_JS_CHECK).
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  };
}

/** Every way `prefs` weakens the renderer, in words; empty when it is the hardened set. */
export function checkWebPreferences(prefs: WebPreferences | undefined): string[] {
  if (!prefs) return ['webPreferences missing'];
  const problems: string[] = [];
  if (prefs.contextIsolation !== true) problems.push('contextIsolation must be true');
  if (prefs.sandbox !== true) problems.push('sandbox must be true');
  if (prefs.nodeIntegration !== false) problems.push('nodeIntegration must be false');
  if (prefs.nodeIntegrationInWorker === true) problems.push('nodeIntegrationInWorker must not be true');
  if (prefs.nodeIntegrationInSubFrames === true) problems.push('nodeIntegrationInSubFrames must not be true');
  if (prefs.webSecurity !== true) problems.push('webSecurity must be true');
  if (prefs.allowRunningInsecureContent === true) problems.push('allowRunningInsecureContent must not be set');
  if (prefs.experimentalFeatures === true) problems.push('experimentalFeatures must not be set');
  if (prefs.enableBlinkFeatures !== undefined) problems.push('enableBlinkFeatures must not be set');
  if (prefs.webviewTag === true) problems.push('webviewTag must not be true');
  if (typeof prefs.preload !== 'string' || prefs.preload === '') problems.push('preload path missing');
  return problems;
}
