import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkWebPreferences, createMainWindowOptions } from '../../main/electron/window-options.ts';
import { DEFAULT_SIZE, WINDOW_STATE_KEY, clampToDisplays, loadWindowState, saveWindowState, type Rect } from '../../main/electron/window-state.ts';
import type { SettingsPort } from '../../main/core/ports.ts';

const state = { bounds: { x: 10, y: 20, width: 1000, height: 700 }, maximized: false };
const options = createMainWindowOptions({ preloadPath: '/app/dist/main/preload.cjs', state });

test('security.md #26: the real window options isolate the renderer', () => {
  const p = options.webPreferences;
  assert.ok(p);
  assert.equal(p.contextIsolation, true);
  assert.equal(p.sandbox, true);
  assert.equal(p.nodeIntegration, false);
  assert.equal(p.nodeIntegrationInWorker, false);
  assert.equal(p.nodeIntegrationInSubFrames, false);
  assert.equal(p.webSecurity, true);
  assert.equal(p.webviewTag, false);
  assert.equal(p.preload, '/app/dist/main/preload.cjs');
  for (const forbidden of ['allowRunningInsecureContent', 'experimentalFeatures'] as const) assert.notEqual(p[forbidden], true, forbidden);
  assert.equal('enableBlinkFeatures' in p, false);
  assert.deepEqual(checkWebPreferences(p), []);
  assert.equal(options.show, false);
  assert.deepEqual([options.x, options.y, options.width, options.height], [10, 20, 1000, 700]);
});

test('security.md #33: the check catches nodeIntegration:true with sandbox:false (electronegativity misses it)', () => {
  const weakened = { ...options.webPreferences, nodeIntegration: true, sandbox: false };
  const problems = checkWebPreferences(weakened);
  assert.ok(problems.includes('nodeIntegration must be false'), problems.join());
  assert.ok(problems.includes('sandbox must be true'), problems.join());
  const cases: Array<[object, string]> = [
    [{ contextIsolation: false }, 'contextIsolation must be true'],
    [{ webSecurity: false }, 'webSecurity must be true'],
    [{ allowRunningInsecureContent: true }, 'allowRunningInsecureContent must not be set'],
    [{ experimentalFeatures: true }, 'experimentalFeatures must not be set'],
    [{ enableBlinkFeatures: 'CSSVariables' }, 'enableBlinkFeatures must not be set'],
    [{ nodeIntegrationInSubFrames: true }, 'nodeIntegrationInSubFrames must not be true'],
    [{ webviewTag: true }, 'webviewTag must not be true'],
    [{ preload: '' }, 'preload path missing'],
  ];
  for (const [patch, expected] of cases) {
    assert.deepEqual(checkWebPreferences({ ...options.webPreferences, ...patch }), [expected]);
  }
  // Leaving a flag to Electron's default is not accepted either: the options must say it.
  const { sandbox: _s, ...withoutSandbox } = options.webPreferences ?? {};
  assert.deepEqual(checkWebPreferences(withoutSandbox), ['sandbox must be true']);
  assert.deepEqual(checkWebPreferences(undefined), ['webPreferences missing']);
});

function memorySettings(initial: Record<string, unknown> = {}): SettingsPort & { data: Record<string, unknown> } {
  const data = { ...initial };
  return { data, get: (k) => data[k], set: (k, v) => void (data[k] = v), delete: (k) => void delete data[k] };
}

const primary: Rect = { x: 0, y: 0, width: 1920, height: 1040 };
const right: Rect = { x: 1920, y: 0, width: 1280, height: 1000 };

test('window state: saved bounds come back on a display that is still there', () => {
  const settings = memorySettings();
  saveWindowState(settings, { bounds: { x: 2000, y: 50, width: 900, height: 600 }, maximized: true });
  assert.deepEqual(loadWindowState(settings, [primary, right]), { bounds: { x: 2000, y: 50, width: 900, height: 600 }, maximized: true });
});

test('window state: bounds on an unplugged display are centred on the primary one', () => {
  const settings = memorySettings({ [WINDOW_STATE_KEY]: { bounds: { x: 2000, y: 50, width: 900, height: 600 }, maximized: false } });
  const { bounds } = loadWindowState(settings, [primary]);
  assert.deepEqual(bounds, { x: 360, y: 120, width: DEFAULT_SIZE.width, height: DEFAULT_SIZE.height });
});

test('window state: partly off-screen or oversized bounds are pulled inside the display', () => {
  assert.deepEqual(clampToDisplays({ x: -300, y: 900, width: 800, height: 600 }, [primary]), { x: 0, y: 440, width: 800, height: 600 });
  assert.deepEqual(clampToDisplays({ x: 1800, y: 10, width: 5000, height: 5000 }, [primary, right]), { x: 1920, y: 0, width: 1280, height: 1000 });
  assert.deepEqual(clampToDisplays({ x: 100, y: 100, width: 10, height: 10 }, [primary]), { x: 100, y: 100, width: 720, height: 480 });
});

test('window state: malformed saved values fall back to defaults', () => {
  for (const bad of [undefined, 'x', { bounds: { x: 'a' } }, { bounds: { x: 0, y: 0, width: NaN, height: 1 } }]) {
    const s = memorySettings({ [WINDOW_STATE_KEY]: bad });
    const { bounds, maximized } = loadWindowState(s, [primary]);
    assert.equal(maximized, false);
    assert.deepEqual([bounds.width, bounds.height], [DEFAULT_SIZE.width, DEFAULT_SIZE.height]);
  }
});
