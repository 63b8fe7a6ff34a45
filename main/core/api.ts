/**
 * The programmatic entry point's shape. `createStorelinkCore(options)` in main/core/index.ts returns
 * this; the Electron shell (main/electron/), the end-to-end harness (tests/e2e) and the benchmarks
 * use exactly this and nothing deeper. Everything returned is a plain view model (no secrets).
 */
import type { ActivityView, ConnectFlowView, ConnectionView, DisconnectResultView, NoticeView, ProviderView } from '../../shared/view-models.ts';
import type { HttpRequest, HttpResponse } from './ports.ts';
import type { HealthSync } from './lifecycle/connection-health.ts';
import type { ActivityKind, RemoveAllDataResultView } from '../../shared/view-models.ts';
import type { AppSettings } from '../../shared/app-settings.ts';
import type { ActivityFilter } from './activity/activity-log.ts';
import type { AppSettingsStore } from './settings/app-settings-store.ts';

/** A sync's activity row (issue 10 item 5), written by the app around the sync engine. */
export interface SyncActivity {
  kind: Extract<ActivityKind, 'sync-started' | 'sync-completed' | 'sync-failed' | 'sync-cancelled'>;
  connectionId: string;
  trigger: 'automatic' | 'on-request';
  reason?: string;
  orderCount?: number;
  durationMs?: number;
}

export interface CoreEvents {
  connectionsChanged: (connections: ConnectionView[]) => void;
  connectFlow: (flow: ConnectFlowView) => void;
  activityAppended: (entry: ActivityView) => void;
  /** The app settings changed (issue 9): forwarded to the window as `settingsChanged`. */
  settingsChanged: (settings: AppSettings) => void;
  /** A connection was just made or reconnected (issue 10 item 5: the app syncs it at once). */
  connectionMade: (connectionId: string) => void;
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
  /** Gives the connection the admin's name (shared/field-rules.ts connection name rules). */
  renameConnection(connectionId: string, name: string): ConnectionView;
  /**
   * Lets the cards' status words include the last order sync (main/storelink-app.ts passes the
   * sync service's states); call the returned function when a sync result changed.
   */
  attachSyncHealth(source: () => ReadonlyMap<string, HealthSync>): () => void;
  listActivity(limit: number, filter?: ActivityFilter): ActivityView[];
  /** Every activity entry, newest first (for the CSV export, issue 9). */
  activityEntries?(): Iterable<ActivityView>;
  /** The admin's app settings (issue 9 item 4), persisted under `appSettings` in the settings file. */
  readonly appSettings: AppSettingsStore;
  /** The data folder, for display ("where data lives"). */
  dataLocation(): string;
  /**
   * "Remove all Storelink data": revokes what it can, deletes every keychain entry by id, records,
   * orders (the disconnect hooks), activity; the settings go back to the defaults. Outcome per connection.
   */
  removeAllData(): Promise<RemoveAllDataResultView>;
  /** Appends a sync's activity row for a known connection (ignored for an unknown one). */
  recordSyncActivity(entry: SyncActivity): void;
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
