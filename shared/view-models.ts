/**
 * Plain view models: the only shapes that reach the renderer. No token, verifier, state,
 * authorization code or secret is ever a field here (security.md items 10, 30).
 *
 * Each view model is a zod schema and its TypeScript type is inferred from it, so the type the core
 * builds and the shape the IPC boundary lets through are one and the same: a field cannot be added
 * to a type without being part of its schema (it used to be silently stripped at the boundary).
 * Objects are non-strict on output: keys outside the schema are stripped, so a token that slipped
 * onto an object upstream never reaches the window. The renderer imports these with `import type`
 * only, so zod stays out of its bundle.
 */
import { z } from 'zod';
import { ErrorCode, type ErrorView } from './error-codes.ts';
import type { AssertTrue, SameShape } from './ipc/same-shape.ts';

const str = z.string();
const num = z.number();

export const errorViewSchema = z.object({
  code: z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]),
  message: str,
});
/** ErrorView is declared beside the error codes (the core's errors build it): the schema must have exactly its shape. */
type _ErrorViewMatchesSchema = AssertTrue<SameShape<z.output<typeof errorViewSchema>, ErrorView>>;

export const connectionKindSchema = z.enum(['oauth-pkce', 'oauth-app-credentials', 'api-key', 'oauth-client-credentials']);
export type ConnectionKind = z.output<typeof connectionKindSchema>;

/** Connection status as a union keyed on `kind` (style.md: state machines, not booleans). */
export const connectionStatusSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('connected') }),
  z.object({ kind: z.literal('refreshing') }),
  z.object({ kind: z.literal('needs-reauth'), reason: str }),
  z.object({ kind: z.literal('error'), reason: str, retryAt: num.optional() }),
  z.object({ kind: z.literal('revoked'), reason: str }),
]);
export type ConnectionStatus = z.output<typeof connectionStatusSchema>;
export type StatusKind = ConnectionStatus['kind'];

export const scopeViewSchema = z.object({
  name: str,
  description: str,
  granted: z.boolean(),
  /** Needed by Storelink; when not granted the UI offers "Re-authorize to add". */
  required: z.boolean(),
});
export type ScopeView = z.output<typeof scopeViewSchema>;

export const connectionViewSchema = z.object({
  id: str,
  providerId: str,
  providerName: str,
  providerIcon: str,
  kind: connectionKindSchema,
  accountLabel: str,
  /** Store host or URL, when the provider has per-store endpoints. */
  store: str.optional(),
  status: connectionStatusSchema,
  scopes: z.array(scopeViewSchema),
  /** Epoch ms; undefined = the provider says the token does not expire. */
  accessExpiresAt: num.optional(),
  refreshExpiresAt: num.optional(),
  hasRefreshToken: z.boolean(),
  lastRefreshAt: num.optional(),
  nextRefreshAt: num.optional(),
  lastActivityAt: num.optional(),
  createdAt: num,
  revocation: z.enum(['rfc7009', 'provider-uninstall', 'unsupported']),
  revocationNote: str.optional(),
});
export type ConnectionView = z.output<typeof connectionViewSchema>;

const providerFieldBase = z.object({
  name: str,
  label: str,
  help: str.optional(),
  kind: z.enum(['url', 'text', 'shop-domain', 'secret']),
  required: z.boolean(),
  pattern: str.optional(),
  placeholder: str.optional(),
  default: str.optional(),
});
export type ProviderFieldView = z.output<typeof providerFieldBase>;
/** A provider field may suggest a default, but a secret field never carries one out of main. */
export const providerFieldViewSchema = providerFieldBase.transform((f): ProviderFieldView => (f.kind === 'secret' ? { ...f, default: undefined } : f));

export const providerViewSchema = z.object({
  id: str,
  name: str,
  icon: str,
  kind: connectionKindSchema,
  fields: z.array(providerFieldViewSchema),
  scopes: z.array(z.object({ name: str, description: str, required: z.boolean() })),
  /** Fixed scopes (false) or an editable list (generic OpenID providers). */
  scopesEditable: z.boolean(),
  redirect: z.enum(['loopback', 'https-forwarder']),
  /** Plain words about what connecting involves (e.g. "needs an https forwarding page"). */
  notes: z.array(str),
});
export type ProviderView = z.output<typeof providerViewSchema>;

export const activityKindSchema = z.enum([
  'connected',
  'refreshed',
  'refresh-failed',
  're-authorized',
  'revoked',
  'disconnected',
  'sync-completed',
  'sync-failed',
]);
export type ActivityKind = z.output<typeof activityKindSchema>;

export const activityViewSchema = z.object({
  id: str,
  at: num,
  kind: activityKindSchema,
  connectionId: str,
  providerName: str,
  accountLabel: str,
  reason: str.optional(),
});
export type ActivityView = z.output<typeof activityViewSchema>;

/** Something the admin should know that is not tied to one action (security.md #34, #44, #45, #47, #48). */
export const noticeViewSchema = z.object({
  id: str,
  kind: z.enum([
    'settings-recovered',
    'record-skipped',
    'orders-db-recovered',
    'activity-log-failed',
    'settings-unavailable',
    'data-folder-unavailable',
    'orders-db-unavailable',
    'startup-failed',
    'sync-warning',
  ]),
  message: str,
  at: num,
});
export type NoticeView = z.output<typeof noticeViewSchema>;

export const connectFlowViewSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('waiting'), flowId: str, providerId: str, expiresAt: num, authorizationHost: str }),
  z.object({ kind: z.literal('done'), flowId: str, connectionId: str }),
  z.object({ kind: z.literal('failed'), flowId: str, error: errorViewSchema }),
  z.object({ kind: z.literal('cancelled'), flowId: str }),
]);
export type ConnectFlowView = z.output<typeof connectFlowViewSchema>;

export const disconnectResultViewSchema = z.object({
  connectionId: str,
  /** "revoked at provider" or "removed from this computer only" with the reason. */
  outcome: z.enum(['revoked-at-provider', 'local-only']),
  reason: str.optional(),
  ordersDeleted: num,
});
export type DisconnectResultView = z.output<typeof disconnectResultViewSchema>;

// ---- Orders and sync ----

export const syncStateSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('idle'),
    lastSyncAt: num.optional(),
    lastResult: z.enum(['ok', 'failed', 'cancelled']).optional(),
    lastError: errorViewSchema.optional(),
    nextRunAt: num.optional(),
  }),
  z.object({
    kind: z.literal('running'),
    startedAt: num,
    pages: num,
    orders: num,
    /** Set while waiting on a rate limit. */
    waitingUntil: num.optional(),
    estimatedRemainingMs: num.optional(),
  }),
]);
export type SyncState = z.output<typeof syncStateSchema>;

export const syncStatusViewSchema = z.object({ connectionId: str, state: syncStateSchema, orderCount: num });
export type SyncStatusView = z.output<typeof syncStatusViewSchema>;

export const orderRowViewSchema = z.object({
  connectionId: str,
  platformId: str,
  orderNumber: str,
  createdAt: num,
  updatedAt: num,
  status: str,
  financialStatus: str,
  currency: str,
  /** Integer units at `exponent` (main/sync/money.ts). */
  totalMinor: num,
  itemCount: num,
  /** Decimal exponent of totalMinor: the summary's exponent for this currency (absent: the currency's own). */
  exponent: num.optional(),
  /** Set when the platform sent money Storelink could not read exactly: plain words; the total is not counted. */
  needsAttention: str.optional(),
});
export type OrderRowView = z.output<typeof orderRowViewSchema>;

export const currencyTotalViewSchema = z.object({
  currency: str,
  revenueMinor: num,
  orderCount: num,
  averageMinor: num,
  /** Decimal exponent of the amounts: the currency's (2 for USD, 0 for JPY), or more when a store sent more decimals. */
  exponent: num,
});
export type CurrencyTotalView = z.output<typeof currencyTotalViewSchema>;

export const orderSummaryViewSchema = z.object({
  orderCount: num,
  byCurrency: z.array(currencyTotalViewSchema),
  byStatus: z.array(z.object({ status: str, count: num })),
  perDay: z.array(z.object({ day: str, orders: num, revenueByCurrency: z.record(str, num) })),
  /** Orders in the range whose money could not be read (kept, shown in the table, not in the figures above). */
  needsAttention: num.optional(),
});
export type OrderSummaryView = z.output<typeof orderSummaryViewSchema>;

export const ordersPageViewSchema = z.object({ total: num, rows: z.array(orderRowViewSchema) });
export type OrdersPageView = z.output<typeof ordersPageViewSchema>;

export type { OrdersPageQuery, SummaryQuery } from './ipc-requests.ts';
