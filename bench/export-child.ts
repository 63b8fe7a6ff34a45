/**
 * Export benchmark child (issue 9): fills argv[2] with argv[3] orders (if empty), then exports them all
 * to argv[4] through the real export path (SummaryQueries.iterateOrders -> createExportService ->
 * writeCsv -> fs.WriteStream) in THIS process and prints {rows, ms, bytes, maxRssMB, baseRssMB} as JSON.
 * The database is filled with SQL (a recursive CTE) rather than through sync: the benchmark measures
 * the export, and OrderStore rebuilds the day rollups from the orders on open, as after a migration.
 * Usage: node bench/export-child.ts <dbPath> <orders> <csvPath>
 */
import { statSync } from 'node:fs';
import { OrderStore } from '../main/sync/order-store.ts';
import { SummaryQueries } from '../main/sync/summary-queries.ts';
import { createExportService } from '../main/export/export-service.ts';

const [dbPath, countText, csvPath] = process.argv.slice(2);
const count = Number(countText);
const T0 = Date.UTC(2022, 0, 1);

const fill = new OrderStore(dbPath!);
if ((fill.db.prepare('SELECT COUNT(*) AS n FROM orders').get() as { n: number }).n === 0) {
  fill.db.exec('BEGIN');
  // ~3 years of orders, four currencies (exponents 0, 2, 3), some refunds (negative totals), and order
  // numbers that need quoting or the formula guard every so often
  fill.db.exec(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ${count})
    INSERT INTO orders (connection_id, platform_id, order_number, created_at, updated_at, status, financial_status, currency, total_minor, item_count, total_exponent, attention, raw_money)
    SELECT 'bench-' || (i % 3), CAST(1000000 + i AS TEXT),
      CASE WHEN i % 97 = 0 THEN '=#' || i WHEN i % 89 = 0 THEN '#' || i || ', "gift"' ELSE '#' || i END,
      ${T0} + i * 90000, ${T0} + i * 90000 + 60000,
      CASE i % 4 WHEN 0 THEN 'open' WHEN 1 THEN 'fulfilled' WHEN 2 THEN 'paid' ELSE 'refunded' END, 'paid',
      CASE i % 4 WHEN 0 THEN 'USD' WHEN 1 THEN 'JPY' WHEN 2 THEN 'KWD' ELSE 'EUR' END,
      CASE WHEN i % 4 = 3 THEN -(i % 50000) ELSE (i * 7919) % 1000000 END, 1 + i % 5,
      CASE i % 4 WHEN 1 THEN 0 WHEN 2 THEN 3 ELSE 2 END, NULL, NULL
    FROM n`);
  fill.db.exec('DELETE FROM rollup_offsets');
  fill.db.exec('COMMIT');
}
fill.close();

const store = new OrderStore(dbPath!); // rebuilds the UTC day rollup from the orders
const queries = new SummaryQueries(store);
const baseRssMB = process.memoryUsage().rss / 1024 / 1024;
const exports = createExportService({
  dialog: { chooseSavePath: async () => csvPath },
  sources: { orders: (f) => queries.iterateOrders(f), activity: () => [], connections: () => [] },
});
const t0 = performance.now();
const result = await exports.exportOrders({ fromMs: 0, toMs: T0 + count * 90000 + 1, sort: 'createdAt', direction: 'desc' });
const ms = performance.now() - t0;
store.close();
process.stdout.write(
  JSON.stringify({
    rows: result.saved ? result.rows : 0,
    ms,
    bytes: statSync(csvPath!).size,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    baseRssMB,
  }) + '\n',
);
