/**
 * The one typed IPC contract (style.md: GitHub Desktop's single map of channel -> signature).
 * The preload API, the main-process handlers and the renderer's client are all typed from these
 * two maps; no other file names a channel string.
 */
import type { ErrorView } from './error-codes.ts';
import type {
  ActivityView,
  ConnectFlowView,
  ConnectionView,
  DisconnectResultView,
  NoticeView,
  OrderSummaryView,
  OrdersPageQuery,
  OrdersPageView,
  ProviderView,
  SummaryQuery,
  SyncStatusView,
} from './view-models.ts';

/** renderer -> main requests: method name -> [request, response]. */
export interface IpcRequests {
  'listProviders': [void, ProviderView[]];
  'listConnections': [void, ConnectionView[]];
  /** Starts a flow; the renderer sends a provider id and form values, never a URL (item 29). */
  'startConnect': [{ providerId: string; fields: Record<string, string>; scopes?: string[] }, ConnectFlowView];
  'reconnect': [{ connectionId: string }, ConnectFlowView];
  'cancelConnect': [{ flowId: string }, void];
  /** api-key connections: no browser, keys go straight to the keychain after a test call. */
  'connectWithKey': [{ providerId: string; fields: Record<string, string> }, ConnectionView];
  'refreshConnection': [{ connectionId: string }, ConnectionView];
  'disconnect': [{ connectionId: string }, DisconnectResultView];
  'listActivity': [{ limit: number }, ActivityView[]];
  'startDemoStore': [void, { issuer: string }];
  'listNotices': [void, NoticeView[]];
  'syncNow': [{ connectionId?: string }, void];
  'cancelSync': [{ connectionId: string }, void];
  'listSyncStatus': [void, SyncStatusView[]];
  'ordersSummary': [SummaryQuery, OrderSummaryView];
  'ordersPage': [OrdersPageQuery, OrdersPageView];
}

/** main -> renderer events: channel -> payload. */
export interface IpcEvents {
  'connectionsChanged': ConnectionView[];
  'connectFlow': ConnectFlowView;
  'activityAppended': ActivityView;
  'syncProgress': SyncStatusView;
}

export type RequestChannel = keyof IpcRequests;
export type EventChannel = keyof IpcEvents;
export type RequestOf<C extends RequestChannel> = IpcRequests[C][0];
export type ResponseOf<C extends RequestChannel> = IpcRequests[C][1];

/** Every reply is wrapped so errors arrive typed instead of as Electron's stringified Error. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: ErrorView };

export const REQUEST_CHANNELS = [
  'listProviders',
  'listConnections',
  'startConnect',
  'reconnect',
  'cancelConnect',
  'connectWithKey',
  'refreshConnection',
  'disconnect',
  'listActivity',
  'startDemoStore',
  'listNotices',
  'syncNow',
  'cancelSync',
  'listSyncStatus',
  'ordersSummary',
  'ordersPage',
] as const satisfies readonly RequestChannel[];

export const EVENT_CHANNELS = ['connectionsChanged', 'connectFlow', 'activityAppended', 'syncProgress'] as const satisfies readonly EventChannel[];

/** The IPC channel that carries a request method or an event (a fixed prefix, nothing else). */
export function channelOf(name: RequestChannel | EventChannel): string {
  return `storelink:${name}`;
}

/**
 * The API the preload exposes on `window.storelink` through contextBridge: one named function per
 * request (security.md item 30), plus `on` for the fixed list of events. Derived from the contract.
 */
export type StorelinkApi = {
  [C in RequestChannel]: RequestOf<C> extends void
    ? () => Promise<IpcResult<ResponseOf<C>>>
    : (request: RequestOf<C>) => Promise<IpcResult<ResponseOf<C>>>;
} & {
  on<E extends EventChannel>(event: E, listener: (payload: IpcEvents[E]) => void): () => void;
};
