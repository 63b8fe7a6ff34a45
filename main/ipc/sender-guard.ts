/**
 * Sender check for every IPC message (security.md item 30; Electron security checklist §17
 * "Validate the sender of all IPC messages"; VS Code `validatedIpcMain` drops messages from other
 * origins and from sub-frames). Pure: the shell maps Electron's `WebFrameMain` to this shape.
 */

export interface SenderFrame {
  url: string;
  isMainFrame: boolean;
}

/** `scheme://host[:port]` of a URL, computed by hand: WHATWG gives custom schemes the origin "null". */
export function originOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.host === '' || parsed.username !== '' || parsed.password !== '') return null;
  return `${parsed.protocol}//${parsed.host}`;
}

/**
 * True only for the app's own main frame loaded from `appOrigin` (e.g. `app://storelink`).
 * A destroyed/unknown frame (null), a sub-frame, or any other origin is refused.
 * Spec: https://www.electronjs.org/docs/latest/tutorial/security#17-validate-the-sender-of-all-ipc-messages
 */
export function isTrustedSender(frame: SenderFrame | null | undefined, appOrigin: string): boolean {
  if (!frame || frame.isMainFrame !== true || typeof frame.url !== 'string') return false;
  const origin = originOf(frame.url);
  return origin !== null && origin === appOrigin.toLowerCase();
}
