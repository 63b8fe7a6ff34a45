/**
 * Forwards core (and sync) events to the renderer as the `IpcEvents` of shared/ipc-contract.ts.
 * Each payload is re-shaped into its view model on the way out (security.md item 30), so a field
 * outside the contract never reaches the window.
 */
import type { StorelinkCore } from '../core/api.ts';
import { silentLogger, type LoggerPort } from '../core/ports.ts';
import { EVENT_CHANNELS, channelOf, type EventChannel, type IpcEvents } from '../../shared/ipc-contract.ts';
import { toEventView } from './response-schemas.ts';
import type { SyncApi } from './sync-api.ts';

export type SendEvent = (channel: string, payload: unknown) => void;

/** Subscribes to every event; returns one function that unsubscribes them all. */
export interface ForwardOptions {
  sync?: SyncApi;
  logger?: LoggerPort;
  /** The shell's requests to show a connection's card (a notification was clicked). */
  focusConnection?: (listener: (payload: IpcEvents['focusConnection']) => void) => () => void;
}

export function forwardEvents(core: Pick<StorelinkCore, 'on'>, send: SendEvent, options: ForwardOptions = {}): () => void {
  const logger = options.logger ?? silentLogger;
  const emit =
    <E extends EventChannel>(event: E) =>
    (payload: IpcEvents[E]): void => {
      let view: IpcEvents[E];
      try {
        view = toEventView(event, payload);
      } catch {
        logger.error('ipc: event payload off-contract, dropped', { event });
        return;
      }
      send(channelOf(event), view);
    };
  // One subscription per contract event: a mapped table, so an event added to the contract without a
  // source here does not compile (`undefined` = that source is absent in this build).
  const sources: { [E in EventChannel]: ((listener: (payload: IpcEvents[E]) => void) => () => void) | undefined } = {
    connectionsChanged: (l) => core.on('connectionsChanged', l),
    connectFlow: (l) => core.on('connectFlow', l),
    activityAppended: (l) => core.on('activityAppended', l),
    settingsChanged: (l) => core.on('settingsChanged', l),
    syncProgress: options.sync?.onProgress ? (l) => options.sync!.onProgress!(l) : undefined,
    focusConnection: options.focusConnection,
  };
  const offs: Array<() => void> = [];
  const subscribe = <E extends EventChannel>(event: E): void => {
    const source = sources[event];
    if (source) offs.push(source(emit(event)));
  };
  for (const event of EVENT_CHANNELS) subscribe(event);
  return () => {
    for (const off of offs.splice(0)) off();
  };
}
