/**
 * Read side of the orders database: the dashboard summary and the paged orders table.
 *
 * Ranges are half-open, `fromMs <= createdAt < toMs`. Days are UTC days shifted by
 * `tzOffsetMinutes` (e.g. -300 for New York winter time, +330 for India). When the store keeps a
 * day rollup for that offset (UTC always; the OS offsets as configured by the service), whole
 * local days are read from `order_day_totals` (a few thousand rows for a million orders) and the
 * partial days at both ends from the covering created_at index of `orders`. Any other offset reads
 * the index over the whole range (correct, slower on large ranges).
 *
 * Money is exact (main/sync/money.ts): SQLite sums integers per (currency, exponent), never floats
 * (node:sqlite throws rather than return an integer beyond 2^53); JS then scales each sum to the
 * currency's display exponent with BigInt and adds. The display exponent of a currency is the largest
 * exponent stored for it (any connection, any date: `#currencyExponents`), so the summary and every
 * orders-table row of that currency use the same one. Orders that need attention (money that could not
 * be read) are counted apart (`needsAttention`) and left out of every figure. Averages are integer
 * division rounded half away from zero (12345 / 2 -> 6173, -5 / 2 -> -3).
 */
import type { StatementSync } from 'node:sqlite';
import type { CurrencyTotalView, OrderRowView, OrderSummaryView, OrdersPageQuery, OrdersPageView, SummaryQuery } from '../../shared/view-models.ts';
import { currencyExponent, MAX_EXPONENT, safeNumber, toCommonExponent } from './money.ts';
import { DAY_MS, localDay, localDaySql } from './order-schema.ts';
import { LACKS } from './order-adapter.ts';
import type { OrderStore } from './order-store.ts';

/** Days are listed (zero-filled) only for ranges up to about ten years. */
const MAX_FILLED_DAYS = 3700;

export interface SummaryOptions {
  /** Minutes east of UTC used for day boundaries (default 0 = UTC). */
  tzOffsetMinutes?: number;
  /** The platform name of a connection ("Etsy"), for "Not available from Etsy". */
  platformOf?: (connectionId: string) => string | undefined;
  /**
   * All stores (no `connectionId` in the query): connections whose orders are left out because
   * another connection of the same store counts them (main/core/connections/duplicate-connections.ts).
   * Ignored when the query names a connection: that connection's own orders are always shown.
   */
  excludeConnectionIds?: readonly string[];
}

/** The part of SummaryOptions the orders table and the export use. */
export type OrdersOptions = Pick<SummaryOptions, 'excludeConnectionIds'>;

/** ` AND ...` limiting a query to one connection, or leaving duplicates out of All stores, and its arguments. */
function connectionFilter(connectionId: string | undefined, options: OrdersOptions): { sql: string; args: string[] } {
  if (connectionId !== undefined) return { sql: ' AND connection_id = ?', args: [connectionId] };
  const exclude = options.excludeConnectionIds ?? [];
  // one statement whatever the number of ids (the statement cache is keyed by SQL); none: the query is unchanged
  if (exclude.length === 0) return { sql: '', args: [] };
  return { sql: ' AND connection_id NOT IN (SELECT value FROM json_each(?))', args: [JSON.stringify(exclude)] };
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

interface DayRow {
  d: number;
  currency: string;
  status: string;
  /** Decimal exponent of the amounts. */
  e: number;
  n: number;
  r: number;
  g?: number | null;
  disc?: number | null;
  ret?: number | null;
}

interface DaySums {
  orders: number;
  /** Currency -> totals of the orders placed that day. */
  revenue: Map<string, bigint>;
  /** Currency -> total sales: totals of the orders placed that day - refunds dated that day (may be negative). */
  sales: Map<string, bigint>;
}

const emptyDay = (): DaySums => ({ orders: 0, revenue: new Map(), sales: new Map() });

interface CurrencySums {
  n: number;
  r: bigint;
  gross: bigint;
  discounts: bigint;
  returns: bigint;
  /** Connection id -> LACKS bits of its orders in the range. */
  lacking: Map<string, number>;
}

/** Which summary figures each LACKS bit hides (docs/figures.md). */
const HIDES: Record<keyof typeof LACKS, readonly string[]> = {
  gross: ['grossSales', 'netSales', 'averageOrderValue'],
  discounts: ['discounts', 'netSales', 'averageOrderValue'],
  returns: ['returns', 'netSales', 'totalSales'],
  shipping: [],
  tax: [],
  legacy: ['grossSales', 'discounts', 'returns', 'netSales', 'totalSales', 'averageOrderValue'],
};
const FIGURES = ['grossSales', 'discounts', 'returns', 'netSales', 'totalSales', 'averageOrderValue'] as const;

/**
 * The merchant figures of one currency (merchant-figures.md): gross sales; discounts and returns
 * (negative); net sales = gross - discounts - returns; total sales = the orders' totals (which hold
 * taxes, shipping, duties and other charges) - returns; average order value = (gross - discounts) / orders.
 * A figure that some order in the range cannot supply is left out and named in `unavailable`.
 */
function currencyFigures(currency: string, c: CurrencySums, exponent: number, platformOf: SummaryOptions['platformOf']): CurrencyTotalView {
  const revenueMinor = safeNumber(c.r, `the ${currency} order totals`);
  const out: CurrencyTotalView = { currency, revenueMinor, orderCount: c.n, averageMinor: roundedAverage(revenueMinor, c.n), exponent };
  const why = new Map<string, Set<string>>();
  for (const [connectionId, bits] of c.lacking) {
    for (const bit of Object.keys(LACKS) as Array<keyof typeof LACKS>) {
      if ((bits & LACKS[bit]) === 0) continue;
      const message = bit === 'legacy' ? 'Not synced yet: sync this store again to see it' : `Not available from ${platformOf?.(connectionId) ?? 'this store'}`;
      for (const f of HIDES[bit]) why.set(f, (why.get(f) ?? new Set()).add(message));
    }
  }
  const net = c.gross - c.discounts - c.returns;
  const values: Record<(typeof FIGURES)[number], bigint> = {
    grossSales: c.gross,
    discounts: -c.discounts,
    returns: -c.returns,
    netSales: net,
    totalSales: c.r - c.returns,
    averageOrderValue: 0n,
  };
  for (const f of FIGURES) {
    if (why.has(f) || (f === 'averageOrderValue' && c.n === 0)) continue;
    const key = `${f}Minor` as 'grossSalesMinor';
    out[key] =
      f === 'averageOrderValue' ? roundedAverage(safeNumber(c.gross - c.discounts, 'the average'), c.n) : safeNumber(values[f], `the ${currency} ${f}`);
  }
  if (why.size > 0) out.unavailable = [...why].map(([figure, m]) => ({ figure, message: [...m].sort().join('; ') }));
  return out;
}

/**
 * ORDER BY prefix per sort key; the direction is appended. Totals are grouped by currency first
 * (always A-Z): 2,300 JPY and 23.00 USD are not comparable amounts.
 */
const SORT_COLUMNS: Record<OrdersPageQuery['sort'], string> = {
  createdAt: 'created_at',
  // exact amounts at different exponents compare after scaling to the largest (money.ts MAX_EXPONENT)
  totalMinor: `currency ASC, total_minor * (CASE total_exponent ${Array.from({ length: MAX_EXPONENT + 1 }, (_, e) => `WHEN ${e} THEN ${10 ** (MAX_EXPONENT - e)}`).join(' ')} ELSE 1 END)`,
  orderNumber: 'order_number',
  status: 'status',
};

const ROW_FIGURES = [
  ['gross_minor', 'grossMinor', LACKS.gross],
  ['discounts_minor', 'discountsMinor', LACKS.discounts],
  ['shipping_minor', 'shippingMinor', LACKS.shipping],
  ['tax_minor', 'taxMinor', LACKS.tax],
  ['refunded_minor', 'refundedMinor', LACKS.returns],
] as const;

/** The per-order figures of a stored row at the row's display exponent (docs/figures.md). */
function rowFigures(r: Record<string, string | number | null>, stored: number, exponent: number): Partial<OrderRowView> {
  const out: Partial<OrderRowView> = {
    financialStatusRaw: (r.financial_raw as string | null) ?? (r.financial_status as string),
    cancelled: r.cancelled === 1,
    test: r.test === 1,
  };
  const lacks = r.lacks as number;
  const missing: string[] = [];
  for (const [column, key, bit] of ROW_FIGURES) {
    const v = r[column];
    if (typeof v === 'number' && (lacks & bit) === 0) out[key] = safeNumber(toCommonExponent(v, stored, exponent), `order ${String(r.platform_id)}'s ${key}`);
    else missing.push(key);
  }
  if (lacks & LACKS.legacy) missing.push('legacy');
  if (missing.length > 0) out.unavailableFigures = missing;
  return out;
}

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

  /**
   * Display exponent per currency: the largest exponent stored for it (from the UTC rollup, a few
   * thousand rows), never below the currency's own. Exact amounts at a lower exponent scale up to it.
   */
  #currencyExponents(): Map<string, number> {
    const rows = this.#stmt('SELECT currency, MAX(exponent) AS e FROM order_day_totals WHERE tz_offset_min = 0 GROUP BY currency').all() as Array<{
      currency: string;
      e: number;
    }>;
    const out = new Map<string, number>();
    for (const r of rows) out.set(r.currency, Math.max(r.e, exponentOf(r.currency)));
    return out;
  }

  /**
   * Order count, order totals and their average per currency, the merchant figures (docs/figures.md),
   * orders by status and a per-day series (orders, order totals, total sales). Orders count on the day
   * they were placed, refunds on their own day.
   */
  summary(q: SummaryQuery, options: SummaryOptions = {}): OrderSummaryView {
    const tz = Math.trunc(Math.max(-1440, Math.min(1440, Number(options.tzOffsetMinutes ?? 0) || 0)));
    const offsetMs = tz * 60_000;
    const from = Math.max(0, Math.floor(q.fromMs));
    const to = Math.floor(q.toMs);
    const exponents = this.#currencyExponents();
    const exponentFor = (currency: string) => exponents.get(currency) ?? exponentOf(currency);
    // per local day: orders placed, their totals, and total sales (totals - refunds dated that day) per currency
    const days = new Map<number, DaySums>();
    const currencies = new Map<string, CurrencySums>();
    const statuses = new Map<string, number>();
    const { sql: conn, args: connArgs } = connectionFilter(q.connectionId, options);

    const add = (rows: DayRow[], withStatus = true): void => {
      for (const row of rows) {
        const target = Math.max(row.e, exponentFor(row.currency));
        const scale = (v: number | null | undefined) => toCommonExponent(v ?? 0, row.e, target);
        const r = scale(row.r);
        const ret = scale(row.ret);
        let day = days.get(row.d);
        if (!day) days.set(row.d, (day = emptyDay()));
        day.orders += row.n;
        if (row.n !== 0 || row.r !== 0) day.revenue.set(row.currency, (day.revenue.get(row.currency) ?? 0n) + r);
        if (row.n !== 0 || row.r !== 0 || ret !== 0n) day.sales.set(row.currency, (day.sales.get(row.currency) ?? 0n) + r - ret);
        let c = currencies.get(row.currency);
        if (!c) currencies.set(row.currency, (c = { n: 0, r: 0n, gross: 0n, discounts: 0n, returns: 0n, lacking: new Map() }));
        c.n += row.n;
        c.r += r;
        c.gross += scale(row.g);
        c.discounts += scale(row.disc);
        c.returns += ret;
        if (withStatus && row.n !== 0) statuses.set(row.status, (statuses.get(row.status) ?? 0) + row.n);
      }
    };
    const lacking = (rows: Array<{ currency: string; c: string; lacks: number }>): void => {
      for (const row of rows) {
        let c = currencies.get(row.currency);
        if (!c) currencies.set(row.currency, (c = { n: 0, r: 0n, gross: 0n, discounts: 0n, returns: 0n, lacking: new Map() }));
        c.lacking.set(row.c, (c.lacking.get(row.c) ?? 0) | row.lacks);
      }
    };
    // Reads `orders` through the covering index orders_created and refunds through order_refunds_at.
    const raw = (a: number, b: number): void => {
      if (a >= b) return;
      const orderRows = this.#stmt(
        `SELECT ${localDaySql('created_at', tz)} AS d, currency, status, total_exponent AS e, lacks, connection_id AS c, COUNT(*) AS n,
          SUM(total_minor) AS r, SUM(gross_minor) AS g, SUM(discounts_minor) AS disc, 0 AS ret
        FROM orders INDEXED BY orders_created WHERE created_at >= ? AND created_at < ?${conn} AND attention IS NULL AND test = 0
        GROUP BY d, currency, status, e, lacks, c`,
      ).all(a, b, ...connArgs) as unknown as Array<DayRow & { c: string; lacks: number }>;
      const refundRows = this.#stmt(
        `SELECT ${localDaySql('refunded_at', tz)} AS d, currency, status, exponent AS e, lacks, connection_id AS c, 0 AS n, 0 AS r, 0 AS g,
          0 AS disc, SUM(amount_minor) AS ret
        FROM order_refunds INDEXED BY order_refunds_at WHERE refunded_at >= ? AND refunded_at < ?${conn} AND counted = 1
        GROUP BY d, currency, status, e, lacks, c`,
      ).all(a, b, ...connArgs) as unknown as Array<DayRow & { c: string; lacks: number }>;
      add(orderRows);
      add(refundRows);
      lacking([...orderRows, ...refundRows].filter((x) => x.lacks !== 0));
    };

    if (this.#store.dayOffsets.includes(tz)) {
      // whole local days [firstDay, endDay) from the rollup, the partial days at both ends raw
      const firstDay = localDay(from - 1, tz) + 1;
      const endDay = localDay(to, tz);
      if (firstDay < endDay) {
        raw(from, firstDay * DAY_MS - offsetMs);
        // aggregated in SQL: ~16 rollup rows per day in, ~4 per day out
        const where = `tz_offset_min = ${tz} AND day >= ? AND day < ?${conn}`;
        const perCurrency = this.#stmt(
          `SELECT day AS d, currency, exponent AS e, SUM(orders) AS n, SUM(revenue_minor) AS r, SUM(gross_minor) AS g,
            SUM(discounts_minor) AS disc, SUM(returns_minor) AS ret
          FROM order_day_totals WHERE ${where} GROUP BY day, currency, exponent`,
        ).all(firstDay, endDay, ...connArgs) as unknown as DayRow[];
        const perStatus = this.#stmt(`SELECT status, SUM(orders) AS n FROM order_day_totals WHERE ${where} GROUP BY status`).all(
          firstDay,
          endDay,
          ...connArgs,
        ) as unknown as Array<{ status: string; n: number }>;
        const lacks = this.#stmt(
          `SELECT currency, connection_id AS c, lacks FROM order_day_totals WHERE ${where} AND lacks <> 0 GROUP BY currency, connection_id, lacks`,
        ).all(firstDay, endDay, ...connArgs) as unknown as Array<{ currency: string; c: string; lacks: number }>;
        add(perCurrency, false);
        lacking(lacks);
        for (const row of perStatus) statuses.set(row.status, (statuses.get(row.status) ?? 0) + row.n);
        raw(endDay * DAY_MS - offsetMs, to);
      } else raw(from, to);
    } else raw(from, to);

    const byCurrency: CurrencyTotalView[] = [...currencies.entries()]
      .map(([currency, c]) => currencyFigures(currency, c, exponentFor(currency), options.platformOf))
      .sort((a, b) => b.orderCount - a.orderCount || a.currency.localeCompare(b.currency));
    const byStatus = [...statuses.entries()]
      .filter(([, count]) => count > 0)
      .map(([status, count]) => ({ status, count }))
      .sort((a, b) => b.count - a.count || a.status.localeCompare(b.status));

    if (to > from) {
      const firstDay = Math.floor((from + offsetMs) / DAY_MS);
      const lastDay = Math.floor((to - 1 + offsetMs) / DAY_MS);
      if (lastDay - firstDay < MAX_FILLED_DAYS) {
        for (let d = firstDay; d <= lastDay; d++) if (!days.has(d)) days.set(d, emptyDay());
      }
    }
    // Total sales per day only for currencies whose total sales the range has (as byCurrency): never
    // order totals under that name. Summed over the days they equal byCurrency's totalSalesMinor.
    const withSales = new Set(byCurrency.filter((c) => c.totalSalesMinor !== undefined).map((c) => c.currency));
    const perDay = [...days.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([d, v]) => ({
        day: dayKey(d),
        orders: v.orders,
        revenueByCurrency: Object.fromEntries([...v.revenue].map(([c, r]) => [c, safeNumber(r, `the ${c} order totals of ${dayKey(d)}`)])),
        totalSalesByCurrency: Object.fromEntries(
          [...v.sales].filter(([c]) => withSales.has(c)).map(([c, r]) => [c, safeNumber(r, `the ${c} total sales of ${dayKey(d)}`)]),
        ),
      }));
    const orderCount = byCurrency.reduce((s, c) => s + c.orderCount, 0);
    const needsAttention = (
      this.#stmt(`SELECT COUNT(*) AS n FROM orders INDEXED BY orders_attention WHERE attention IS NOT NULL AND created_at >= ? AND created_at < ?${conn}`).get(
        from,
        to,
        ...connArgs,
      ) as { n: number }
    ).n;
    return { orderCount, byCurrency, byStatus, perDay, ...(needsAttention > 0 ? { needsAttention } : {}) };
  }

  /** One page of the orders table, sorted and filtered, with the total matching count. */
  ordersPage(q: OrdersPageQuery, options: OrdersOptions = {}): OrdersPageView {
    const limit = Math.min(500, Math.max(1, Math.floor(q.limit) || 50));
    const offset = Math.max(0, Math.floor(q.offset) || 0);
    const { where, args, orderBy } = ordersFilterSql(q, options);
    const total = (this.#stmt(`SELECT COUNT(*) AS n FROM orders WHERE ${where}`).get(...args) as { n: number }).n;
    const rows = this.#stmt(`SELECT * FROM orders WHERE ${where} ORDER BY ${orderBy} LIMIT ? OFFSET ?`).all(...args, limit, offset) as OrderDbRow[];
    const exponents = rows.length > 0 ? this.#currencyExponents() : new Map<string, number>();
    return { total, rows: rows.map((r) => toOrderRowView(r, exponents)) };
  }

  /**
   * Every order matching the orders-table filter, in the table's order, one row at a time (the CSV
   * export, issue 9): a statement of its own stepped with `iterate()`, so a million orders are never
   * all in memory. The rows are exactly those ordersPage would page through.
   */
  *iterateOrders(q: OrdersFilter, options: OrdersOptions = {}): Generator<OrderRowView> {
    const { where, args, orderBy } = ordersFilterSql(q, options);
    const exponents = this.#currencyExponents();
    const stmt = this.#store.db.prepare(`SELECT * FROM orders WHERE ${where} ORDER BY ${orderBy}`);
    for (const r of stmt.iterate(...args)) yield toOrderRowView(r as OrderDbRow, exponents);
  }
}

/** The orders-table filter without its paging: what the screen shows and the export writes. */
export type OrdersFilter = Omit<OrdersPageQuery, 'offset' | 'limit'>;

type OrderDbRow = Record<string, string | number | null>;

/** WHERE clause, its arguments and ORDER BY of an orders-table filter (ordersPage and the export share them). */
export function ordersFilterSql(q: OrdersFilter, options: OrdersOptions = {}): { where: string; args: Array<string | number>; orderBy: string } {
  const column = SORT_COLUMNS[q.sort] ?? 'created_at';
  const direction = q.direction === 'asc' ? 'ASC' : 'DESC';
  const clauses = ['created_at >= ?', 'created_at < ?'];
  const args: Array<string | number> = [Math.floor(q.fromMs), Math.floor(q.toMs)];
  const connection = connectionFilter(q.connectionId, options);
  if (connection.sql) {
    clauses.push(connection.sql.replace(/^ AND /, ''));
    args.push(...connection.args);
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
  return { where: clauses.join(' AND '), args, orderBy: `${column} ${direction}, connection_id ${direction}, platform_id ${direction}` };
}

/** One stored order as the orders table (and the export) show it. */
function toOrderRowView(r: OrderDbRow, exponents: Map<string, number>): OrderRowView {
  const currency = r.currency as string;
  const stored = r.total_exponent as number;
  const attention = r.attention as string | null;
  // every row of a currency at the summary's exponent for it, so a column of totals lines up
  const exponent = attention === null ? Math.max(stored, exponents.get(currency) ?? exponentOf(currency)) : stored;
  return {
    connectionId: r.connection_id as string,
    platformId: r.platform_id as string,
    orderNumber: r.order_number as string,
    createdAt: r.created_at as number,
    updatedAt: r.updated_at as number,
    status: r.status as string,
    financialStatus: r.financial_status as string,
    currency,
    totalMinor: safeNumber(toCommonExponent(r.total_minor as number, stored, exponent), `order ${String(r.platform_id)}'s total`),
    itemCount: r.item_count as number,
    exponent,
    ...(attention !== null ? { needsAttention: attention } : {}),
    ...rowFigures(r, stored, exponent),
  };
}
