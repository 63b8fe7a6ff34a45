/**
 * Schema of the orders database and its migrations, keyed on `PRAGMA user_version`
 * (https://sqlite.org/pragma.html#pragma_user_version). Each migration runs in its own
 * transaction together with the version bump, so a crash mid-migration leaves the old version.
 *
 * Besides the orders themselves, derived tables are kept exact by OrderStore.commitPage, inside
 * the same transaction as every write (security.md #34); they are deltas computed per page in JS:
 *   - order_day_totals: count and revenue per (day, connection, currency, status) for UTC days
 *     (tz_offset_min 0) and for the local days of each configured offset (the OS offsets, passed by
 *     the service; rollup_offsets lists which are complete), so a summary over a million orders
 *     reads a few thousand rows (issue 4, p95 < 50 ms);
 *   - order_counts: orders per connection, for progress events without a COUNT(*) per page.
 * Version 2 replaced V1's per-hour rollup and its two created_at indexes by one covering index:
 * every secondary B-tree costs ~10 us per stored order (random pages written to the WAL, measured
 * with bench/commit-cost.ts), and the covering index answers partial days and ordersPage too.
 * No personal data columns: no names, e-mails or addresses (data minimisation).
 */
import type { DatabaseSync } from 'node:sqlite';
import { currencyExponentSql } from './money.ts';

export const DAY_MS = 86_400_000;

const V1 = `
CREATE TABLE orders (
  connection_id    TEXT    NOT NULL,
  platform_id      TEXT    NOT NULL,
  order_number     TEXT    NOT NULL,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  status           TEXT    NOT NULL,
  financial_status TEXT    NOT NULL,
  currency         TEXT    NOT NULL,
  total_minor      INTEGER NOT NULL,
  item_count       INTEGER NOT NULL,
  PRIMARY KEY (connection_id, platform_id)
) WITHOUT ROWID;
CREATE INDEX orders_created ON orders (created_at);
CREATE INDEX orders_connection_created ON orders (connection_id, created_at);

CREATE TABLE sync_checkpoints (
  connection_id      TEXT PRIMARY KEY,
  updated_since      TEXT,
  page               TEXT,
  run_max_updated    TEXT,
  last_sync_at       INTEGER,
  last_result        TEXT,
  last_error_code    TEXT,
  last_error_message TEXT
);

CREATE TABLE order_hours (
  hour          INTEGER NOT NULL,
  connection_id TEXT    NOT NULL,
  currency      TEXT    NOT NULL,
  status        TEXT    NOT NULL,
  orders        INTEGER NOT NULL,
  revenue_minor INTEGER NOT NULL,
  PRIMARY KEY (hour, connection_id, currency, status)
) WITHOUT ROWID;

CREATE TABLE order_days (
  day           INTEGER NOT NULL,
  connection_id TEXT    NOT NULL,
  currency      TEXT    NOT NULL,
  status        TEXT    NOT NULL,
  orders        INTEGER NOT NULL,
  revenue_minor INTEGER NOT NULL,
  PRIMARY KEY (day, connection_id, currency, status)
) WITHOUT ROWID;

CREATE TABLE order_counts (
  connection_id TEXT PRIMARY KEY,
  orders        INTEGER NOT NULL
);
`;

/** V1 -> V2: see the file comment. order_day_totals is filled by OrderStore on open (rollup_offsets is empty). */
const V2 = `
DROP INDEX orders_created;
DROP INDEX orders_connection_created;
CREATE INDEX orders_created ON orders (created_at, connection_id, currency, status, total_minor);
DROP TABLE order_hours;
DROP TABLE order_days;
CREATE TABLE order_day_totals (
  tz_offset_min INTEGER NOT NULL,
  day           INTEGER NOT NULL,
  connection_id TEXT    NOT NULL,
  currency      TEXT    NOT NULL,
  status        TEXT    NOT NULL,
  orders        INTEGER NOT NULL,
  revenue_minor INTEGER NOT NULL,
  PRIMARY KEY (tz_offset_min, day, connection_id, currency, status)
) WITHOUT ROWID;
CREATE TABLE rollup_offsets (
  tz_offset_min INTEGER PRIMARY KEY
);
`;

/**
 * V2 -> V3, one money model (issue 8, main/sync/money.ts): `total_exponent` is the decimal exponent of
 * total_minor (existing rows: their currency's); `attention` + `raw_money` keep an order whose money
 * could not be read, with the platform's raw values, out of the revenue figures. The day rollup gains
 * the exponent in its key (amounts at different exponents are only added after scaling); it is rebuilt
 * from the orders by OrderStore on open (rollup_offsets emptied), like V2 did.
 */
const V3 = `
ALTER TABLE orders ADD COLUMN total_exponent INTEGER NOT NULL DEFAULT 2;
UPDATE orders SET total_exponent = ${currencyExponentSql('currency')} WHERE total_exponent <> ${currencyExponentSql('currency')};
ALTER TABLE orders ADD COLUMN attention TEXT;
ALTER TABLE orders ADD COLUMN raw_money TEXT;
DROP INDEX orders_created;
CREATE INDEX orders_created ON orders (created_at, connection_id, currency, status, total_minor, total_exponent, attention);
CREATE INDEX orders_attention ON orders (connection_id, created_at) WHERE attention IS NOT NULL;
DROP TABLE order_day_totals;
CREATE TABLE order_day_totals (
  tz_offset_min INTEGER NOT NULL,
  day           INTEGER NOT NULL,
  connection_id TEXT    NOT NULL,
  currency      TEXT    NOT NULL,
  status        TEXT    NOT NULL,
  exponent      INTEGER NOT NULL,
  orders        INTEGER NOT NULL,
  revenue_minor INTEGER NOT NULL,
  PRIMARY KEY (tz_offset_min, day, connection_id, currency, status, exponent)
) WITHOUT ROWID;
DELETE FROM rollup_offsets;
`;

/**
 * V3 -> V4, merchant figures (issue 10, docs/figures.md): per order gross, discounts, shipping, tax and
 * refunded amounts at total_exponent (NULL = not available from the platform), the cancelled and test
 * flags, the platform's raw financial status, and `lacks` (order-adapter.ts LACKS: figures the order
 * cannot supply). Refunds get rows of their own (order_refunds) dated on the refund, so a refund counts
 * on its own day. The day rollup gains the figures and `lacks` in its key; it is rebuilt on open.
 * Orders synced before V4 keep their totals and are marked `lacks = 63` (legacy: every new figure
 * missing, shown as "not synced yet"), and every connection's watermark is cleared so the next sync
 * reads the whole history again and fills the figures in (orders are upserted by id: nothing doubles).
 */
const V4 = `
ALTER TABLE orders ADD COLUMN gross_minor INTEGER;
ALTER TABLE orders ADD COLUMN discounts_minor INTEGER;
ALTER TABLE orders ADD COLUMN shipping_minor INTEGER;
ALTER TABLE orders ADD COLUMN tax_minor INTEGER;
ALTER TABLE orders ADD COLUMN refunded_minor INTEGER;
ALTER TABLE orders ADD COLUMN cancelled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN test INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN financial_raw TEXT;
ALTER TABLE orders ADD COLUMN lacks INTEGER NOT NULL DEFAULT 0;
UPDATE orders SET lacks = 63, financial_raw = financial_status, cancelled = (status IN ('cancelled', 'canceled'));
DROP INDEX orders_created;
CREATE INDEX orders_created ON orders (created_at, connection_id, currency, status, total_minor, total_exponent, attention, test, lacks,
  gross_minor, discounts_minor, shipping_minor, tax_minor);
CREATE TABLE order_refunds (
  connection_id TEXT    NOT NULL,
  platform_id   TEXT    NOT NULL,
  refund_id     TEXT    NOT NULL,
  refunded_at   INTEGER NOT NULL,
  currency      TEXT    NOT NULL,
  status        TEXT    NOT NULL,
  exponent      INTEGER NOT NULL,
  lacks         INTEGER NOT NULL,
  counted       INTEGER NOT NULL,
  amount_minor  INTEGER NOT NULL,
  PRIMARY KEY (connection_id, platform_id, refund_id)
) WITHOUT ROWID;
CREATE INDEX order_refunds_at ON order_refunds (refunded_at, connection_id, currency, status, exponent, lacks, counted, amount_minor);
DROP TABLE order_day_totals;
CREATE TABLE order_day_totals (
  tz_offset_min   INTEGER NOT NULL,
  day             INTEGER NOT NULL,
  connection_id   TEXT    NOT NULL,
  currency        TEXT    NOT NULL,
  status          TEXT    NOT NULL,
  exponent        INTEGER NOT NULL,
  lacks           INTEGER NOT NULL,
  orders          INTEGER NOT NULL,
  revenue_minor   INTEGER NOT NULL,
  gross_minor     INTEGER NOT NULL,
  discounts_minor INTEGER NOT NULL,
  shipping_minor  INTEGER NOT NULL,
  tax_minor       INTEGER NOT NULL,
  returns_minor   INTEGER NOT NULL,
  PRIMARY KEY (tz_offset_min, day, connection_id, currency, status, exponent, lacks)
) WITHOUT ROWID;
DELETE FROM rollup_offsets;
UPDATE sync_checkpoints SET updated_since = NULL, page = NULL, run_max_updated = NULL;
`;

/**
 * V4 -> V5: `adapter_revision`, the revision of the order adapter (OrderAdapter.revision) that read a
 * connection's stored orders. NULL = read before revisions were kept, i.e. revision 1. When an
 * adapter starts reading figures it did not read before (WooCommerce's dated refunds, Shopify's
 * tax-inclusive gross), its revision goes up and the engine reads that platform's connections again
 * from the start (sync-engine.ts).
 */
const V5 = `
ALTER TABLE sync_checkpoints ADD COLUMN adapter_revision INTEGER;
`;

/** Index = version reached after running it (MIGRATIONS[0] takes an empty file to version 1). */
const MIGRATIONS: readonly string[] = [V1, V2, V3, V4, V5];

/** Local day number of an epoch-ms time for an offset in minutes east of UTC (floor, also below 0). */
export function localDay(ms: number, tzOffsetMin: number): number {
  return Math.floor((ms + tzOffsetMin * 60_000) / DAY_MS);
}

/** The same as localDay, as SQL over an integer column (SQLite's `/` truncates toward zero). */
export function localDaySql(column: string, tzOffsetMin: number): string {
  const off = Math.trunc(tzOffsetMin) * 60_000;
  return `((${column} + ${off} + ${DAY_MS * 1000}) / ${DAY_MS} - 1000)`;
}

/** Offsets in minutes east of UTC that real time zones use: -12:00 .. +14:00. */
export function isValidOffset(tzOffsetMin: number): boolean {
  return Number.isInteger(tzOffsetMin) && tzOffsetMin >= -720 && tzOffsetMin <= 840;
}

export const SCHEMA_VERSION = MIGRATIONS.length;

export class SchemaTooNewError extends Error {
  override readonly name = 'SchemaTooNewError';
}

/** Brings the database to SCHEMA_VERSION (tests: to `upTo`); refuses a file written by a newer Storelink. */
export function migrate(db: DatabaseSync, upTo = SCHEMA_VERSION): void {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number };
  const current = row.user_version;
  if (current > SCHEMA_VERSION) {
    throw new SchemaTooNewError(`the orders database has schema version ${current}, newer than this Storelink (${SCHEMA_VERSION})`);
  }
  for (let v = current; v < Math.min(upTo, SCHEMA_VERSION); v++) {
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(MIGRATIONS[v]!);
      db.exec(`PRAGMA user_version = ${v + 1}`);
      db.exec('COMMIT');
    } catch (err) {
      db.exec('ROLLBACK');
      throw err;
    }
  }
}
