/**
 * The programmatic entry point's shape. `createStorelinkCore(options)` in main/core/index.ts returns
 * this; the Electron shell (main/electron/), the end-to-end harness (tests/e2e) and the benchmarks
 * use exactly this and nothing deeper. Everything returned is a plain view model (no secrets).
 */
import type { ActivityView, ConnectFlowView, ConnectionView, DisconnectResultView, NoticeView, ProviderView } from '../../shared/view-models.ts';
import type { HttpRequest, HttpResponse } from './ports.ts';

export interface CoreEvents {
  connectionsChanged: (connections: ConnectionView[]) => void;
  connectFlow: (flow: ConnectFlowView) => void;
  activityAppended: (entry: ActivityView) => void;
}

export interface StorelinkCore {
  listProviders(): ProviderView[];
  listConnections(): ConnectionView[];
  getConnection(connectionId: string): ConnectionView;
  /**
   * Starts an authorization flow: opens the system browser through the opener port and resolves
   * with the `waiting` view at once; the outcome arrives as a `connectFlow` event and through
   * `waitForFlow(flowId)`.
   */
  startConnect(input: { providerId: string; fields: Record<string, string>; scopes?: string[] }): Promise<ConnectFlowView>;
  /** Re-authorizes an existing connection in place (same id, same records, new tokens). */
  reconnect(connectionId: string): Promise<ConnectFlowView>;
  cancelConnect(flowId: string): void;
  /** Opens the pending sign-in's page in the browser again. */
  reopenConnectPage(flowId: string): Promise<void>;
  /** Copies the pending sign-in's page address to the clipboard (main side; the renderer never sees it). */
  copyConnectLink(flowId: string): Promise<void>;
  waitForFlow(flowId: string): Promise<ConnectFlowView>;
  /** api-key connections: validates the keys with one API call, then stores them in the keychain. */
  connectWithKey(input: { providerId: string; fields: Record<string, string> }): Promise<ConnectionView>;
  refreshConnection(connectionId: string): Promise<ConnectionView>;
  disconnect(connectionId: string): Promise<DisconnectResultView>;
  listActivity(limit: number): ActivityView[];
  /** Startup problems the admin should see: a settings file moved aside, a damaged record skipped. */
  listNotices(): NoticeView[];
  /**
   * An API call with the connection's credentials in the header the profile names; on a 401 with
   * `invalid_token` it refreshes once and retries once (security.md item 14). `url` may be relative
   * to the profile's API base.
   */
  authorizedRequest(connectionId: string, request: HttpRequest): Promise<HttpResponse>;
  /**
   * Connections whose platform has orders, for the sync engine: adapter id, non-secret fields,
   * and whether they may be synced now (not while re-authorization is needed).
   */
  syncTargets(): Array<{ connectionId: string; adapterId: string; fields: Record<string, string>; active: boolean }>;
  /** Call after the computer wakes up: refreshes whatever expired or is about to. */
  onResume(): Promise<void>;
  /** Registers a listener; returns an unsubscribe function. */
  on<E extends keyof CoreEvents>(event: E, listener: CoreEvents[E]): () => void;
  /** Hook for other modules (order sync) to delete data of a connection on disconnect. */
  onDisconnect(hook: (connectionId: string) => Promise<number> | number): void;
  close(): Promise<void>;
}
