/**
 * Schema of the orders database and its migrations, keyed on `PRAGMA user_version`
 * (https://sqlite.org/pragma.html#pragma_user_version). Each migration runs in its own
 * transaction together with the version bump, so a crash mid-migration leaves the old version.
 *
 * Besides the orders themselves, two derived tables are kept exact by OrderStore.commitPage, inside
 * the same transaction as every write (security.md #34); they are deltas computed per page in JS,
 * which measured ~40% faster than per-row triggers:
 *   - order_days / order_hours: count and revenue per (UTC day or hour of created_at, connection,
 *     currency, status), so summaries over a million orders read a few thousand rows
 *     (issue 4, p95 < 50 ms);
 *   - order_counts: orders per connection, for progress events without a COUNT(*) per page.
 * No personal data columns: no names, e-mails or addresses (data minimisation).
 */
import type { DatabaseSync } from 'node:sqlite';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** The rollup tables, coarsest first: bucket = floor(created_at / ms). */
export const ROLLUPS = [
  { table: 'order_days', column: 'day', ms: DAY_MS },
  { table: 'order_hours', column: 'hour', ms: HOUR_MS },
] as const;

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

/** Index = version reached after running it (MIGRATIONS[0] takes an empty file to version 1). */
const MIGRATIONS: readonly string[] = [V1];

export const SCHEMA_VERSION = MIGRATIONS.length;

export class SchemaTooNewError extends Error {
  override readonly name = 'SchemaTooNewError';
}

/** Brings the database to SCHEMA_VERSION; refuses a file written by a newer Storelink. */
export function migrate(db: DatabaseSync): void {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number };
  const current = row.user_version;
  if (current > SCHEMA_VERSION) {
    throw new SchemaTooNewError(`the orders database has schema version ${current}, newer than this Storelink (${SCHEMA_VERSION})`);
  }
  for (let v = current; v < SCHEMA_VERSION; v++) {
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
