#!/usr/bin/env node
/**
 * Bundles the Electron main process and the preload with esbuild.
 *   main/electron/electron-main.ts -> dist/main/electron-main.js  (ESM, node24; native/ESM deps external)
 *   main/sync/page-writer-worker.ts -> dist/main/page-writer-worker.js (the order writer thread)
 *   main/electron/preload.ts       -> dist/main/preload.cjs       (CJS: sandboxed preloads cannot import files;
 *                                     the IPC channel lists inlined, no zod: scripts/ipc-channel-lists-plugin.mjs)
 * Source maps only with STORELINK_SOURCEMAP=1 (never in a production build: security.md #31 files whitelist).
 * Usage: node scripts/build-main.mjs [--outdir dir]
 */
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ipcChannelListsPlugin } from './ipc-channel-lists-plugin.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argOut = process.argv.indexOf('--outdir');
const outdir = argOut > 0 ? path.resolve(process.argv[argOut + 1]) : path.join(root, 'dist', 'main');
const sourcemap = process.env.STORELINK_SOURCEMAP === '1';

/** Shared options; exported shapes are reused by tests/shell (they bundle in memory). */
export const mainOptions = {
  entryPoints: [path.join(root, 'main/electron/electron-main.ts')],
  outfile: path.join(outdir, 'electron-main.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  external: ['electron', 'keytar', 'electron-store', 'conf'],
  // Bundled CommonJS dependencies may call require(); ESM output has none, so define one.
  banner: { js: "import { createRequire as __storelinkCreateRequire } from 'node:module';\nconst require = __storelinkCreateRequire(import.meta.url);" },
  sourcemap,
  legalComments: 'none',
  logLevel: 'warning',
};

/** The order writer thread (main/sync/page-writer.ts looks for page-writer-worker.js beside the main bundle). */
export const writerOptions = {
  ...mainOptions,
  entryPoints: [path.join(root, 'main/sync/page-writer-worker.ts')],
  outfile: path.join(outdir, 'page-writer-worker.js'),
  external: [],
};

export const preloadOptions = {
  entryPoints: [path.join(root, 'main/electron/preload.ts')],
  outfile: path.join(outdir, 'preload.cjs'),
  bundle: true,
  // The sandboxed preload has no Node built-ins: building for the browser makes any import of one fail.
  platform: 'browser',
  format: 'cjs',
  target: 'chrome140',
  external: ['electron'],
  // The IPC channel lists as build-time literals, so zod and the contract's schemas are not bundled.
  plugins: [ipcChannelListsPlugin],
  sourcemap,
  legalComments: 'none',
  logLevel: 'warning',
};

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await Promise.all([build(mainOptions), build(writerOptions), build(preloadOptions)]);
  console.log(`built ${[mainOptions, writerOptions, preloadOptions].map((o) => path.relative(root, o.outfile)).join(', ')}`);
}
