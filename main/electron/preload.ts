/**
 * Preload of the sandboxed renderer (security.md item 30). Bundled to CJS by scripts/build-main.mjs:
 * sandboxed preloads can only `require('electron')`, not local files.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createStorelinkApi } from './preload-api.ts';

contextBridge.exposeInMainWorld(
  'storelink',
  createStorelinkApi({
    invoke: (channel, arg) => (arg === undefined ? ipcRenderer.invoke(channel) : ipcRenderer.invoke(channel, arg)),
    on: (channel, listener) => {
      ipcRenderer.on(channel, listener);
    },
    removeListener: (channel, listener) => {
      ipcRenderer.removeListener(channel, listener);
    },
  }),
);
