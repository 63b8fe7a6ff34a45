/**
 * Output side of the IPC boundary: every reply and event payload is re-parsed into exactly the
 * view-model shape of shared/view-models.ts before it leaves the main process. Objects strip keys
 * that are not part of the view model, so a token that slipped onto an object upstream never
 * reaches the renderer (security.md items 10, 30: "replies are plain view models with no secrets").
 */
import { z } from 'zod';
import { ErrorCode, type ErrorView } from '../../shared/error-codes.ts';
import type { EventChannel, IpcEvents, RequestChannel, ResponseOf } from '../../shared/ipc-contract.ts';
import type {
  ActivityView,
  ConnectFlowView,
  ConnectionView,
  OrderRowView,
  ProviderView,
  SyncStatusView,
} from '../../shared/view-models.ts';

const str = z.string();
const num = z.number();
const errorView: z.ZodType<ErrorView> = z.object({
  code: z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]),
  message: str,
});

const status = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('connected') }),
  z.object({ kind: z.literal('refreshing') }),
  z.object({ kind: z.literal('needs-reauth'), reason: str }),
  z.object({ kind: z.literal('error'), reason: str, retryAt: num.optional() }),
  z.object({ kind: z.literal('revoked'), reason: str }),
]);
const kind = z.enum(['oauth-pkce', 'oauth-app-credentials', 'api-key']);

const connection: z.ZodType<ConnectionView> = z.object({
  id: str, providerId: str, providerName: str, providerIcon: str, kind, accountLabel: str,
  store: str.optional(), status,
  scopes: z.array(z.object({ name: str, description: str, granted: z.boolean(), required: z.boolean() })),
  accessExpiresAt: num.optional(), refreshExpiresAt: num.optional(), hasRefreshToken: z.boolean(),
  lastRefreshAt: num.optional(), nextRefreshAt: num.optional(), lastActivityAt: num.optional(),
  createdAt: num, revocation: z.enum(['rfc7009', 'provider-uninstall', 'unsupported']),
  revocationNote: str.optional(),
});

const provider: z.ZodType<ProviderView> = z.object({
  id: str, name: str, icon: str, kind,
  fields: z.array(
    z.object({
      name: str, label: str, help: str.optional(), kind: z.enum(['url', 'text', 'shop-domain', 'secret']),
      required: z.boolean(), pattern: str.optional(), placeholder: str.optional(),
      // A provider field may suggest a default, but a secret field never carries one.
      default: str.optional(),
    }).transform((f) => (f.kind === 'secret' ? { ...f, default: undefined } : f)),
  ),
  scopes: z.array(z.object({ name: str, description: str, required: z.boolean() })),
  scopesEditable: z.boolean(), redirect: z.enum(['loopback', 'https-forwarder']), notes: z.array(str),
});

const activity: z.ZodType<ActivityView> = z.object({
  id: str, at: num,
  kind: z.enum(['connected', 'refreshed', 'refresh-failed', 're-authorized', 'revoked', 'disconnected', 'sync-completed', 'sync-failed']),
  connectionId: str, providerName: str, accountLabel: str, reason: str.optional(),
});

const flow: z.ZodType<ConnectFlowView> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('waiting'), flowId: str, providerId: str, expiresAt: num, authorizationHost: str }),
  z.object({ kind: z.literal('done'), flowId: str, connectionId: str }),
  z.object({ kind: z.literal('failed'), flowId: str, error: errorView }),
  z.object({ kind: z.literal('cancelled'), flowId: str }),
]);

const syncStatus: z.ZodType<SyncStatusView> = z.object({
  connectionId: str,
  state: z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('idle'), lastSyncAt: num.optional(), lastResult: z.enum(['ok', 'failed', 'cancelled']).optional(),
      lastError: errorView.optional(), nextRunAt: num.optional(),
    }),
    z.object({
      kind: z.literal('running'), startedAt: num, pages: num, orders: num,
      waitingUntil: num.optional(), estimatedRemainingMs: num.optional(),
    }),
  ]),
  orderCount: num,
});

const orderRow: z.ZodType<OrderRowView> = z.object({
  connectionId: str, platformId: str, orderNumber: str, createdAt: num, updatedAt: num, status: str,
  financialStatus: str, currency: str, totalMinor: num, itemCount: num,
});

const none = z.undefined().transform(() => undefined);

export const responseSchemas = {
  listProviders: z.array(provider),
  listConnections: z.array(connection),
  startConnect: flow,
  reconnect: flow,
  cancelConnect: none,
  connectWithKey: connection,
  refreshConnection: connection,
  disconnect: z.object({
    connectionId: str, outcome: z.enum(['revoked-at-provider', 'local-only']), reason: str.optional(), ordersDeleted: num,
  }),
  listActivity: z.array(activity),
  startDemoStore: z.object({ issuer: str }),
  listNotices: z.array(z.object({ id: str, kind: z.enum(['settings-recovered', 'record-skipped', 'orders-db-recovered', 'activity-log-failed', 'settings-unavailable', 'data-folder-unavailable', 'orders-db-unavailable', 'startup-failed']), message: str, at: num })),
  syncNow: none,
  cancelSync: none,
  listSyncStatus: z.array(syncStatus),
  ordersSummary: z.object({
    orderCount: num,
    byCurrency: z.array(z.object({ currency: str, revenueMinor: num, orderCount: num, averageMinor: num, exponent: num })),
    byStatus: z.array(z.object({ status: str, count: num })),
    perDay: z.array(z.object({ day: str, orders: num, revenueByCurrency: z.record(str, num) })),
  }),
  ordersPage: z.object({ total: num, rows: z.array(orderRow) }),
} satisfies { [C in RequestChannel]: z.ZodType<ResponseOf<C>, unknown> };

export const eventSchemas = {
  connectionsChanged: z.array(connection),
  connectFlow: flow,
  activityAppended: activity,
  syncProgress: syncStatus,
} satisfies { [E in EventChannel]: z.ZodType<IpcEvents[E], unknown> };

/** Re-shapes a reply into its view model; throws if the core produced something off-contract. */
export function toResponseView<C extends RequestChannel>(channel: C, value: unknown): ResponseOf<C> {
  return (responseSchemas[channel] as z.ZodType<ResponseOf<C>, unknown>).parse(value);
}

/** Same for event payloads. */
export function toEventView<E extends EventChannel>(event: E, payload: unknown): IpcEvents[E] {
  return (eventSchemas[event] as z.ZodType<IpcEvents[E], unknown>).parse(payload);
}
