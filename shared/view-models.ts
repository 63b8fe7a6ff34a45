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
import { activityKindSchema } from './activity-kinds.ts';

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

/**
 * What one permission row says, derived in main (main/core/lifecycle/connection-health.ts):
 * `granted` only while the connection is alive; `inactive` once it is revoked or dead (no row then
 * claims "Granted"); `missing` = needed and not granted; `optional-missing` = not needed, not granted.
 */
export const scopeStateSchema = z.enum(['granted', 'missing', 'optional-missing', 'inactive']);
export type ScopeState = z.output<typeof scopeStateSchema>;

/** One fact row of a card: a live countdown to `at`, or fixed words (with an optional moment after them). */
export const healthFactSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('countdown'), at: num }),
  z.object({ kind: z.literal('text'), text: str, at: num.optional() }),
]);
export type HealthFact = z.output<typeof healthFactSchema>;

/**
 * What a connection card says, derived in main from the whole record (token expiry, refresh token,
 * granted vs needed scopes, last refresh and sync results, revocation): the renderer only shows it.
 */
export const connectionHealthSchema = z.object({
  tone: z.enum(['ok', 'info', 'warning', 'error']),
  headline: str,
  detail: str,
  /** The "Access" row. */
  access: healthFactSchema,
  /** The "Sign-in renewal" row. */
  renewal: healthFactSchema,
  /** When, without any event, these words would change (main re-sends the list then). */
  changesAt: num.optional(),
  /** The Connections screen's status filter group (issue 10): from the same derivation as the words. */
  group: z.enum(['working', 'attention', 'not-working']).optional(),
  /** The "Last sync" row, for platforms with orders: "Not synced yet" until the first run ends, then its result and time. */
  sync: healthFactSchema.optional(),
});
export type HealthGroup = NonNullable<z.output<typeof connectionHealthSchema>['group']>;
export type ConnectionHealth = z.output<typeof connectionHealthSchema>;

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
  /** Derived status words (connection-health.ts); the card shows these, never its own reading of `status`. */
  health: connectionHealthSchema.optional(),
  /** Per-scope state, same order as `scopes`. */
  scopeStates: z.array(scopeStateSchema).optional(),
  /** The name the admin gave the connection, or the platform's account label. */
  name: str.optional(),
  /** The platform's store address or account id (shop domain, store URL, merchant id...). */
  storeAddress: str.optional(),
  /** When connecting this same store again renewed this connection instead of adding a second one. */
  reconnectedExistingAt: num.optional(),
  /**
   * Set when another connection reaches the same store and it is that one whose orders count in
   * "All stores" (main/core/connections/duplicate-connections.ts): its id and card heading.
   */
  duplicateOf: z.object({ connectionId: str, name: str }).optional(),
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

/**
 * A platform's setup guide (issue 8 item 7): numbered steps in plain words, each may link to the
 * platform's own docs page (opened in the system browser through the allow-list), the exact
 * values to copy, and whether Storelink can write an https forwarding page for it.
 */
export const setupGuideViewSchema = z.object({
  steps: z.array(z.object({ text: str, link: z.object({ label: str, url: str }).optional() })),
  values: z.array(z.object({ label: str, value: str, note: str.optional() })),
  forwardingPage: z.boolean(),
});
export type SetupGuideView = z.output<typeof setupGuideViewSchema>;

/** Result of "Test my forwarding page": whether the redirect reached Storelink's loopback listener. */
export const forwardingTestViewSchema = z.object({ ok: z.boolean(), message: str });
export type ForwardingTestView = z.output<typeof forwardingTestViewSchema>;

/** Result of saving the forwarding page: saved or cancelled. The path never leaves main. */
export const savedFileViewSchema = z.object({ saved: z.boolean() });
export type SavedFileView = z.output<typeof savedFileViewSchema>;

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
  /** The platform's setup guide, when it has one. */
  guide: setupGuideViewSchema.optional(),
});
export type ProviderView = z.output<typeof providerViewSchema>;

/** Activity kinds live in shared/activity-kinds.ts (the listActivity request filters by them too). */
export { activityKindSchema };
export type ActivityKind = z.output<typeof activityKindSchema>;

export const activityViewSchema = z.object({
  id: str,
  at: num,
  kind: activityKindSchema,
  connectionId: str,
  providerName: str,
  accountLabel: str,
  /** The platform's store address of the connection, where known (issue 10 item 3). */
  storeAddress: str.optional(),
  reason: str.optional(),
  /** Refreshes and syncs: whether Storelink did it on its own schedule or the admin asked (issue 10 item 5). */
  trigger: z.enum(['automatic', 'on-request']).optional(),
  /** Finished syncs: orders received in the run and how long it took. */
  orderCount: num.optional(),
  durationMs: num.optional(),
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
    'app-settings-reset',
    'sync-warning',
  ]),
  message: str,
  at: num,
});
export type NoticeView = z.output<typeof noticeViewSchema>;

export const connectFlowViewSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('waiting'), flowId: str, providerId: str, expiresAt: num, authorizationHost: str }),
  /** `reconnectedExisting`: the store was already connected, so that connection was renewed instead of adding a second. */
  z.object({ kind: z.literal('done'), flowId: str, connectionId: str, reconnectedExisting: z.boolean().optional() }),
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
    /** "Pause all sync" is on (issue 9): no automatic run; Sync now still works. */
    paused: z.boolean().optional(),
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
  // Per-order figures (docs/figures.md), all at `exponent`; absent = not available from the platform
  // (listed in unavailableFigures). Discounts and refunded are positive amounts.
  grossMinor: num.optional(),
  discountsMinor: num.optional(),
  shippingMinor: num.optional(),
  taxMinor: num.optional(),
  /** Sum of the order's refunds (each counts on its own date in summaries). */
  refundedMinor: num.optional(),
  /** The platform's own financial status text (financialStatus is the common value). */
  financialStatusRaw: str.optional(),
  cancelled: z.boolean().optional(),
  test: z.boolean().optional(),
  /** Figures of this order the platform cannot supply, or that were not synced yet ('legacy'). */
  unavailableFigures: z.array(str).optional(),
});
export type OrderRowView = z.output<typeof orderRowViewSchema>;

export const currencyTotalViewSchema = z.object({
  currency: str,
  /**
   * Sum of the order totals as placed (cancelled and refunded orders included, refunds not taken off) and
   * their mean. Not shown on screen (the screen shows total sales); kept as the exact cross-check of the
   * order sums in tests (tests/sync, tests/platforms).
   */
  revenueMinor: num,
  orderCount: num,
  averageMinor: num,
  /** Decimal exponent of the amounts: the currency's (2 for USD, 0 for JPY), or more when a store sent more decimals. */
  exponent: num,
  // Merchant figures (docs/figures.md, merchant-figures.md), at `exponent`; absent = not available (see `unavailable`).
  grossSalesMinor: num.optional(),
  /** Negative, as in Shopify's sales report. */
  discountsMinor: num.optional(),
  /** Negative: refunds dated in the range (whatever the order's date). */
  returnsMinor: num.optional(),
  netSalesMinor: num.optional(),
  totalSalesMinor: num.optional(),
  averageOrderValueMinor: num.optional(),
  /** Figures left out for this currency and why, e.g. { figure: 'discounts', message: 'Not available from Etsy' }. */
  unavailable: z.array(z.object({ figure: str, message: str })).optional(),
});
export type CurrencyTotalView = z.output<typeof currencyTotalViewSchema>;

export const orderSummaryViewSchema = z.object({
  orderCount: num,
  byCurrency: z.array(currencyTotalViewSchema),
  byStatus: z.array(z.object({ status: str, count: num })),
  perDay: z.array(
    z.object({
      day: str,
      orders: num,
      /** Totals of the orders placed that day, per currency (not shown on screen; see revenueMinor). */
      revenueByCurrency: z.record(str, num),
      /**
       * Total sales per currency at its byCurrency exponent: totals of the orders placed that day - refunds
       * dated that day (negative when refunds exceed sales). Only currencies whose totalSalesMinor is
       * available in the range; a listed currency missing on a day had no sales and no refunds that day.
       * Summed over the days: byCurrency's totalSalesMinor.
       */
      totalSalesByCurrency: z.record(str, num),
    }),
  ),
  /** Orders in the range whose money could not be read (kept, shown in the table, not in the figures above). */
  needsAttention: num.optional(),
});
export type OrderSummaryView = z.output<typeof orderSummaryViewSchema>;

export const ordersPageViewSchema = z.object({ total: num, rows: z.array(orderRowViewSchema) });
export type OrdersPageView = z.output<typeof ordersPageViewSchema>;

export type { OrdersPageQuery, SummaryQuery } from './ipc-requests.ts';

/** The outcome of a CSV export (issue 9): how many rows were saved, or that the admin cancelled. Never a path. */
export const exportResultViewSchema = z.discriminatedUnion('saved', [z.object({ saved: z.literal(true), rows: num }), z.object({ saved: z.literal(false) })]);
export type ExportResultView = z.output<typeof exportResultViewSchema>;
// ---- Desktop (issue 9) ----

/** main -> renderer: show this connection's card (the admin clicked a notification about it). */
export const focusConnectionEventSchema = z.object({ connectionId: str });
export type FocusConnectionEvent = z.output<typeof focusConnectionEventSchema>;
// ---- Settings (issue 9 item 4) ----

/** "Remove all Storelink data": what happened for one connection, honestly (revoked or not, keychain entry gone or left). */
export const removedConnectionViewSchema = z.object({
  connectionId: str,
  providerName: str,
  accountLabel: str,
  /** `queued`: a disconnect from before whose revocation was still waiting. */
  source: z.enum(['connection', 'queued-revocation']),
  revocation: z.enum(['revoked', 'not-revoked']),
  /** Why access could not be revoked, and what the admin can do. */
  revocationReason: str.optional(),
  keychain: z.enum(['deleted', 'left']),
  /** Why the keychain entry is still there (Storelink keeps trying at each launch). */
  keychainReason: str.optional(),
  ordersDeleted: num,
});
export type RemovedConnectionView = z.output<typeof removedConnectionViewSchema>;

export const removeAllDataResultViewSchema = z.object({
  connections: z.array(removedConnectionViewSchema),
  activityCleared: z.boolean(),
  activityReason: str.optional(),
  settingsReset: z.boolean(),
});
export type RemoveAllDataResultView = z.output<typeof removeAllDataResultViewSchema>;

export const dataLocationViewSchema = z.object({ path: str });
export type DataLocationView = z.output<typeof dataLocationViewSchema>;
