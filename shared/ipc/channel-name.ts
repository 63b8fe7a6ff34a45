/**
 * The Electron IPC channel that carries a contract request or event: a fixed prefix and the name,
 * nothing else. No imports, so the sandboxed preload can use it without pulling in the schemas.
 */
export const CHANNEL_PREFIX = 'storelink:';

export function channelName<N extends string>(name: N): `${typeof CHANNEL_PREFIX}${N}` {
  return `${CHANNEL_PREFIX}${name}`;
}
