/**
 * Keeps every web contents on the app's own origin (security.md item 28): navigation and redirects
 * elsewhere are prevented, `window.open` is denied, `<webview>` cannot attach, and the session
 * grants no permission (camera, notifications, clipboard...). External links are handed to
 * `onExternal`, which opens only URLs the main process registered itself (open-external.ts).
 * Takes structural types so the same function is exercised in plain Node with fake objects.
 */
import { originOf } from '../ipc/sender-guard.ts';

interface PreventableEvent {
  preventDefault(): void;
}

export interface GuardedContents {
  on(event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate', listener: (event: PreventableEvent & { url?: string }, url?: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export interface GuardedSession {
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (...args: unknown[]) => boolean): void;
}

/** True when `url` stays on the app origin (`app://storelink`). */
export function isAppUrl(url: string, appOrigin: string): boolean {
  return originOf(url) === appOrigin.toLowerCase();
}

/**
 * Spec: https://www.electronjs.org/docs/latest/tutorial/security#13-disable-or-limit-navigation ,
 * #14 (limit creation of new windows), #5 (handle session permission requests), #12 (verify webview options).
 */
export function installNavigationGuard(contents: GuardedContents, appOrigin: string, onExternal: (url: string) => void = () => {}): void {
  const guard = (event: PreventableEvent & { url?: string }, url?: string): void => {
    const target = typeof url === 'string' ? url : (event.url ?? '');
    if (isAppUrl(target, appOrigin)) return;
    event.preventDefault();
    onExternal(target);
  };
  contents.on('will-navigate', guard);
  contents.on('will-frame-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    onExternal(url);
    return { action: 'deny' };
  });
}

/** Denies every permission request and check for the session. */
export function denyAllPermissions(session: GuardedSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
