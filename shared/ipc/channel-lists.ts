/**
 * The contract's channel lists alone: what the preload needs, without the schemas.
 *
 * In Node (the main process, tests) these ARE the lists derived from `ipcContract`
 * (shared/ipc-contract.ts). In the sandboxed preload bundle, scripts/ipc-channel-lists-plugin.mjs
 * replaces this module with the same lists evaluated at build time, so zod and the schemas stay out
 * of the preload (it stays a few kB of CommonJS that requires only `electron`). Not a second list:
 * nothing here is written by hand.
 */
export { EVENT_CHANNELS, REQUEST_CHANNELS } from '../ipc-contract.ts';
