/**
 * Forwards core (and sync) events to the renderer as the `IpcEvents` of shared/ipc-contract.ts.
 * Each payload is re-shaped into its view model on the way out (security.md item 30), so a field
 * outside the contract never reaches the window.
 */
import type { StorelinkCore } from '../core/api.ts';
import { silentLogger, type LoggerPort } from '../core/ports.ts';
import { channelOf, type EventChannel, type IpcEvents } from '../../shared/ipc-contract.ts';
import { toEventView } from './response-schemas.ts';
import type { SyncApi } from './sync-api.ts';

export type SendEvent = (channel: string, payload: unknown) => void;

/** Subscribes to every event; returns one function that unsubscribes them all. */
export function forwardEvents(
  core: Pick<StorelinkCore, 'on'>,
  send: SendEvent,
  options: { sync?: SyncApi; logger?: LoggerPort } = {},
): () => void {
  const logger = options.logger ?? silentLogger;
  const emit = <E extends EventChannel>(event: E) => (payload: IpcEvents[E]): void => {
    let view: IpcEvents[E];
    try {
      view = toEventView(event, payload);
    } catch {
      logger.error('ipc: event payload off-contract, dropped', { event });
      return;
    }
    send(channelOf(event), view);
  };
  const offs = [
    core.on('connectionsChanged', emit('connectionsChanged')),
    core.on('connectFlow', emit('connectFlow')),
    core.on('activityAppended', emit('activityAppended')),
  ];
  if (options.sync?.onProgress) offs.push(options.sync.onProgress(emit('syncProgress')));
  return () => {
    for (const off of offs.splice(0)) off();
  };
}
