/**
 * The only door to `shell.openExternal` (security.md items 3 and 29). The core's BrowserOpenerPort
 * registers each authorization URL it builds; only registered URLs are ever opened, and only https
 * (or plain http to 127.0.0.1 for the bundled demo store). A URL coming from the renderer
 * (`window.open`, a link) is opened only if it is one the main process registered itself.
 */
import { ErrorCode, StorelinkError } from '../core/errors.ts';
import type { BrowserOpenerPort } from '../core/ports.ts';

/** https with a host, or http to the IPv4 loopback literal; never credentials in the URL. */
export function isOpenableUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.username !== '' || u.password !== '' || u.hostname === '') return false;
  if (u.protocol === 'https:') return true;
  return u.protocol === 'http:' && u.hostname === '127.0.0.1';
}

export interface ElectronOpener {
  /** Given to the core as its BrowserOpenerPort. */
  port: BrowserOpenerPort;
  /** True for a URL this opener registered (and that is openable). */
  isAllowed(url: string): boolean;
  /** Opens `url` only when allowed; resolves to whether it did. For renderer-originated URLs. */
  openIfAllowed(url: string): Promise<boolean>;
}

/**
 * `openExternal` is Electron's `shell.openExternal` in the shell and a fake in tests.
 * Spec: https://www.electronjs.org/docs/latest/tutorial/security#15-do-not-use-shellopenexternal-with-untrusted-content ;
 * RFC 8252 §8.12 (external user-agent).
 */
export function createElectronOpener(
  openExternal: (url: string) => Promise<void>,
  maxRemembered = 64,
  /** Fixed pages that may always be opened: exactly the docs pages the setup guides link to. */
  docUrls: ReadonlySet<string> = new Set(),
  /** Electron's `clipboard.writeText`: "Copy link" of a pending sign-in; only for URLs this opener opened. */
  writeClipboard?: (text: string) => void,
): ElectronOpener {
  const registered = new Set<string>();
  const isAllowed = (url: string): boolean => (registered.has(url) || docUrls.has(url)) && isOpenableUrl(url);
  const launch = async (url: string): Promise<void> => {
    try {
      await openExternal(url);
    } catch (err) {
      // The URL (with its state parameter) is deliberately left out of the message.
      throw new StorelinkError(ErrorCode.BrowserOpenFailed, 'The system browser could not be opened.', { cause: err });
    }
  };
  return {
    port: {
      async open(url: string): Promise<void> {
        if (!isOpenableUrl(url)) {
          throw new StorelinkError(ErrorCode.BrowserOpenFailed, 'Storelink only opens https addresses in the browser.');
        }
        registered.delete(url);
        registered.add(url);
        while (registered.size > maxRemembered) registered.delete(registered.values().next().value as string);
        await launch(url);
      },
      ...(writeClipboard
        ? {
            async copyLink(url: string): Promise<void> {
              if (!isAllowed(url)) throw new StorelinkError(ErrorCode.BrowserOpenFailed, 'Storelink only copies sign-in addresses it opened itself.');
              writeClipboard(url);
            },
          }
        : {}),
    },
    isAllowed,
    async openIfAllowed(url: string): Promise<boolean> {
      if (!isAllowed(url)) return false;
      await launch(url);
      return true;
    },
  };
}
