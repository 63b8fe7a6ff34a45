/**
 * Read side of the orders database: the dashboard summary and the paged orders table.
 *
 * Ranges are half-open, `fromMs <= createdAt < toMs`. Whole UTC days inside the range are read
 * from the `order_days` rollup (a few thousand rows for a million orders), the partial days at both
 * ends from `order_hours`, and the partial hours from `orders` through the created_at indexes.
 * Days are UTC days shifted by `tzOffsetMinutes` (e.g. -300 for New York winter time): with a
 * whole-hour offset the day rollup cannot be used and the hour rollup serves the whole range
 * (about 10x more rows); an offset that is not whole hours (India +330) reads `orders` directly
 * (correct, much slower on large ranges).
 *
 * Money is summed as SQLite 64-bit integers in minor units, never floats; node:sqlite throws
 * rather than return an integer beyond 2^53. Averages are integer division rounded half away
 * from zero (12345 / 2 -> 6173, -5 / 2 -> -3).
 */
import type { StatementSync } from 'node:sqlite';
import type {
  CurrencyTotalView,
  OrderRowView,
  OrderSummaryView,
  OrdersPageQuery,
  OrdersPageView,
  SummaryQuery,
} from '../../shared/view-models.ts';
import { currencyExponent } from './money.ts';
import { DAY_MS, ROLLUPS } from './order-schema.ts';
import type { OrderStore } from './order-store.ts';

/** Days are listed (zero-filled) only for ranges up to about ten years. */
const MAX_FILLED_DAYS = 3700;

export interface SummaryOptions {
  /** Minutes east of UTC used for day boundaries (default 0 = UTC). */
  tzOffsetMinutes?: number;
}

/** Integer average rounded half away from zero. */
export function roundedAverage(total: number, count: number): number {
  if (count <= 0) return 0;
  const abs = Math.abs(total);
  let q = Math.floor(abs / count);
  if (2 * (abs - q * count) >= count) q++;
  return total < 0 ? -q : q;
}

function exponentOf(currency: string): number {
  try {
    return currencyExponent(currency);
  } catch {
    return 2;
  }
}

function dayKey(dayIndex: number): string {
  return new Date(dayIndex * DAY_MS).toISOString().slice(0, 10);
}

interface DayCurrencyRow {
  d: number;
  currency: string;
  n: number;
  r: number;
}

const SORT_COLUMNS: Record<OrdersPageQuery['sort'], string> = {
  createdAt: 'created_at',
  totalMinor: 'total_minor',
  orderNumber: 'order_number',
  status: 'status',
};

export class SummaryQueries {
  readonly #store: OrderStore;
  readonly #statements = new Map<string, StatementSync>();

  constructor(store: OrderStore) {
    this.#store = store;
  }

  #stmt(sql: string): StatementSync {
    let s = this.#statements.get(sql);
    if (!s) {
      s = this.#store.db.prepare(sql);
      this.#statements.set(sql, s);
    }
    return s;
  }

  /** Order count, revenue and average per currency, orders by status and a per-day series. */
  summary(q: SummaryQuery, options: SummaryOptions = {}): OrderSummaryView {
    // An integer literal in the SQL (node:sqlite binds JS numbers as REAL, which would not truncate).
    const offsetMs = Math.trunc(Math.max(-1440, Math.min(1440, Number(options.tzOffsetMinutes ?? 0) || 0))) * 60_000;
    const from = Math.max(0, Math.floor(q.fromMs));
    const to = Math.floor(q.toMs);
    const days = new Map<number, { orders: number; revenue: Record<string, number> }>();
    const currencies = new Map<string, { n: number; r: number }>();
    const statuses = new Map<string, number>();
    const conn = q.connectionId !== undefined ? ' AND connection_id = ?' : '';
    const connArgs = q.connectionId !== undefined ? [q.connectionId] : [];

    const addDays = (rows: DayCurrencyRow[]): void => {
      for (const row of rows) {
        let day = days.get(row.d);
        if (!day) days.set(row.d, (day = { orders: 0, revenue: {} }));
        day.orders += row.n;
        day.revenue[row.currency] = (day.revenue[row.currency] ?? 0) + row.r;
        const c = currencies.get(row.currency) ?? { n: 0, r: 0 };
        c.n += row.n;
        c.r += row.r;
        currencies.set(row.currency, c);
      }
    };
    const addStatuses = (rows: Array<{ status: string; n: number }>): void => {
      for (const row of rows) statuses.set(row.status, (statuses.get(row.status) ?? 0) + row.n);
    };
    const raw = (a: number, b: number): void => {
      if (a >= b) return;
      const where = `created_at >= ? AND created_at < ?${conn}`;
      addDays(this.#stmt(`SELECT (created_at + ${offsetMs}) / ${DAY_MS} AS d, currency, COUNT(*) AS n, SUM(total_minor) AS r
        FROM orders WHERE ${where} GROUP BY d, currency`).all(a, b, ...connArgs) as unknown as DayCurrencyRow[]);
      addStatuses(this.#stmt(`SELECT status, COUNT(*) AS n FROM orders WHERE ${where} GROUP BY status`).all(a, b, ...connArgs) as unknown as Array<{
        status: string;
        n: number;
      }>);
    };

    // Whole buckets of the coarsest usable rollup, the partial ends recursively from finer ones.
    const levels = ROLLUPS.filter((r) => offsetMs % r.ms === 0);
    const fill = (a: number, b: number, level: number): void => {
      if (a >= b) return;
      const rollup = levels[level];
      if (!rollup) return raw(a, b);
      const first = Math.ceil(a / rollup.ms);
      const end = Math.floor(b / rollup.ms);
      if (first >= end) return fill(a, b, level + 1);
      fill(a, first * rollup.ms, level + 1);
      const where = `${rollup.column} >= ? AND ${rollup.column} < ?${conn}`;
      addDays(this.#stmt(`SELECT (${rollup.column} * ${rollup.ms} + ${offsetMs}) / ${DAY_MS} AS d, currency,
        SUM(orders) AS n, SUM(revenue_minor) AS r FROM ${rollup.table} WHERE ${where} GROUP BY d, currency`).all(
        first,
        end,
        ...connArgs,
      ) as unknown as DayCurrencyRow[]);
      addStatuses(this.#stmt(`SELECT status, SUM(orders) AS n FROM ${rollup.table} WHERE ${where} GROUP BY status`).all(
        first,
        end,
        ...connArgs,
      ) as unknown as Array<{ status: string; n: number }>);
      fill(end * rollup.ms, b, level + 1);
    };
    fill(from, to, 0);

    const byCurrency: CurrencyTotalView[] = [...currencies.entries()]
      .map(([currency, c]) => ({
        currency,
        revenueMinor: c.r,
        orderCount: c.n,
        averageMinor: roundedAverage(c.r, c.n),
        exponent: exponentOf(currency),
      }))
      .sort((a, b) => b.orderCount - a.orderCount || a.currency.localeCompare(b.currency));
    const byStatus = [...statuses.entries()]
      .filter(([, count]) => count > 0)
      .map(([status, count]) => ({ status, count }))
      .sort((a, b) => b.count - a.count || a.status.localeCompare(b.status));

    if (to > from) {
      const firstDay = Math.floor((from + offsetMs) / DAY_MS);
      const lastDay = Math.floor((to - 1 + offsetMs) / DAY_MS);
      if (lastDay - firstDay < MAX_FILLED_DAYS) {
        for (let d = firstDay; d <= lastDay; d++) if (!days.has(d)) days.set(d, { orders: 0, revenue: {} });
      }
    }
    const perDay = [...days.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([d, v]) => ({ day: dayKey(d), orders: v.orders, revenueByCurrency: v.revenue }));
    const orderCount = byCurrency.reduce((s, c) => s + c.orderCount, 0);
    return { orderCount, byCurrency, byStatus, perDay };
  }

  /** One page of the orders table, sorted and filtered, with the total matching count. */
  ordersPage(q: OrdersPageQuery): OrdersPageView {
    const column = SORT_COLUMNS[q.sort] ?? 'created_at';
    const direction = q.direction === 'asc' ? 'ASC' : 'DESC';
    const limit = Math.min(500, Math.max(1, Math.floor(q.limit) || 50));
    const offset = Math.max(0, Math.floor(q.offset) || 0);
    const clauses = ['created_at >= ?', 'created_at < ?'];
    const args: Array<string | number> = [Math.floor(q.fromMs), Math.floor(q.toMs)];
    if (q.connectionId !== undefined) {
      clauses.push('connection_id = ?');
      args.push(q.connectionId);
    }
    if (q.status) {
      clauses.push('status = ?');
      args.push(q.status);
    }
    const search = q.search?.trim();
    if (search) {
      const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      clauses.push("(order_number LIKE ? ESCAPE '\\' OR platform_id LIKE ? ESCAPE '\\')");
      args.push(pattern, pattern);
    }
    const where = clauses.join(' AND ');
    const total = (this.#stmt(`SELECT COUNT(*) AS n FROM orders WHERE ${where}`).get(...args) as { n: number }).n;
    const rows = this.#stmt(`SELECT * FROM orders WHERE ${where}
      ORDER BY ${column} ${direction}, connection_id ${direction}, platform_id ${direction} LIMIT ? OFFSET ?`).all(
      ...args,
      limit,
      offset,
    ) as Array<Record<string, string | number>>;
    return {
      total,
      rows: rows.map(
        (r): OrderRowView => ({
          connectionId: r.connection_id as string,
          platformId: r.platform_id as string,
          orderNumber: r.order_number as string,
          createdAt: r.created_at as number,
          updatedAt: r.updated_at as number,
          status: r.status as string,
          financialStatus: r.financial_status as string,
          currency: r.currency as string,
          totalMinor: r.total_minor as number,
          itemCount: r.item_count as number,
        }),
      ),
    };
  }
}
