/**
 * End to end in real Electron with Playwright's `_electron.launch`. Runs only where the Electron
 * binary exists (node_modules/electron/dist, fetched by `node node_modules/electron/install.js`);
 * otherwise each test is skipped with the reason. The binary is looked up by hand: requiring the
 * `electron` package in plain Node would try to download it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

function electronBinary(): string | null {
  const dir = path.join(root, 'node_modules', 'electron');
  try {
    const rel = fs.readFileSync(path.join(dir, 'path.txt'), 'utf8').trim();
    const full = path.join(dir, 'dist', rel);
    return rel && fs.existsSync(full) ? full : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const skip = binary ? false : 'Electron binary not installed: it is downloaded from GitHub, which this machine cannot reach';

async function launch() {
  const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-main.mjs')], { cwd: root, encoding: 'utf8' });
  assert.equal(build.status, 0, build.stderr);
  assert.ok(fs.existsSync(path.join(root, 'dist', 'renderer', 'index.html')), 'run `npm run build:renderer` first');
  const { _electron } = await import('playwright');
  const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'storelink-e2e-'));
  const app = await _electron.launch({
    executablePath: binary as string,
    args: [root, `--user-data-dir=${userData}`, ...(process.env.CI ? ['--no-sandbox'] : [])],
    cwd: root,
  });
  return { app, userData };
}

test('security.md #26 #27 #30: the window loads app://storelink with the preload API and no Node', { skip }, async () => {
  const { app, userData } = await launch();
  try {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    assert.match(page.url(), /^app:\/\/storelink\//);
    const shape = await page.evaluate(() => ({
      keys: Object.keys((window as unknown as { storelink: object }).storelink).sort(),
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
    }));
    assert.equal(shape.require, 'undefined');
    assert.equal(shape.process, 'undefined');
    assert.ok(shape.keys.includes('listProviders') && shape.keys.includes('on') && !shape.keys.includes('ipcRenderer'));
    const reply = await page.evaluate(() => (window as unknown as { storelink: { listProviders(): Promise<{ ok: boolean }> } }).storelink.listProviders());
    assert.equal(reply.ok, true);
  } finally {
    await app.close();
    fs.rmSync(userData, { recursive: true, force: true });
  }
});

test('security.md #28: navigation away and window.open are refused in the real app', { skip }, async () => {
  const { app, userData } = await launch();
  try {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    // Our guard was installed first (web-contents-created), so a later listener sees its decision.
    const decision = app.evaluate(
      ({ BrowserWindow }) =>
        new Promise<boolean>((resolve) => {
          BrowserWindow.getAllWindows()[0]?.webContents.once('will-navigate', (event) => resolve(event.defaultPrevented));
        }),
    );
    const opened = await page.evaluate(() => {
      const w = window.open('https://example.com/');
      window.location.href = 'https://example.com/';
      return w === null;
    });
    assert.equal(opened, true, 'window.open returned null (denied)');
    assert.equal(await decision, true, 'will-navigate to another origin was prevented');
    assert.equal(app.windows().length, 1);
  } finally {
    await app.close();
    fs.rmSync(userData, { recursive: true, force: true });
  }
});
