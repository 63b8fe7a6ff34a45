/**
 * esbuild plugin for the preload bundle: replaces shared/ipc/channel-lists.ts (which re-exports the
 * channel lists derived from the IPC contract) with those lists as frozen literals, evaluated here in
 * Node at build time. The preload then names every contract channel without bundling zod or the
 * schemas. Every export of the module must be a list of strings; anything else fails the build, so
 * the module cannot grow an export that silently goes missing from the preload.
 */
import { pathToFileURL } from 'node:url';

const CHANNEL_LISTS = /[\\/]shared[\\/]ipc[\\/]channel-lists\.ts$/;

export const ipcChannelListsPlugin = {
  name: 'storelink-ipc-channel-lists',
  setup(build) {
    build.onLoad({ filter: CHANNEL_LISTS }, async (args) => {
      const lists = await import(pathToFileURL(args.path).href);
      const lines = Object.entries(lists).map(([name, value]) => {
        if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
          throw new Error(`${args.path}: export ${name} is not a list of channel names`);
        }
        return `export const ${name} = Object.freeze(${JSON.stringify(value)});`;
      });
      return { contents: `${lines.join('\n')}\n`, loader: 'js' };
    });
  },
};
