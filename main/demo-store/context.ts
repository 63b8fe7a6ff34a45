/** What every Demo store endpoint handler receives. */
import type { DemoStoreSettings, DemoStoreStats } from './config.ts';
import type { OrderBook } from './seed-orders.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { TokenRegistry } from './token-registry.ts';

export interface DemoContext {
  settings: DemoStoreSettings;
  registry: TokenRegistry;
  orders: OrderBook;
  limiter: RateLimiter;
  stats: DemoStoreStats;
}
