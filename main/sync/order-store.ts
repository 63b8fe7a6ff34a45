/**
 * Order storage: one SQLite file in the data folder through `node:sqlite` (built into Node 22+ and
 * Electron 45, no native module). Every page of orders is written in ONE transaction together with
 * the sync checkpoint that follows it, so a run killed at any point resumes from the last committed
 * page with no order lost and none duplicated (security.md #34, #35).
 *
 * Journal: WAL with synchronous=NORMAL (https://sqlite.org/pragma.html#pragma_synchronous). In WAL
 * mode NORMAL never corrupts the file; a power cut may only roll back the last few commits, and
 * since each commit is "page + its checkpoint" that just means those pages are fetched again. A
 * killed process loses nothing (the WAL is already in the OS). FULL would add an fsync per page.
 *
 * Day rollups are kept for UTC and for each offset in `dayOffsets` (the OS's standard and summer
 * offsets, passed in by the service). When that set changes (rare: a move to another time zone),
 * the constructor drops the rollups of offsets no longer wanted and builds the new ones from the
 * orders, in one transaction.
 */
import { existsSync, renameSync } from 'node:fs';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { lacksOf, type NormalizedOrder } from './order-adapter.ts';
import { currencyExponent, MAX_EXPONENT, safeNumber } from './money.ts';
import { isValidOffset, localDaySql, migrate } from './order-schema.ts';
import { RollupDelta, type OrderFacts } from './rollup-delta.ts';

/** The order database failed its integrity check (security.md #45). */
export class OrderDbCorruptError extends Error {
  override readonly name = 'OrderDbCorruptError';
}

const SQLITE_CORRUPT = 11;
const SQLITE_NOTADB = 26;

/**
 * True for an error that means the database file itself is damaged: SQLITE_CORRUPT or SQLITE_NOTADB
 * (primary result codes, https://sqlite.org/rescode.html#corrupt), from this thread's node:sqlite
 * (`errcode`, possibly an extended code) or relayed by the writer thread (only its message survives).
 */
export function isCorruption(err: unknown): boolean {
  if (err instanceof OrderDbCorruptError) return true;
  if (!(err instanceof Error)) return false;
  const errcode = (err as { errcode?: unknown }).errcode;
  if (typeof errcode === 'number') return [SQLITE_CORRUPT, SQLITE_NOTADB].includes(errcode & 0xff);
  return err.name === 'OrderDbCorruptError' || /database disk image is malformed|file is not a database|not a database/i.test(err.message);
}

/** Renames the database and its -wal/-shm to `<path>.unreadable-<ms>`; returns the new name. */
export function moveDatabaseAside(path: string): string {
  let target = `${path}.unreadable-${Date.now()}`;
  for (let i = 1; existsSync(target); i++) target = `${path}.unreadable-${Date.now()}-${i}`;
  renameSync(path, target);
  for (const suffix of ['-wal', '-shm']) if (existsSync(path + suffix)) renameSync(path + suffix, target + suffix);
  return target;
}

/** Where a connection's sync stands. `page` set = a run is in progress (resume it). */
export interface Checkpoint {
  /** Lower bound of the run in progress; when `page` is null, the completed watermark (ISO-8601). */
  updatedSince: string | null;
  page: string | null;
  /** Largest updated_at seen by the run in progress (seeded with the previous watermark). */
  runMaxUpdated: string | null;
}

export interface SyncRecord extends Checkpoint {
  connectionId: string;
  /** Revision of the adapter that read the stored orders (OrderAdapter.revision); null = before revisions, i.e. 1. */
  adapterRevision: number | null;
  lastSyncAt: number | null;
  lastResult: 'ok' | 'failed' | 'cancelled' | null;
  lastErrorCode: string | null;
  lastErrorMessage: string | null;
}

export interface RunResultRecord {
  at: number;
  result: 'ok' | 'failed' | 'cancelled';
  errorCode?: string;
  errorMessage?: string;
}

const COLUMNS =
  'connection_id, platform_id, order_number, created_at, updated_at, status, financial_status, currency, total_minor, item_count, total_exponent, attention, raw_money, ' +
  'gross_minor, discounts_minor, shipping_minor, tax_minor, refunded_minor, cancelled, test, financial_raw, lacks';
/** Rows per multi-row INSERT (22 parameters each, far below SQLite's 32766 limit). */
const BATCH = 50;

function upsertSql(rows: number): string {
  const values = Array.from({ length: rows }, () => '(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)').join(',');
  // An update to an existing order replaces it, unless what we hold is newer (an out-of-order page).
  return `INSERT INTO orders (${COLUMNS}) VALUES ${values}
    ON CONFLICT (connection_id, platform_id) DO UPDATE SET
      order_number = excluded.order_number, created_at = excluded.created_at, updated_at = excluded.updated_at,
      status = excluded.status, financial_status = excluded.financial_status, currency = excluded.currency,
      total_minor = excluded.total_minor, item_count = excluded.item_count, total_exponent = excluded.total_exponent,
      attention = excluded.attention, raw_money = excluded.raw_money, gross_minor = excluded.gross_minor,
      discounts_minor = excluded.discounts_minor, shipping_minor = excluded.shipping_minor, tax_minor = excluded.tax_minor,
      refunded_minor = excluded.refunded_minor, cancelled = excluded.cancelled, test = excluded.test,
      financial_raw = excluded.financial_raw, lacks = excluded.lacks
    WHERE excluded.updated_at >= orders.updated_at`;
}

function checkOrder(o: NormalizedOrder): void {
  if (!Number.isSafeInteger(o.totalMinor) || !Number.isSafeInteger(o.itemCount)) {
    throw new TypeError(`order ${o.platformId}: money and item counts must be integers (minor units)`);
  }
  if (!Number.isSafeInteger(o.createdAt) || !Number.isSafeInteger(o.updatedAt) || o.createdAt < 0) {
    throw new TypeError(`order ${o.platformId}: created/updated times must be integer epoch milliseconds`);
  }
  if (o.totalExponent !== undefined && !(Number.isInteger(o.totalExponent) && o.totalExponent >= 0 && o.totalExponent <= MAX_EXPONENT)) {
    throw new TypeError(`order ${o.platformId}: totalExponent must be an integer 0..${MAX_EXPONENT}`);
  }
  for (const v of [o.grossMinor, o.discountsMinor, o.shippingMinor, o.taxMinor, ...(o.refunds ?? []).map((r) => r.amountMinor)]) {
    if (v !== undefined && !Number.isSafeInteger(v)) throw new TypeError(`order ${o.platformId}: figures must be integers (minor units)`);
  }
  for (const r of o.refunds ?? []) {
    if (!Number.isSafeInteger(r.at) || typeof r.id !== 'string') throw new TypeError(`order ${o.platformId}: a refund needs an id and an epoch-ms time`);
  }
}

/** Money stays exact when added (money.ts); a sum beyond 2^53 is refused rather than rounded. */
function sumOf(values: readonly number[], what: string): number {
  const total = values.reduce((a, b) => a + BigInt(b), 0n);
  return safeNumber(total, what);
}

/** The exact-money facts of an order for the rollups (main/sync/money.ts); undefined = needs attention, not counted. */
function rollupFacts(o: NormalizedOrder): OrderFacts | undefined {
  if (o.attention || o.test) return undefined;
  return {
    createdAt: o.createdAt,
    currency: o.currency,
    status: o.status,
    exponent: exponentOf(o),
    lacks: lacksOf(o),
    totalMinor: o.totalMinor,
    grossMinor: o.grossMinor ?? 0,
    discountsMinor: o.discountsMinor ?? 0,
    shippingMinor: o.shippingMinor ?? 0,
    taxMinor: o.taxMinor ?? 0,
    refunds: o.refunds ?? [],
  };
}

function exponentOf(o: NormalizedOrder): number {
  if (o.totalExponent !== undefined) return o.totalExponent;
  try {
    return currencyExponent(o.currency);
  } catch {
    return 2;
  }
}

export interface OrderStoreOptions {
  /** Minutes east of UTC whose local days get their own rollup (UTC always has one). */
  dayOffsets?: readonly number[];
}

export class OrderStore {
  readonly db: DatabaseSync;
  /** Set when an unreadable file was moved aside on open (security.md #34): its new name. */
  readonly movedAside: string | undefined;
  readonly #upsertBatch: StatementSync;
  readonly #upsertOne: StatementSync;
  readonly #saveCheckpoint: StatementSync;
  readonly #getCheckpoint: StatementSync;
  readonly #saveResult: StatementSync;
  readonly #count: StatementSync;
  readonly #existing: StatementSync;
  readonly #existingRefunds: StatementSync;
  readonly #deleteRefunds: StatementSync;
  readonly #insertRefund: StatementSync;
  readonly #addRollup: StatementSync;
  readonly #dropEmptyRollup: StatementSync;
  readonly #addCount: StatementSync;
  /** Offsets with a complete day rollup, UTC (0) first. */
  readonly dayOffsets: readonly number[];

  /** Opens (creating or migrating) the database at `path`; ':memory:' for a throwaway store. */
  constructor(path: string, options: OrderStoreOptions = {}) {
    let movedAside: string | undefined;
    let db: DatabaseSync;
    try {
      db = OrderStore.#open(path);
    } catch (err) {
      if (path === ':memory:' || !existsSync(path) || !isCorruption(err)) throw err;
      movedAside = moveDatabaseAside(path);
      db = OrderStore.#open(path);
    }
    this.db = db;
    this.movedAside = movedAside;
    this.#upsertBatch = db.prepare(upsertSql(BATCH));
    this.#upsertOne = db.prepare(upsertSql(1));
    this.#saveCheckpoint = db.prepare(`INSERT INTO sync_checkpoints (connection_id, updated_since, page, run_max_updated)
      VALUES (?, ?, ?, ?) ON CONFLICT (connection_id) DO UPDATE SET
      updated_since = excluded.updated_since, page = excluded.page, run_max_updated = excluded.run_max_updated`);
    this.#getCheckpoint = db.prepare('SELECT * FROM sync_checkpoints WHERE connection_id = ?');
    this.#saveResult = db.prepare(`INSERT INTO sync_checkpoints (connection_id, last_sync_at, last_result, last_error_code, last_error_message)
      VALUES (?, ?, ?, ?, ?) ON CONFLICT (connection_id) DO UPDATE SET last_sync_at = excluded.last_sync_at,
      last_result = excluded.last_result, last_error_code = excluded.last_error_code, last_error_message = excluded.last_error_message`);
    this.#count = db.prepare('SELECT orders FROM order_counts WHERE connection_id = ?');
    this.#existing = db.prepare(`SELECT platform_id, created_at, updated_at, status, currency, total_minor, total_exponent, attention,
      test, lacks, gross_minor, discounts_minor, shipping_minor, tax_minor FROM orders
      WHERE connection_id = ? AND platform_id IN (SELECT value FROM json_each(?))`);
    this.#existingRefunds = db.prepare(`SELECT platform_id, refunded_at AS at, amount_minor AS amountMinor FROM order_refunds
      WHERE connection_id = ? AND counted = 1 AND platform_id IN (SELECT value FROM json_each(?))`);
    this.#deleteRefunds = db.prepare('DELETE FROM order_refunds WHERE connection_id = ? AND platform_id IN (SELECT value FROM json_each(?))');
    this.#insertRefund = db.prepare(`INSERT OR REPLACE INTO order_refunds
      (connection_id, platform_id, refund_id, refunded_at, currency, status, exponent, lacks, counted, amount_minor) VALUES (?,?,?,?,?,?,?,?,?,?)`);
    this.#addRollup = db.prepare(`INSERT INTO order_day_totals (tz_offset_min, day, connection_id, currency, status, exponent, lacks, orders, revenue_minor,
      gross_minor, discounts_minor, shipping_minor, tax_minor, returns_minor)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET
      orders = orders + excluded.orders, revenue_minor = revenue_minor + excluded.revenue_minor, gross_minor = gross_minor + excluded.gross_minor,
      discounts_minor = discounts_minor + excluded.discounts_minor, shipping_minor = shipping_minor + excluded.shipping_minor,
      tax_minor = tax_minor + excluded.tax_minor, returns_minor = returns_minor + excluded.returns_minor`);
    this.#dropEmptyRollup = db.prepare(`DELETE FROM order_day_totals
      WHERE tz_offset_min = ? AND day = ? AND connection_id = ? AND currency = ? AND status = ? AND exponent = ? AND lacks = ? AND orders <= 0
      AND revenue_minor = 0 AND gross_minor = 0 AND discounts_minor = 0 AND shipping_minor = 0 AND tax_minor = 0 AND returns_minor = 0`);
    this.dayOffsets = [0, ...new Set((options.dayOffsets ?? []).filter((o) => o !== 0 && isValidOffset(o)))];
    this.#syncRollupOffsets();
    this.#addCount = db.prepare(`INSERT INTO order_counts (connection_id, orders) VALUES (?, ?)
      ON CONFLICT DO UPDATE SET orders = orders + excluded.orders`);
  }

  static #open(path: string): DatabaseSync {
    const db = new DatabaseSync(path);
    try {
      db.exec('PRAGMA journal_mode = WAL');
      db.exec('PRAGMA synchronous = NORMAL');
      db.exec('PRAGMA busy_timeout = 5000');
      db.exec('PRAGMA foreign_keys = ON');
      migrate(db);
      // security.md #45: damage past the header (a table or index page) only shows when that page is
      // read, so every page is checked once at open (https://sqlite.org/pragma.html#pragma_quick_check).
      OrderStore.#quickCheck(db);
      return db;
    } catch (err) {
      db.close();
      throw err;
    }
  }

  /**
   * Upserts one page of orders and writes the checkpoint that follows it, atomically
   * (security.md #34, #35). Returns nothing until the transaction has committed.
   */
  commitPage(connectionId: string, orders: readonly NormalizedOrder[], checkpoint: Checkpoint): void {
    this.commitPages(connectionId, [{ orders, checkpoint }]);
  }

  /**
   * Group commit: several consecutive pages of one run in ONE transaction, with the checkpoint of the
   * last page (security.md #35 still holds: a crash loses the whole group, and the checkpoint before it
   * says where to resume). Fewer, larger transactions write each touched index page once per group.
   */
  commitPages(connectionId: string, pages: ReadonlyArray<{ orders: readonly NormalizedOrder[]; checkpoint: Checkpoint }>): void {
    if (pages.length === 0) return;
    for (const page of pages) for (const o of page.orders) checkOrder(o);
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const deltas = this.dayOffsets.map((off) => new RollupDelta(off));
      let newOrders = 0;
      for (const page of pages) newOrders += this.#applyPage(connectionId, page.orders, deltas);
      for (const d of deltas) {
        for (const r of d.changes()) {
          this.#addRollup.run(
            d.tzOffsetMin,
            r.day,
            connectionId,
            r.currency,
            r.status,
            r.exponent,
            r.lacks,
            r.orders,
            r.revenueMinor,
            r.grossMinor,
            r.discountsMinor,
            r.shippingMinor,
            r.taxMinor,
            r.returnsMinor,
          );
          if (r.orders <= 0) this.#dropEmptyRollup.run(d.tzOffsetMin, r.day, connectionId, r.currency, r.status, r.exponent, r.lacks);
        }
      }
      if (newOrders > 0) this.#addCount.run(connectionId, newOrders);
      const { checkpoint } = pages[pages.length - 1]!;
      this.#saveCheckpoint.run(connectionId, checkpoint.updatedSince, checkpoint.page, checkpoint.runMaxUpdated);
      this.db.exec('COMMIT');
    } catch (err) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw err;
    }
  }

  /** Upserts one page inside the caller's transaction; returns how many orders were new. */
  #applyPage(connectionId: string, orders: readonly NormalizedOrder[], deltas: RollupDelta[]): number {
    // The latest version of each order in the page (a page may repeat an order that changed mid-run).
    const latest = new Map<string, NormalizedOrder>();
    for (const o of orders) {
      const seen = latest.get(o.platformId);
      if (!seen || o.updatedAt >= seen.updatedAt) latest.set(o.platformId, o);
    }
    let newOrders = 0;
    if (latest.size > 0) {
      const ids = JSON.stringify([...latest.keys()]);
      const stored = this.#existing.all(connectionId, ids) as unknown as StoredFacts[];
      const storedRefunds = new Map<string, Array<{ at: number; amountMinor: number }>>();
      if (stored.length > 0) {
        for (const r of this.#existingRefunds.all(connectionId, ids) as unknown as Array<{ platform_id: string; at: number; amountMinor: number }>) {
          storedRefunds.set(r.platform_id, [...(storedRefunds.get(r.platform_id) ?? []), r]);
        }
      }
      const replaced = new Set<string>();
      for (const old of stored) {
        const next = latest.get(old.platform_id)!;
        if (next.updatedAt < old.updated_at) {
          latest.delete(old.platform_id); // we already hold a newer version: keep it
          continue;
        }
        replaced.add(old.platform_id);
        if (old.attention === null && old.test === 0) {
          const facts: OrderFacts = {
            createdAt: old.created_at,
            currency: old.currency,
            status: old.status,
            exponent: old.total_exponent,
            lacks: old.lacks,
            totalMinor: old.total_minor,
            grossMinor: old.gross_minor ?? 0,
            discountsMinor: old.discounts_minor ?? 0,
            shippingMinor: old.shipping_minor ?? 0,
            taxMinor: old.tax_minor ?? 0,
            refunds: storedRefunds.get(old.platform_id) ?? [],
          };
          for (const d of deltas) d.add(facts, -1);
        }
      }
      for (const o of latest.values()) {
        const facts = rollupFacts(o);
        if (facts) for (const d of deltas) d.add(facts, 1);
        if (!replaced.has(o.platformId)) newOrders++;
      }
      const kept = [...latest.values()];
      this.#upsert(connectionId, kept);
      if (replaced.size > 0) this.#deleteRefunds.run(connectionId, JSON.stringify([...replaced]));
      for (const o of kept) {
        const counted = o.attention || o.test ? 0 : 1;
        for (const r of o.refunds ?? []) {
          this.#insertRefund.run(connectionId, o.platformId, r.id, r.at, o.currency, o.status, exponentOf(o), lacksOf(o), counted, r.amountMinor);
        }
      }
    }
    return newOrders;
  }

  /** Drops the rollups of offsets no longer wanted and builds missing ones from the orders, atomically. */
  #syncRollupOffsets(): void {
    const have = (this.db.prepare('SELECT tz_offset_min AS o FROM rollup_offsets').all() as Array<{ o: number }>).map((r) => r.o);
    const drop = have.filter((o) => !this.dayOffsets.includes(o));
    const build = this.dayOffsets.filter((o) => !have.includes(o));
    if (drop.length === 0 && build.length === 0) return;
    this.db.exec('BEGIN IMMEDIATE');
    try {
      for (const o of drop) {
        this.db.prepare('DELETE FROM order_day_totals WHERE tz_offset_min = ?').run(o);
        this.db.prepare('DELETE FROM rollup_offsets WHERE tz_offset_min = ?').run(o);
      }
      for (const o of build) {
        this.db.prepare('DELETE FROM order_day_totals WHERE tz_offset_min = ?').run(o);
        // the offset is a validated integer: an SQL integer literal (a bound JS number would be REAL)
        this.db.exec(`INSERT INTO order_day_totals (tz_offset_min, day, connection_id, currency, status, exponent, lacks, orders, revenue_minor,
          gross_minor, discounts_minor, shipping_minor, tax_minor, returns_minor)
          SELECT ${o}, ${localDaySql('created_at', o)} AS d, connection_id, currency, status, total_exponent, lacks, COUNT(*), SUM(total_minor),
            COALESCE(SUM(gross_minor), 0), COALESCE(SUM(discounts_minor), 0), COALESCE(SUM(shipping_minor), 0), COALESCE(SUM(tax_minor), 0), 0
          FROM orders WHERE attention IS NULL AND test = 0 GROUP BY d, connection_id, currency, status, total_exponent, lacks`);
        // refunds on their own days (orders 0 unless the order was placed that day too)
        this.db.exec(`INSERT INTO order_day_totals (tz_offset_min, day, connection_id, currency, status, exponent, lacks, orders, revenue_minor,
          gross_minor, discounts_minor, shipping_minor, tax_minor, returns_minor)
          SELECT ${o}, ${localDaySql('refunded_at', o)} AS d, connection_id, currency, status, exponent, lacks, 0, 0, 0, 0, 0, 0, SUM(amount_minor)
          FROM order_refunds WHERE counted = 1 GROUP BY d, connection_id, currency, status, exponent, lacks
          ON CONFLICT DO UPDATE SET returns_minor = returns_minor + excluded.returns_minor`);
        this.db.prepare('INSERT INTO rollup_offsets (tz_offset_min) VALUES (?)').run(o);
      }
      this.db.exec('COMMIT');
    } catch (err) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw err;
    }
  }

  #upsert(connectionId: string, orders: readonly NormalizedOrder[]): void {
    const params: Array<string | number | null> = [];
    let i = 0;
    for (; i + BATCH <= orders.length; i += BATCH) {
      params.length = 0;
      for (let j = i; j < i + BATCH; j++) pushOrder(params, connectionId, orders[j]!);
      this.#upsertBatch.run(...params);
    }
    for (; i < orders.length; i++) {
      params.length = 0;
      pushOrder(params, connectionId, orders[i]!);
      this.#upsertOne.run(...params);
    }
  }

  getCheckpoint(connectionId: string): SyncRecord | undefined {
    const r = this.#getCheckpoint.get(connectionId) as Record<string, string | number | null> | undefined;
    if (!r) return undefined;
    return {
      connectionId,
      updatedSince: r.updated_since as string | null,
      page: r.page as string | null,
      runMaxUpdated: r.run_max_updated as string | null,
      adapterRevision: (r.adapter_revision as number | null | undefined) ?? null,
      lastSyncAt: r.last_sync_at as number | null,
      lastResult: r.last_result as SyncRecord['lastResult'],
      lastErrorCode: r.last_error_code as string | null,
      lastErrorMessage: r.last_error_message as string | null,
    };
  }

  /**
   * Records the adapter revision that reads this connection's orders from now on. `startOver` also
   * clears the watermark and any interrupted run, so the next run reads the whole history again
   * (orders are upserted by id: nothing doubles). One statement: atomic.
   */
  setAdapterRevision(connectionId: string, revision: number, startOver: boolean): void {
    const reset = startOver ? ', updated_since = NULL, page = NULL, run_max_updated = NULL' : '';
    this.db
      .prepare(
        `INSERT INTO sync_checkpoints (connection_id, adapter_revision) VALUES (?, ?)
        ON CONFLICT (connection_id) DO UPDATE SET adapter_revision = excluded.adapter_revision${reset}`,
      )
      .run(connectionId, revision);
  }

  /** Records how the last run ended (the checkpoint itself is untouched). */
  recordResult(connectionId: string, r: RunResultRecord): void {
    this.#saveResult.run(connectionId, r.at, r.result, r.errorCode ?? null, r.errorMessage ?? null);
  }

  /** Orders stored for a connection (kept exact by a trigger, no table scan). */
  orderCount(connectionId: string): number {
    const r = this.#count.get(connectionId) as { orders: number } | undefined;
    return r?.orders ?? 0;
  }

  /** Removes a connection's orders, summaries and checkpoint in one transaction; returns orders deleted. */
  deleteConnection(connectionId: string): number {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      this.db.prepare('DELETE FROM order_day_totals WHERE connection_id = ?').run(connectionId);
      this.db.prepare('DELETE FROM order_refunds WHERE connection_id = ?').run(connectionId);
      this.db.prepare('DELETE FROM order_counts WHERE connection_id = ?').run(connectionId);
      const { changes } = this.db.prepare('DELETE FROM orders WHERE connection_id = ?').run(connectionId);
      this.db.prepare('DELETE FROM sync_checkpoints WHERE connection_id = ?').run(connectionId);
      this.db.exec('COMMIT');
      return Number(changes);
    } catch (err) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw err;
    }
  }

  /** Connection ids that have orders or a checkpoint. */
  knownConnections(): string[] {
    const rows = this.db.prepare('SELECT connection_id FROM sync_checkpoints UNION SELECT connection_id FROM order_counts').all() as Array<{
      connection_id: string;
    }>;
    return rows.map((r) => r.connection_id);
  }

  /** Throws OrderDbCorruptError when a page of the file is damaged (security.md #45). */
  checkIntegrity(): void {
    OrderStore.#quickCheck(this.db);
  }

  static #quickCheck(db: DatabaseSync): void {
    // https://sqlite.org/pragma.html#pragma_quick_check: every page and index entry, O(file size)
    const rows = db.prepare('PRAGMA quick_check(1)').all() as Array<Record<string, unknown>>;
    const first = rows[0] ? Object.values(rows[0])[0] : 'ok';
    if (first !== 'ok') throw new OrderDbCorruptError(`quick_check: ${String(first)}`);
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }
}

interface StoredFacts {
  platform_id: string;
  created_at: number;
  updated_at: number;
  status: string;
  currency: string;
  total_minor: number;
  total_exponent: number;
  attention: string | null;
  test: number;
  lacks: number;
  gross_minor: number | null;
  discounts_minor: number | null;
  shipping_minor: number | null;
  tax_minor: number | null;
}

function pushOrder(params: Array<string | number | null>, connectionId: string, o: NormalizedOrder): void {
  params.push(connectionId, o.platformId, o.orderNumber, o.createdAt, o.updatedAt, o.status, o.financialStatus, o.currency, o.totalMinor, o.itemCount);
  params.push(exponentOf(o), o.attention?.reason ?? null, o.attention?.raw ?? null);
  const refunded =
    o.refunds === undefined
      ? null
      : sumOf(
          o.refunds.map((r) => r.amountMinor),
          `order ${o.platformId}'s refunds`,
        );
  params.push(o.grossMinor ?? null, o.discountsMinor ?? null, o.shippingMinor ?? null, o.taxMinor ?? null, refunded);
  params.push(o.cancelled ? 1 : 0, o.test ? 1 : 0, o.financialStatusRaw ?? o.financialStatus, lacksOf(o));
}
