/**
 * The application menu and the About panel, built in plain Node so each platform's template can be
 * tested; main/electron/desktop-shell.ts hands it to `Menu.buildFromTemplate`.
 * Conventions: Electron's menu roles (https://www.electronjs.org/docs/latest/api/menu-item#roles) give
 * each item the OS's own label, accelerator and behaviour; macOS puts the app menu first (About, Services,
 * Hide, Quit: Apple HIG "The menu bar"); Windows and Linux put Quit/Exit under File. Edit carries the
 * clipboard roles so copy and paste work in the forms; View has zoom but never the developer tools
 * in a packaged app (security.md: no devtools in production); Help opens links only through the
 * openExternal allow-list (main/electron/open-external.ts).
 */
import type { AboutPanelOptionsOptions, MenuItemConstructorOptions } from 'electron';

export interface HelpLink {
  label: string;
  /** https only: the opener refuses anything else. */
  url: string;
}

export interface MenuInput {
  platform: NodeJS.Platform;
  appName: string;
  /** True in a packaged build: no reload, no developer tools. */
  packaged: boolean;
  helpLinks: readonly HelpLink[];
  openLink(url: string): void;
  /** Windows and Linux have no About role with a panel of versions everywhere; this shows it. */
  showAbout(): void;
}

export function appMenuTemplate(input: MenuInput): MenuItemConstructorOptions[] {
  const mac = input.platform === 'darwin';
  // Access keys (Alt+F) are a Windows and Linux convention; macOS menus have none.
  const key = (label: string): string => (mac ? label : `&${label}`);
  const menus: MenuItemConstructorOptions[] = [];
  if (mac) {
    menus.push({
      label: input.appName,
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  menus.push({ label: key('File'), submenu: mac ? [{ role: 'close' }] : [{ role: 'close' }, { type: 'separator' }, { role: 'quit' }] });
  menus.push({
    label: key('Edit'),
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(mac ? ([{ role: 'pasteAndMatchStyle' }, { role: 'delete' }] as const) : ([{ role: 'delete' }] as const)),
      { type: 'separator' },
      { role: 'selectAll' },
    ],
  });
  menus.push({
    label: key('View'),
    submenu: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(input.packaged ? [] : ([{ type: 'separator' }, { role: 'reload' }, { role: 'toggleDevTools' }] as const)),
    ],
  });
  menus.push({
    label: key('Window'),
    submenu: mac ? [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }],
    ...(mac ? { role: 'windowMenu' as const } : {}),
  });
  const links: MenuItemConstructorOptions[] = input.helpLinks
    .filter((l) => l.url.startsWith('https://'))
    .map((l) => ({ label: l.label, click: () => input.openLink(l.url) }));
  menus.push({
    label: key('Help'),
    role: 'help',
    submenu: [
      ...links,
      ...(mac
        ? []
        : ([
            ...(links.length > 0 ? [{ type: 'separator' }] : []),
            { label: `About ${input.appName}`, click: () => input.showAbout() },
          ] as MenuItemConstructorOptions[])),
    ],
  });
  return menus;
}

export interface Versions {
  app: string;
  electron: string;
  chrome: string;
  node: string;
}

/** The About panel (app.setAboutPanelOptions): the app's version and the Electron, Chromium and Node it runs on. */
export function aboutPanelOptions(appName: string, v: Versions, website?: string): AboutPanelOptionsOptions {
  const runtime = `Electron ${v.electron}, Chromium ${v.chrome}, Node ${v.node}`;
  return {
    applicationName: appName,
    applicationVersion: v.app,
    version: runtime, // macOS shows it in brackets after the version
    credits: runtime, // macOS and Windows
    copyright: 'Copyright © Storelink',
    ...(website ? { website } : {}),
  };
}

/** Help links from package.json (`homepage`, `bugs.url`): none when the fields are absent. */
export function helpLinksOf(pkg: { homepage?: unknown; bugs?: unknown }): HelpLink[] {
  const links: HelpLink[] = [];
  if (typeof pkg.homepage === 'string') links.push({ label: 'Storelink Documentation', url: pkg.homepage });
  const bugs = typeof pkg.bugs === 'string' ? pkg.bugs : typeof pkg.bugs === 'object' && pkg.bugs ? (pkg.bugs as { url?: unknown }).url : undefined;
  if (typeof bugs === 'string') links.push({ label: 'Report a Problem', url: bugs });
  return links.filter((l) => l.url.startsWith('https://'));
}

/** What guideHelpLinks reads of a provider profile (main/core/providers/profile.ts). */
export interface GuidedProfile {
  name: string;
  guide?: { steps: ReadonlyArray<{ link?: { label: string; url: string } }> } | undefined;
}

/**
 * Help links to each platform's own setup docs: the first docs page each profile's setup guide links
 * to (main/core/providers/guides/*), one entry per page. These are exactly pages the openExternal
 * allow-list already admits (guideDocUrls), so Help opens nothing the guides could not.
 */
export function guideHelpLinks(profiles: readonly GuidedProfile[]): HelpLink[] {
  const seen = new Set<string>();
  const links: HelpLink[] = [];
  for (const p of profiles) {
    const link = p.guide?.steps.find((s) => s.link)?.link;
    if (!link || seen.has(link.url) || !link.url.startsWith('https://')) continue;
    seen.add(link.url);
    links.push({ label: `Setting up ${p.name}: ${link.label}`, url: link.url });
  }
  return links;
}
