/**
 * The `app://storelink` protocol that serves the UI instead of `file://` (security.md item 27).
 * Spec: https://www.electronjs.org/docs/latest/api/protocol#protocolhandlescheme-handler
 */
import { protocol } from 'electron';
import { createAppRequestHandler } from './app-response.ts';
import { APP_SCHEME } from './protocol-path.ts';

/** Must run before `app` is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Serves `rendererRoot` (dist/renderer) on the scheme; call once the app is ready. */
export function serveApp(rendererRoot: string): void {
  protocol.handle(APP_SCHEME, createAppRequestHandler(rendererRoot));
}
