import { test } from 'node:test';
import assert from 'node:assert/strict';
import vm from 'node:vm';
import { build } from 'esbuild';
// @ts-expect-error -- plain .mjs build script without type declarations
import { preloadOptions } from '../../scripts/build-main.mjs';
import { EVENT_CHANNELS, REQUEST_CHANNELS, channelOf } from '../../shared/ipc-contract.ts';

async function bundlePreload(): Promise<string> {
  const out = await build({ ...preloadOptions, write: false, sourcemap: false, logLevel: 'silent' });
  const [file, ...rest] = out.outputFiles ?? [];
  assert.ok(file && rest.length === 0);
  return file.text;
}

/** Runs the CJS bundle with a fake `electron` module, like Electron's sandboxed preload does. */
function runPreload(code: string) {
  const exposed = new Map<string, unknown>();
  const invoked: Array<[string, unknown[]]> = [];
  const listeners = new Map<string, Set<(...a: unknown[]) => void>>();
  const ipcRenderer = {
    invoke: async (channel: string, ...args: unknown[]) => (invoked.push([channel, args]), { ok: true, value: null }),
    on: (channel: string, l: (...a: unknown[]) => void) => void (listeners.get(channel) ?? listeners.set(channel, new Set()).get(channel)!).add(l),
    removeListener: (channel: string, l: (...a: unknown[]) => void) => void listeners.get(channel)?.delete(l),
    send: () => assert.fail('send must not be used'),
    sendSync: () => assert.fail('sendSync must not be used'),
  };
  const electron = { contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void exposed.set(key, api) }, ipcRenderer };
  const required: string[] = [];
  const module = { exports: {} };
  const sandbox = {
    module,
    exports: module.exports,
    require: (id: string) => {
      required.push(id);
      if (id === 'electron') return electron;
      throw new Error(`a sandboxed preload cannot require ${id}`);
    },
  };
  vm.runInNewContext(code, sandbox);
  return { exposed, invoked, listeners, ipcRenderer, required };
}

test('security.md #30: the preload bundle exposes one named function per request plus on(), never ipcRenderer', async () => {
  const code = await bundlePreload();
  const { exposed, ipcRenderer, required } = runPreload(code);
  assert.deepEqual([...exposed.keys()], ['storelink']);
  assert.deepEqual(required, ['electron'], 'only electron is required (sandboxed preload)');
  const api = exposed.get('storelink') as Record<string, unknown>;
  assert.deepEqual(Object.keys(api).sort(), [...REQUEST_CHANNELS, 'on'].sort());
  for (const value of Object.values(api)) {
    assert.equal(typeof value, 'function');
    assert.notEqual(value, ipcRenderer);
    assert.notEqual(value, ipcRenderer.invoke);
  }
  assert.ok(Object.isFrozen(api));
  // Static shape of the bundle: only contextBridge and ipcRenderer.invoke/on/removeListener are touched.
  const members = new Set([...code.matchAll(/ipcRenderer\.(\w+)/g)].map((m) => m[1]));
  assert.deepEqual([...members].sort(), ['invoke', 'on', 'removeListener']);
  assert.match(code, /contextBridge\.exposeInMainWorld\(/);
  assert.doesNotMatch(code, /exposeInMainWorld\([^)]*ipcRenderer\s*\)/);
  assert.doesNotMatch(code, /require\((?!["']electron["'])/);
});

test('the preload bundle names the contract channels as build-time literals, without zod or any schema', async () => {
  const code = await bundlePreload();
  // scripts/ipc-channel-lists-plugin.mjs inlines the lists derived from ipcContract; the schemas stay in main.
  assert.doesNotMatch(code, /zod|safeParse|ZodError|strictObject/i);
  const literal = (name: string) => JSON.parse(new RegExp(`var ${name} = Object\\.freeze\\((\\[[^\\]]*\\])\\)`).exec(code)?.[1] ?? 'null');
  assert.deepEqual(literal('REQUEST_CHANNELS'), [...REQUEST_CHANNELS]);
  assert.deepEqual(literal('EVENT_CHANNELS'), [...EVENT_CHANNELS]);
});

test('security.md #30: each function invokes its fixed channel; events arrive without the IPC event object', async () => {
  const { exposed, invoked, listeners } = runPreload(await bundlePreload());
  const api = exposed.get('storelink') as Record<string, (...a: unknown[]) => unknown> & { on: (e: string, l: (...a: unknown[]) => void) => () => void };
  await api.listConnections!();
  await api.disconnect!({ connectionId: 'c1' });
  assert.deepEqual(invoked, [
    [channelOf('listConnections'), []],
    [channelOf('disconnect'), [{ connectionId: 'c1' }]],
  ]);

  const got: unknown[][] = [];
  const off = api.on('connectionsChanged', (...args) => got.push(args));
  const channel = channelOf('connectionsChanged');
  const senderEvent = { sender: 'ipcRenderer-itself', ports: [] };
  for (const l of listeners.get(channel) ?? []) l(senderEvent, [{ id: 'c1' }]);
  assert.deepEqual(got, [[[{ id: 'c1' }]]], 'listener gets the payload only');
  off();
  assert.equal(listeners.get(channel)?.size, 0);

  assert.throws(() => api.on('storelink:listProviders', () => {}), /Unknown Storelink event/);
  assert.throws(() => api.on('__proto__', () => {}));
  assert.equal(
    EVENT_CHANNELS.every((e) => typeof api.on(e, () => {}) === 'function'),
    true,
  );
});
