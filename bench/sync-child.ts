/**
 * Syncs every order of the source at argv[3] into the database at argv[2] (connection 'bench') in
 * this process, then prints {orders, ms, maxRssMB} as JSON. Used for the peak-RSS measurement.
 * Usage: node bench/sync-child.ts <dbPath> <sourceUrl>
 */
import { createShopifyOrderAdapter } from '../main/sync/adapters/shopify-orders.ts';

// The paged sync is what these rows measure (a first sync of a big store would otherwise be a Bulk
// Operation, which this source does not serve): no threshold is ever reached.
const shopifyOrderAdapter = createShopifyOrderAdapter({ bulkThreshold: Number.MAX_SAFE_INTEGER });
import { OrderStore } from '../main/sync/order-store.ts';
import { createPageWriter, WorkerPageWriter } from '../main/sync/page-writer.ts';
import { SyncEngine } from '../main/sync/sync-engine.ts';
import { BENCH_DAY_OFFSETS, host, refClock } from './common.ts';

const [dbPath, url] = process.argv.slice(2);
const store = new OrderStore(dbPath!, { dayOffsets: BENCH_DAY_OFFSETS });
const writer = createPageWriter(store, dbPath!); // as the service does: a writer thread
const engine = new SyncEngine({ store, writer, host: host(url!, 'bench'), adapters: { shopify: shopifyOrderAdapter }, clock: refClock });
if (writer instanceof WorkerPageWriter) await writer.ready; // started with the service, not per sync
const t0 = performance.now();
const outcome = await engine.syncNow('bench');
const ms = performance.now() - t0;
await writer.close();
store.close();
process.stdout.write(
  JSON.stringify({ result: outcome.result, error: outcome.error, orders: outcome.orders, ms, maxRssMB: process.resourceUsage().maxRSS / 1024 }) + '\n',
);
process.exit(outcome.result === 'ok' ? 0 : 1);
