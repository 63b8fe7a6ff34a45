/** Issue 9 item 7: the application menu per platform and the About panel (main/desktop/app-menu.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MenuItemConstructorOptions } from 'electron';
import { aboutPanelOptions, appMenuTemplate, guideHelpLinks, helpLinksOf, type MenuInput } from '../../main/desktop/app-menu.ts';
import { BUILTIN_PROFILES } from '../../main/core/providers/registry.ts';
import { guideDocUrls } from '../../main/core/providers/setup-guide.ts';
import { createElectronOpener } from '../../main/electron/open-external.ts';

const opened: string[] = [];
let abouts = 0;
const input = (platform: NodeJS.Platform, packaged = true): MenuInput => ({
  platform,
  appName: 'Storelink',
  packaged,
  helpLinks: [
    { label: 'Storelink Documentation', url: 'https://example.org/storelink#readme' },
    { label: 'Not https', url: 'http://example.org/' },
  ],
  openLink: (url) => opened.push(url),
  showAbout: () => abouts++,
});
const roles = (m: MenuItemConstructorOptions) => (m.submenu as MenuItemConstructorOptions[]).map((i) => i.role ?? i.label ?? i.type);
const find = (t: MenuItemConstructorOptions[], label: RegExp) => t.find((m) => label.test(String(m.label)))!;

test('macOS: the app menu first (About, Services, Hide, Quit), Edit with the clipboard roles, Window menu, no access keys', () => {
  const t = appMenuTemplate(input('darwin'));
  assert.deepEqual(
    t.map((m) => m.label),
    ['Storelink', 'File', 'Edit', 'View', 'Window', 'Help'],
  );
  assert.deepEqual(roles(t[0]!), ['about', 'separator', 'services', 'separator', 'hide', 'hideOthers', 'unhide', 'separator', 'quit']);
  assert.deepEqual(roles(find(t, /File/)), ['close'], 'Quit is in the app menu on macOS, not under File');
  assert.deepEqual(roles(find(t, /Edit/)), ['undo', 'redo', 'separator', 'cut', 'copy', 'paste', 'pasteAndMatchStyle', 'delete', 'separator', 'selectAll']);
  assert.equal(find(t, /Window/).role, 'windowMenu');
  assert.deepEqual(roles(find(t, /Help/)), ['Storelink Documentation'], 'About lives in the app menu; only https links');
});

test('Windows and Linux: File has Quit, access keys, About under Help', () => {
  for (const platform of ['win32', 'linux'] as const) {
    const t = appMenuTemplate(input(platform));
    assert.deepEqual(
      t.map((m) => m.label),
      ['&File', '&Edit', '&View', '&Window', '&Help'],
    );
    assert.deepEqual(roles(find(t, /File/)), ['close', 'separator', 'quit']);
    assert.deepEqual(roles(find(t, /Edit/)), ['undo', 'redo', 'separator', 'cut', 'copy', 'paste', 'delete', 'separator', 'selectAll']);
    assert.deepEqual(roles(find(t, /Help/)), ['Storelink Documentation', 'separator', 'About Storelink']);
  }
});

test('View: zoom in, out and reset everywhere; reload and devtools only in a development build', () => {
  for (const platform of ['darwin', 'win32', 'linux'] as const) {
    assert.deepEqual(roles(find(appMenuTemplate(input(platform, true)), /View/)), ['resetZoom', 'zoomIn', 'zoomOut', 'separator', 'togglefullscreen']);
    assert.ok(roles(find(appMenuTemplate(input(platform, false)), /View/)).includes('toggleDevTools'));
  }
});

test('Help items open their link through the given opener; About calls showAbout', () => {
  const t = appMenuTemplate(input('linux'));
  const help = find(t, /Help/).submenu as MenuItemConstructorOptions[];
  (help[0]!.click as () => void)();
  (help.at(-1)!.click as () => void)();
  assert.deepEqual(opened.splice(0), ['https://example.org/storelink#readme']);
  assert.equal(abouts, 1);
});

test('help links come from package.json homepage and bugs, https only; the About panel names every version', () => {
  assert.deepEqual(helpLinksOf({}), []);
  assert.deepEqual(helpLinksOf({ homepage: 'https://h.example/#readme', bugs: { url: 'https://h.example/issues' } }), [
    { label: 'Storelink Documentation', url: 'https://h.example/#readme' },
    { label: 'Report a Problem', url: 'https://h.example/issues' },
  ]);
  assert.deepEqual(helpLinksOf({ homepage: 'javascript:alert(1)', bugs: 'file:///etc/passwd' }), []);
  const about = aboutPanelOptions('Storelink', { app: '0.1.0', electron: '45.5.0', chrome: '142.0.1', node: '22.20.0' });
  assert.equal(about.applicationName, 'Storelink');
  assert.equal(about.applicationVersion, '0.1.0');
  assert.equal(about.version, 'Electron 45.5.0, Chromium 142.0.1, Node 22.20.0');
  assert.equal(about.credits, about.version);
});

test('issue 9 item 7: Help links to each platform’s own setup docs, and the shell’s allow-list opens exactly those', async () => {
  const links = guideHelpLinks(BUILTIN_PROFILES);
  const platforms = new Set(BUILTIN_PROFILES.filter((p) => p.guide).map((p) => p.name.split(' ')[0]));
  assert.ok(platforms.size >= 4, 'Shopify, WooCommerce, Square, Etsy have guides');
  for (const platform of platforms)
    assert.ok(
      links.some((l) => l.label.includes(platform!)),
      `a Help link for ${platform}`,
    );
  assert.equal(new Set(links.map((l) => l.url)).size, links.length, 'one entry per page');
  const allowed = guideDocUrls(BUILTIN_PROFILES.map((p) => p.guide));
  const opened: string[] = [];
  const opener = createElectronOpener(async (url) => void opened.push(url), 64, allowed);
  const menu = appMenuTemplate({ ...input('linux'), helpLinks: links, openLink: (url) => void opener.port.open(url) });
  const help = menu.find((m) => m.role === 'help')!.submenu as MenuItemConstructorOptions[];
  for (const item of help.filter((i) => i.label?.startsWith('Setting up'))) (item.click as () => void)();
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(
    opened,
    links.map((l) => l.url),
    'every Help link is admitted by the allow-list and opened',
  );
  for (const url of opened) assert.match(url, /^https:\/\//);
  for (const url of opened) assert.ok(opener.isAllowed(url), `${url} is on the allow-list the renderer's requests are held to`);
  assert.equal(opener.isAllowed('https://evil.example/'), false);
});
