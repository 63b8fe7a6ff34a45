/**
 * Builds the `window.storelink` API from the IPC contract (security.md item 30): exactly one named
 * function per request channel plus `on` for the fixed event list. The renderer never gets
 * `ipcRenderer`, an IPC event object, or a way to name a channel. No Electron import: preload.ts
 * passes thin wrappers around `ipcRenderer`, tests pass fakes.
 */
// Values only from the zod-free modules: the preload bundle gets the contract's channel lists as
// build-time literals (scripts/ipc-channel-lists-plugin.mjs); the contract itself is imported for types.
import type { EventChannel, IpcEvents, StorelinkApi } from '../../shared/ipc-contract.ts';
import { EVENT_CHANNELS, REQUEST_CHANNELS } from '../../shared/ipc/channel-lists.ts';
import { channelName } from '../../shared/ipc/channel-name.ts';

export interface PreloadIpc {
  invoke(channel: string, arg?: unknown): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): void;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): void;
}

const EVENTS: ReadonlySet<string> = new Set(EVENT_CHANNELS);

/** Spec: https://www.electronjs.org/docs/latest/tutorial/context-isolation#security-considerations */
export function createStorelinkApi(ipc: PreloadIpc): StorelinkApi {
  const api: Record<string, unknown> = {};
  for (const name of REQUEST_CHANNELS) {
    const channel = channelName(name);
    api[name] = (request?: unknown) => (request === undefined ? ipc.invoke(channel) : ipc.invoke(channel, request));
  }
  api.on = <E extends EventChannel>(event: E, listener: (payload: IpcEvents[E]) => void): (() => void) => {
    if (!EVENTS.has(event)) throw new TypeError('Unknown Storelink event.');
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    const channel = channelName(event);
    // Drop the IpcRendererEvent: its `sender` is ipcRenderer itself.
    const wrapped = (_event: unknown, payload: unknown): void => listener(payload as IpcEvents[E]);
    ipc.on(channel, wrapped);
    return () => ipc.removeListener(channel, wrapped);
  };
  return Object.freeze(api) as StorelinkApi;
}
