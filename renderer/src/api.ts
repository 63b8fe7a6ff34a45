/**
 * The renderer's only door to the main process: `window.storelink`, exposed by the preload through
 * contextBridge (security.md #30) and typed by shared/ipc-contract.ts. Nothing here ever sees a token.
 */
import type { IpcResult, StorelinkApi } from '../../shared/ipc-contract.ts';
import type { ErrorView } from '../../shared/error-codes.ts';

declare global {
  interface Window {
    storelink: StorelinkApi;
  }
}

export function storelink(): StorelinkApi {
  return window.storelink;
}

/** A failed request, carrying the typed `{ code, message }` the main process sent. */
export class CallError extends Error {
  readonly view: ErrorView;
  constructor(view: ErrorView) {
    super(view.message);
    this.view = view;
  }
}

/** Resolves with the value or throws a CallError, so components can use try/catch. */
export async function unwrap<T>(pending: Promise<IpcResult<T>>): Promise<T> {
  const result = await pending;
  if (result.ok) return result.value;
  throw new CallError(result.error);
}

/** Anything caught -> an ErrorView the UI can explain. */
export function errorViewOf(err: unknown): ErrorView {
  if (err instanceof CallError) return err.view;
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) };
}
