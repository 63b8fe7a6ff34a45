/**
 * The IPC contract: ONE object from which everything else about the IPC is derived
 * (style.md "typed IPC, one source of truth": GitHub Desktop's ipc-shared.ts maps each channel to its
 * signature; VS Code's ProxyChannel derives both sides from one interface).
 *
 * Per request channel: the request schema (parsed from `unknown` in main) and the response schema
 * (the reply is re-parsed into exactly its view model before it leaves main). Per event: the payload
 * schema. Derived from `ipcContract`, nowhere restated:
 *   - the TypeScript types (`RequestOf`, `ResponseOf`, `IpcEvents`, `StorelinkApi`),
 *   - the channel lists (`REQUEST_CHANNELS`, `EVENT_CHANNELS`) the preload and the shell register,
 *   - request validation (main/ipc/validators.ts) and reply/event checks (main/ipc/response-schemas.ts),
 *   - the handler table type (main/ipc/handlers.ts: a mapped type, so a missing handler does not compile),
 *   - event forwarding (main/ipc/events.ts: a mapped table, likewise),
 *   - the preload API (main/electron/preload-api.ts: one function per channel of the list; the
 *     preload bundle gets the lists as build-time literals, shared/ipc/channel-lists.ts, so no zod).
 * Adding a channel is one edit here; the compiler then names every place that must handle it.
 * The renderer imports this file with `import type` only.
 */
import { z } from 'zod';
import type { ErrorView } from './error-codes.ts';
import { channelName } from './ipc/channel-name.ts';
import {
  byConnection,
  cancelConnectRequest,
  connectWithKeyRequest,
  listActivityRequest,
  noArgument,
  ordersPageQuery,
  startConnectRequest,
  summaryQuery,
  syncNowRequest,
} from './ipc-requests.ts';
import {
  activityViewSchema,
  connectFlowViewSchema,
  connectionViewSchema,
  disconnectResultViewSchema,
  noticeViewSchema,
  orderSummaryViewSchema,
  ordersPageViewSchema,
  providerViewSchema,
  syncStatusViewSchema,
} from './view-models.ts';

interface ChannelSpec {
  request: z.ZodType;
  response: z.ZodType;
}

const channel = <Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res) => ({ request, response });

export const ipcContract = {
  /** renderer -> main requests. */
  requests: {
    listProviders: channel(noArgument, z.array(providerViewSchema)),
    listConnections: channel(noArgument, z.array(connectionViewSchema)),
    /** Starts a flow; the renderer sends a provider id and form values, never a URL (security.md #29). */
    startConnect: channel(startConnectRequest, connectFlowViewSchema),
    reconnect: channel(byConnection, connectFlowViewSchema),
    cancelConnect: channel(cancelConnectRequest, z.void()),
    /** A pending sign-in: open its page again / copy its address (main holds the URL; security.md #29). */
    reopenConnectPage: channel(cancelConnectRequest, z.void()),
    copyConnectLink: channel(cancelConnectRequest, z.void()),
    /** api-key connections: no browser, keys go straight to the keychain after a test call. */
    connectWithKey: channel(connectWithKeyRequest, connectionViewSchema),
    refreshConnection: channel(byConnection, connectionViewSchema),
    disconnect: channel(byConnection, disconnectResultViewSchema),
    listActivity: channel(listActivityRequest, z.array(activityViewSchema)),
    listNotices: channel(noArgument, z.array(noticeViewSchema)),
    syncNow: channel(syncNowRequest, z.void()),
    cancelSync: channel(byConnection, z.void()),
    listSyncStatus: channel(noArgument, z.array(syncStatusViewSchema)),
    ordersSummary: channel(summaryQuery, orderSummaryViewSchema),
    ordersPage: channel(ordersPageQuery, ordersPageViewSchema),
  },
  /** main -> renderer events. */
  events: {
    connectionsChanged: z.array(connectionViewSchema),
    connectFlow: connectFlowViewSchema,
    activityAppended: activityViewSchema,
    syncProgress: syncStatusViewSchema,
  },
} as const satisfies { requests: Record<string, ChannelSpec>; events: Record<string, z.ZodType> };

type Requests = typeof ipcContract.requests;
type Events = typeof ipcContract.events;

export type RequestChannel = keyof Requests;
export type EventChannel = keyof Events;
/** What a handler receives: the validated request. */
export type RequestOf<C extends RequestChannel> = z.output<Requests[C]['request']>;
/** What the renderer may send: the request schema's input (the same shape today: no transforms). */
export type RequestInputOf<C extends RequestChannel> = z.input<Requests[C]['request']>;
/** What a handler returns and the renderer receives. */
export type ResponseOf<C extends RequestChannel> = z.output<Requests[C]['response']>;
export type IpcEvents = { [E in EventChannel]: z.output<Events[E]> };
/** renderer -> main requests: method name -> [request, response]. */
export type IpcRequests = { [C in RequestChannel]: [RequestOf<C>, ResponseOf<C>] };

/** Every reply is wrapped so errors arrive typed instead of as Electron's stringified Error. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: ErrorView };

export const REQUEST_CHANNELS = Object.freeze(Object.keys(ipcContract.requests)) as readonly RequestChannel[];
export const EVENT_CHANNELS = Object.freeze(Object.keys(ipcContract.events)) as readonly EventChannel[];

/** The IPC channel that carries a request method or an event (a fixed prefix, nothing else). */
export function channelOf(name: RequestChannel | EventChannel): string {
  return channelName(name);
}

/**
 * The API the preload exposes on `window.storelink` through contextBridge: one named function per
 * request (security.md item 30), plus `on` for the fixed list of events.
 */
export type StorelinkApi = {
  [C in RequestChannel]: RequestInputOf<C> extends void
    ? () => Promise<IpcResult<ResponseOf<C>>>
    : (request: RequestInputOf<C>) => Promise<IpcResult<ResponseOf<C>>>;
} & {
  on<E extends EventChannel>(event: E, listener: (payload: IpcEvents[E]) => void): () => void;
};
