/**
 * Plain view models: the only shapes that reach the renderer. No token, verifier, state,
 * authorization code or secret is ever a field here (security.md items 10, 30).
 */
import type { ErrorView } from './error-codes.ts';

export type ConnectionKind = 'oauth-pkce' | 'oauth-app-credentials' | 'api-key';

/** Connection status as a union keyed on `kind` (style.md: state machines, not booleans). */
export type ConnectionStatus =
  | { kind: 'connected' }
  | { kind: 'refreshing' }
  | { kind: 'needs-reauth'; reason: string }
  | { kind: 'error'; reason: string; retryAt?: number }
  | { kind: 'revoked'; reason: string };

export type StatusKind = ConnectionStatus['kind'];

export interface ScopeView {
  name: string;
  description: string;
  granted: boolean;
  /** Needed by Storelink; when not granted the UI offers "Re-authorize to add". */
  required: boolean;
}

export interface ConnectionView {
  id: string;
  providerId: string;
  providerName: string;
  providerIcon: string;
  kind: ConnectionKind;
  accountLabel: string;
  /** Store host or URL, when the provider has per-store endpoints. */
  store?: string;
  status: ConnectionStatus;
  scopes: ScopeView[];
  /** Epoch ms; undefined = the provider says the token does not expire. */
  accessExpiresAt?: number;
  refreshExpiresAt?: number;
  hasRefreshToken: boolean;
  lastRefreshAt?: number;
  nextRefreshAt?: number;
  lastActivityAt?: number;
  createdAt: number;
  revocation: 'rfc7009' | 'provider-uninstall' | 'unsupported';
  revocationNote?: string;
}

export interface ProviderFieldView {
  name: string;
  label: string;
  help?: string;
  kind: 'url' | 'text' | 'shop-domain' | 'secret';
  required: boolean;
  pattern?: string;
  placeholder?: string;
  default?: string;
}

export interface ProviderView {
  id: string;
  name: string;
  icon: string;
  kind: ConnectionKind;
  fields: ProviderFieldView[];
  scopes: { name: string; description: string; required: boolean }[];
  /** Fixed scopes (false) or an editable list (generic OpenID providers). */
  scopesEditable: boolean;
  redirect: 'loopback' | 'https-forwarder';
  /** Plain words about what connecting involves (e.g. "needs an https forwarding page"). */
  notes: string[];
}

export type ActivityKind =
  | 'connected'
  | 'refreshed'
  | 'refresh-failed'
  | 're-authorized'
  | 'revoked'
  | 'disconnected'
  | 'sync-completed'
  | 'sync-failed';

export interface ActivityView {
  id: string;
  at: number;
  kind: ActivityKind;
  connectionId: string;
  providerName: string;
  accountLabel: string;
  reason?: string;
}

/** Something the admin should know that is not tied to one action (security.md #34: a damaged file moved aside). */
export interface NoticeView {
  id: string;
  kind: 'settings-recovered' | 'record-skipped' | 'orders-db-recovered' | 'activity-log-failed' | 'settings-unavailable' | 'data-folder-unavailable' | 'orders-db-unavailable' | 'startup-failed';
  message: string;
  at: number;
}

export type ConnectFlowView =
  | { kind: 'waiting'; flowId: string; providerId: string; expiresAt: number; authorizationHost: string }
  | { kind: 'done'; flowId: string; connectionId: string }
  | { kind: 'failed'; flowId: string; error: ErrorView }
  | { kind: 'cancelled'; flowId: string };

export interface DisconnectResultView {
  connectionId: string;
  /** "revoked at provider" or "removed from this computer only" with the reason. */
  outcome: 'revoked-at-provider' | 'local-only';
  reason?: string;
  ordersDeleted: number;
}

// ---- Orders and sync (store platforms issue) ----

export type SyncState =
  | { kind: 'idle'; lastSyncAt?: number; lastResult?: 'ok' | 'failed' | 'cancelled'; lastError?: ErrorView; nextRunAt?: number }
  | {
      kind: 'running';
      startedAt: number;
      pages: number;
      orders: number;
      /** Set while waiting on a rate limit. */
      waitingUntil?: number;
      estimatedRemainingMs?: number;
    };

export interface SyncStatusView {
  connectionId: string;
  state: SyncState;
  orderCount: number;
}

export interface OrderRowView {
  connectionId: string;
  platformId: string;
  orderNumber: string;
  createdAt: number;
  updatedAt: number;
  status: string;
  financialStatus: string;
  currency: string;
  /** Integer minor units. */
  totalMinor: number;
  itemCount: number;
}

export interface SummaryQuery {
  /** All stores when absent. */
  connectionId?: string;
  fromMs: number;
  toMs: number;
}

export interface CurrencyTotalView {
  currency: string;
  revenueMinor: number;
  orderCount: number;
  averageMinor: number;
  /** Minor-unit exponent of the currency (2 for USD, 0 for JPY). */
  exponent: number;
}

export interface OrderSummaryView {
  orderCount: number;
  byCurrency: CurrencyTotalView[];
  byStatus: { status: string; count: number }[];
  perDay: { day: string; orders: number; revenueByCurrency: Record<string, number> }[];
}

export interface OrdersPageQuery {
  connectionId?: string;
  fromMs: number;
  toMs: number;
  sort: 'createdAt' | 'totalMinor' | 'orderNumber' | 'status';
  direction: 'asc' | 'desc';
  status?: string;
  search?: string;
  offset: number;
  limit: number;
}

export interface OrdersPageView {
  total: number;
  rows: OrderRowView[];
}
