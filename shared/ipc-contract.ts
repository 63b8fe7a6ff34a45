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
  openOrderInAdminRequest,
  ordersFilterQuery,
  openSetupDocRequest,
  forwardingPageRequest,
  testForwardingPageRequest,
  ordersPageQuery,
  renameConnectionRequest,
  startConnectRequest,
  summaryQuery,
  syncNowRequest,
} from './ipc-requests.ts';
import {
  activityViewSchema,
  connectFlowViewSchema,
  connectionViewSchema,
  disconnectResultViewSchema,
  exportResultViewSchema,
  focusConnectionEventSchema,
  forwardingTestViewSchema,
  savedFileViewSchema,
  noticeViewSchema,
  orderSummaryViewSchema,
  ordersPageViewSchema,
  providerViewSchema,
  syncStatusViewSchema,
} from './view-models.ts';
import { dataLocationViewSchema, removeAllDataResultViewSchema } from './view-models.ts';
import { appSettingsPatchSchema, appSettingsSchema } from './app-settings.ts';

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
    /** The admin's name for a connection (shared/field-rules.ts connection name rules). */
    renameConnection: channel(renameConnectionRequest, connectionViewSchema),
    listActivity: channel(listActivityRequest, z.array(activityViewSchema)),
    listNotices: channel(noArgument, z.array(noticeViewSchema)),
    syncNow: channel(syncNowRequest, z.void()),
    cancelSync: channel(byConnection, z.void()),
    listSyncStatus: channel(noArgument, z.array(syncStatusViewSchema)),
    ordersSummary: channel(summaryQuery, orderSummaryViewSchema),
    ordersPage: channel(ordersPageQuery, ordersPageViewSchema),
    /** CSV of every order the filter matches; main asks where to save (the renderer never sees a path). */
    exportOrders: channel(ordersFilterQuery, exportResultViewSchema),
    exportActivity: channel(noArgument, exportResultViewSchema),
    /** Opens one order in its platform's admin; main builds the URL from the connection (never the renderer). */
    openOrderInAdmin: channel(openOrderInAdminRequest, z.void()),
    /** Issue 9 item 4: the app settings, and a validated change (the reply is the settings after it). */
    getSettings: channel(noArgument, appSettingsSchema),
    updateSettings: channel(appSettingsPatchSchema, appSettingsSchema),
    /** Where Storelink keeps its data, as text for display (the renderer never opens a path). */
    getDataLocation: channel(noArgument, dataLocationViewSchema),
    /** Opens the data folder in the system file manager (main knows the path; nothing is sent). */
    showDataFolder: channel(noArgument, z.void()),
    /** Revokes what it can, deletes keychain entries, records, orders and activity; the outcome per connection. */
    removeAllData: channel(noArgument, removeAllDataResultViewSchema),
    /** Setup guide: opens one of the guide's docs pages in the system browser (allow-listed in main). */
    openSetupDoc: channel(openSetupDocRequest, z.void()),
    /** Setup guide: main asks where to save the provider's forwarding page and writes it; no path comes back. */
    saveForwardingPage: channel(forwardingPageRequest, savedFileViewSchema),
    /** Setup guide: opens the admin's forwarding page with a test answer and reports whether it reached the loopback listener. */
    testForwardingPage: channel(testForwardingPageRequest, forwardingTestViewSchema),
  },
  /** main -> renderer events. */
  events: {
    connectionsChanged: z.array(connectionViewSchema),
    connectFlow: connectFlowViewSchema,
    activityAppended: activityViewSchema,
    syncProgress: syncStatusViewSchema,
    /** A system notification about this connection was clicked: the window shows its card. */
    focusConnection: focusConnectionEventSchema,
    settingsChanged: appSettingsSchema,
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
