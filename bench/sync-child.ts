/**
 * Syncs every order of the source at argv[3] into the database at argv[2] (connection 'bench') in
 * this process, then prints {orders, ms, maxRssMB} as JSON. Used for the peak-RSS measurement.
 * Usage: node bench/sync-child.ts <dbPath> <sourceUrl>
 */
import { shopifyOrderAdapter } from '../main/sync/adapters/shopify-orders.ts';
import { OrderStore } from '../main/sync/order-store.ts';
import { SyncEngine } from '../main/sync/sync-engine.ts';
import { host, refClock } from './common.ts';

const [dbPath, url] = process.argv.slice(2);
const store = new OrderStore(dbPath!);
const engine = new SyncEngine({ store, host: host(url!, 'bench'), adapters: { shopify: shopifyOrderAdapter }, clock: refClock });
const t0 = performance.now();
const outcome = await engine.syncNow('bench');
const ms = performance.now() - t0;
store.close();
process.stdout.write(
  JSON.stringify({ result: outcome.result, error: outcome.error, orders: outcome.orders, ms, maxRssMB: process.resourceUsage().maxRSS / 1024 }) + '\n',
);
process.exit(outcome.result === 'ok' ? 0 : 1);
