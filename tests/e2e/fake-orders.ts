/**
 * An in-memory order sync service (main/ipc/sync-api.ts shape) with generated orders, for UI work
 * and the 100,000-row table check. Real sync is tested in tests/sync; this only feeds the views.
 */
import type { SyncApi } from '../../main/ipc/sync-api.ts';
import type { OrderRowView, OrderSummaryView, OrdersPageQuery, SummaryQuery, SyncStatusView } from '../../shared/view-models.ts';

const STATUSES = ['paid', 'fulfilled', 'pending', 'refunded', 'cancelled'];
const CURRENCIES: [string, number][] = [
  ['USD', 2],
  ['EUR', 2],
  ['JPY', 0],
];

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/** When the fake refunds a 'refunded' order (in full): 36 hours after it was placed, often another day. */
const REFUND_AFTER_MS = 36 * 3_600_000;

const dayKey = (ms: number) => {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

export interface FakeOrders extends SyncApi {
  /** Generates `count` orders spread over the last `days` days for a connection. */
  seed(connectionId: string, count: number, options?: { days?: number; multiCurrency?: boolean; statuses?: string[]; financialStatuses?: string[] }): void;
}

export function createFakeOrders(now: () => number = Date.now): FakeOrders {
  const orders: OrderRowView[] = [];
  const statuses = new Map<string, SyncStatusView>();
  const listeners = new Set<(s: SyncStatusView) => void>();
  let sortedCache: { key: string; rows: OrderRowView[] } | null = null;
  const set = (s: SyncStatusView) => {
    statuses.set(s.connectionId, s);
    for (const l of listeners) l(s);
  };
  const count = (id: string) => orders.filter((o) => o.connectionId === id).length;
  const inRange = (q: SummaryQuery) =>
    orders.filter((o) => (!q.connectionId || o.connectionId === q.connectionId) && o.createdAt >= q.fromMs && o.createdAt <= q.toMs);

  return {
    seed(connectionId, n, options = {}) {
      const rnd = prng(n + connectionId.length);
      const days = options.days ?? 90;
      for (let i = 0; i < n; i++) {
        const [currency, exp] = options.multiCurrency ? CURRENCIES[Math.floor(rnd() * 3)]! : CURRENCIES[0]!;
        const createdAt = now() - Math.floor(rnd() * days * 86_400_000);
        orders.push({
          connectionId,
          platformId: `${connectionId}-${i}`,
          orderNumber: `#${1000 + i}`,
          createdAt,
          updatedAt: createdAt,
          status: options.statuses ? options.statuses[i % options.statuses.length]! : STATUSES[Math.floor(rnd() * STATUSES.length)]!,
          financialStatus: options.financialStatuses ? options.financialStatuses[i % options.financialStatuses.length]! : rnd() > 0.2 ? 'paid' : 'pending',
          currency,
          totalMinor: Math.round((5 + rnd() * 200) * 10 ** exp),
          itemCount: 1 + Math.floor(rnd() * 5),
        });
      }
      sortedCache = null;
      set({ connectionId, orderCount: count(connectionId), state: { kind: 'idle', lastSyncAt: now(), lastResult: 'ok', nextRunAt: now() + 900_000 } });
    },
    async syncNow(req) {
      const ids = req.connectionId ? [req.connectionId] : [...statuses.keys()];
      for (const id of ids) {
        set({ connectionId: id, orderCount: count(id), state: { kind: 'running', startedAt: now(), pages: 1, orders: 100, estimatedRemainingMs: 4000 } });
        setTimeout(
          () => set({ connectionId: id, orderCount: count(id), state: { kind: 'idle', lastSyncAt: now(), lastResult: 'ok', nextRunAt: now() + 900_000 } }),
          1500,
        );
      }
    },
    async cancelSync(req) {
      set({
        connectionId: req.connectionId,
        orderCount: count(req.connectionId),
        state: { kind: 'idle', lastSyncAt: now(), lastResult: 'cancelled', lastError: { code: 'sync_cancelled', message: 'Cancelled.' } },
      });
    },
    async listSyncStatus() {
      return [...statuses.values()];
    },
    async ordersSummary(q): Promise<OrderSummaryView> {
      const rows = inRange(q);
      const byCur = new Map<string, { revenue: number; n: number; returns: number }>();
      const byStatus = new Map<string, number>();
      const perDay = new Map<string, { orders: number; revenueByCurrency: Record<string, number>; totalSalesByCurrency: Record<string, number> }>();
      const dayOf = (ms: number) => {
        const d = perDay.get(dayKey(ms)) ?? { orders: 0, revenueByCurrency: {}, totalSalesByCurrency: {} };
        perDay.set(dayKey(ms), d);
        return d;
      };
      const cur = (currency: string) => {
        const c = byCur.get(currency) ?? { revenue: 0, n: 0, returns: 0 };
        byCur.set(currency, c);
        return c;
      };
      for (const o of rows) {
        const c = cur(o.currency);
        c.revenue += o.totalMinor;
        c.n += 1;
        byStatus.set(o.status, (byStatus.get(o.status) ?? 0) + 1);
        const d = dayOf(o.createdAt);
        d.orders += 1;
        d.revenueByCurrency[o.currency] = (d.revenueByCurrency[o.currency] ?? 0) + o.totalMinor;
        d.totalSalesByCurrency[o.currency] = (d.totalSalesByCurrency[o.currency] ?? 0) + o.totalMinor;
      }
      // A 'refunded' order was refunded in full REFUND_AFTER_MS after it was placed: a return on the refund's day.
      for (const o of orders) {
        const at = o.createdAt + REFUND_AFTER_MS;
        if (o.status !== 'refunded' || (q.connectionId && o.connectionId !== q.connectionId) || at < q.fromMs || at > q.toMs || at > now()) continue;
        cur(o.currency).returns += o.totalMinor;
        const d = dayOf(at);
        d.totalSalesByCurrency[o.currency] = (d.totalSalesByCurrency[o.currency] ?? 0) - o.totalMinor;
      }
      return {
        orderCount: rows.length,
        byCurrency: [...byCur].map(([currency, v]) => ({
          currency,
          revenueMinor: v.revenue,
          orderCount: v.n,
          averageMinor: v.n > 0 ? Math.round(v.revenue / v.n) : 0,
          exponent: CURRENCIES.find((c) => c[0] === currency)?.[1] ?? 2,
          returnsMinor: v.returns === 0 ? 0 : -v.returns,
          totalSalesMinor: v.revenue - v.returns,
        })),
        byStatus: [...byStatus].map(([status, n]) => ({ status, count: n })).sort((a, b) => b.count - a.count),
        perDay: [...perDay].map(([day, v]) => ({ day, ...v })).sort((a, b) => a.day.localeCompare(b.day)),
      };
    },
    async ordersPage(q: OrdersPageQuery) {
      const key = JSON.stringify({ ...q, offset: 0, limit: 0 });
      if (sortedCache?.key !== key) {
        const dir = q.direction === 'asc' ? 1 : -1;
        const rows = inRange(q).filter((o) => (!q.status || o.status === q.status) && (!q.search || o.orderNumber.includes(q.search)));
        rows.sort((a, b) => {
          const x = a[q.sort];
          const y = b[q.sort];
          return (x < y ? -1 : x > y ? 1 : 0) * dir;
        });
        sortedCache = { key, rows };
      }
      return { total: sortedCache.rows.length, rows: sortedCache.rows.slice(q.offset, q.offset + q.limit) };
    },
    onProgress(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
