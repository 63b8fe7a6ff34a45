/**
 * Output side of the IPC boundary: every reply and event payload is re-parsed into exactly its
 * view-model shape (the response schemas of shared/ipc-contract.ts) before it leaves the main
 * process. Objects strip keys that are not part of the view model, so a token that slipped onto an
 * object upstream never reaches the renderer (security.md items 10, 30).
 */
import { ipcContract, type EventChannel, type IpcEvents, type RequestChannel, type ResponseOf } from '../../shared/ipc-contract.ts';

/** Re-shapes a reply into its view model; throws if the core produced something off-contract. */
export function toResponseView<C extends RequestChannel>(channel: C, value: unknown): ResponseOf<C> {
  return ipcContract.requests[channel].response.parse(value) as ResponseOf<C>;
}

/** Same for event payloads. */
export function toEventView<E extends EventChannel>(event: E, payload: unknown): IpcEvents[E] {
  return ipcContract.events[event].parse(payload) as IpcEvents[E];
}
