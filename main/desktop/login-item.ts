/**
 * Start at login (issue 9 item 3), opt-in, hidden in the tray. Plain Node: what to ask the OS for
 * and whether this launch was a login launch; main/electron/desktop-shell.ts makes the calls.
 *
 * - macOS, Windows: `app.setLoginItemSettings` (https://www.electronjs.org/docs/latest/api/app#appsetloginitemsettingssettings-macos-windows).
 *   Windows gets `--hidden` in `args`. macOS 13+ has no "open as hidden" any more (Electron 45 removed
 *   `openAsHidden`), so a macOS launch is hidden when `getLoginItemSettings().wasOpenedAtLogin` says it was a login launch.
 * - Linux: Electron has no login items there; the freedesktop way is a `.desktop` file in
 *   `$XDG_CONFIG_HOME/autostart` (Desktop Application Autostart Specification,
 *   https://specifications.freedesktop.org/autostart-spec/latest/), with `--hidden` on its Exec line.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { AppSettingsSource } from './settings-source.ts';

export const HIDDEN_ARG = '--hidden';

export interface LoginItemRequest {
  openAtLogin: boolean;
  args?: string[];
}

/** The `app.setLoginItemSettings` argument for macOS and Windows; undefined on Linux (see linuxAutostart). */
export function loginItemRequest(startAtLogin: boolean, platform: NodeJS.Platform): LoginItemRequest | undefined {
  if (platform === 'win32') return { openAtLogin: startAtLogin, args: [HIDDEN_ARG] };
  if (platform === 'darwin') return { openAtLogin: startAtLogin };
  return undefined;
}

/** Whether this launch should stay in the tray without opening the window. */
export function startsHidden(argv: readonly string[], platform: NodeJS.Platform, wasOpenedAtLogin: () => boolean): boolean {
  if (argv.includes(HIDDEN_ARG)) return true;
  return platform === 'darwin' && wasOpenedAtLogin();
}

/**
 * One Exec argument, quoted per the Desktop Entry Specification, "The Exec key"
 * (https://specifications.freedesktop.org/desktop-entry-spec/latest/exec-variables.html): inside double
 * quotes, `"`, `` ` ``, `$` and `\` take a backslash; then the value's own string escaping doubles every
 * backslash ("Possible value types"); `%` is doubled as a literal percent.
 */
export function execArgument(arg: string): string {
  const quoted = `"${arg.replace(/(["`$\\])/g, '\\$1')}"`;
  return quoted.replace(/\\/g, '\\\\').replace(/%/g, '%%');
}

export function autostartEntry(executable: string, appName = 'Storelink'): string {
  if (/[\n\r]/.test(executable) || /[\n\r]/.test(appName)) throw new RangeError('a desktop entry value cannot contain a line break');
  return [
    '[Desktop Entry]',
    'Type=Application',
    `Name=${appName}`,
    `Exec=${execArgument(executable)} ${HIDDEN_ARG}`,
    'X-GNOME-Autostart-enabled=true',
    'Terminal=false',
    '',
  ].join('\n');
}

export function autostartFile(env: NodeJS.ProcessEnv = process.env): string {
  const config = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(config, 'autostart', 'storelink.desktop');
}

/** Writes or removes the autostart file. `executable`: the AppImage when run as one, else the binary. */
export function applyLinuxAutostart(startAtLogin: boolean, executable: string, env: NodeJS.ProcessEnv = process.env): string {
  const file = autostartFile(env);
  if (startAtLogin) {
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, autostartEntry(executable), { mode: 0o644 });
  } else rmSync(file, { force: true });
  return file;
}

/** Applies `startAtLogin` now and again each time the setting changes (not at other changes); returns unsubscribe. */
export function followStartAtLogin(settings: Pick<AppSettingsSource, 'get' | 'subscribe'>, apply: (startAtLogin: boolean) => void): () => void {
  let current = settings.get().startAtLogin;
  apply(current);
  return settings.subscribe((s) => {
    if (s.startAtLogin !== current) apply((current = s.startAtLogin));
  });
}
