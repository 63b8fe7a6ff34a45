/**
 * The built-in Demo store: a small standards-following marketplace (OAuth 2.0 authorization
 * server with PKCE and an orders API) that runs on 127.0.0.1 inside the app, so an admin can
 * try Storelink without a real store. See ./server.ts for the endpoints.
 */
import type { AddressInfo } from 'node:net';
import { DEFAULTS, CLIENT_ID, emptyStats, type DemoStoreSettings, type DemoStoreStats } from './config.ts';
import type { DemoContext } from './context.ts';
import { orderJson } from './orders-api.ts';
import { RateLimiter } from './rate-limit.ts';
import { OrderBook } from './seed-orders.ts';
import { createDemoServer } from './server.ts';
import { TokenRegistry } from './token-registry.ts';
import { loadDemoState, newDemoState, saveDemoState } from './persisted-state.ts';

export interface DemoStoreOptions {
  /** Default 0 (OS-chosen); always bound to 127.0.0.1. */
  port?: number;
  /** Default 120, so refresh is visible in the app. */
  accessTokenLifetimeSec?: number;
  /** Default 30 days. */
  refreshTokenLifetimeSec?: number;
  /** Default 400 seeded orders. */
  orderCount?: number;
  /** Deterministic PRNG seed, default 42. */
  seed?: number;
  /** Clock, default Date.now. */
  now?: () => number;
  /** Orders API token bucket per access token, default 20 / 10 per s. */
  rateLimit?: { capacity: number; refillPerSec: number };
  /** Default "Demo Coffee Roasters". */
  storeName?: string;
  /**
   * Where the store keeps its state across restarts (./persisted-state.ts): store id, port, token
   * records. When set, the saved port is tried first (another is taken when it is busy). Unset: a
   * fresh store each start.
   */
  stateFile?: string;
}

export interface DemoOrderSnapshot {
  id: string;
  number: string;
  updated_at: string;
  total: string;
  currency: string;
  status: string;
}

export interface DemoStore {
  /** e.g. http://127.0.0.1:PORT (no trailing slash). */
  issuer: string;
  /** 'storelink-desktop' (public client, no secret). */
  clientId: string;
  /** Permanent id of this store (kept in `stateFile`). */
  storeId: string;
  port: number;
  /** Closes the listener and keep-alive sockets. */
  close(): Promise<void>;
  stats(): DemoStoreStats;
  /** Changes status/updated_at of `count` orders (incremental sync tests); returns their ids. */
  touchOrders(count: number): string[];
  addOrders(count: number): string[];
  /** A "password change": every token stops working. */
  revokeAll(): void;
  /** Source of truth for sync tests. */
  orderSnapshot(): DemoOrderSnapshot[];
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number`);
  return value;
}

/** Starts the Demo store on 127.0.0.1 (RFC 8252 §8.3: loopback only) and resolves once it listens. */
export async function startDemoStore(options: DemoStoreOptions = {}): Promise<DemoStore> {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError('port must be an integer from 0 to 65535');
  const now = options.now ?? Date.now;
  const orderCount = options.orderCount ?? DEFAULTS.orderCount;
  if (!Number.isInteger(orderCount) || orderCount < 0) throw new RangeError('orderCount must be a non-negative integer');
  const rateLimit = options.rateLimit ?? DEFAULTS.rateLimit;
  const stateFile = options.stateFile;
  const state = (stateFile ? loadDemoState(stateFile, now()) : undefined) ?? newDemoState(now());
  const settings: DemoStoreSettings = {
    issuer: '',
    storeName: options.storeName ?? DEFAULTS.storeName,
    storeId: state.storeId,
    accessTokenLifetimeSec: positive('accessTokenLifetimeSec', options.accessTokenLifetimeSec ?? DEFAULTS.accessTokenLifetimeSec),
    refreshTokenLifetimeSec: positive('refreshTokenLifetimeSec', options.refreshTokenLifetimeSec ?? DEFAULTS.refreshTokenLifetimeSec),
    rateLimit,
    now,
  };
  const ctx: DemoContext = {
    settings,
    registry: new TokenRegistry(now),
    orders: new OrderBook(options.seed ?? DEFAULTS.seed, orderCount, now, state.seededAt),
    limiter: new RateLimiter(rateLimit.capacity, rateLimit.refillPerSec, now),
    stats: emptyStats(),
  };
  ctx.registry.restore(state.registry);
  const server = createDemoServer(ctx);
  const listen = (p: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(p, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  // The saved port first, so the issuer (and every saved connection's address) stays the same; if
  // another program has it, any free port: Storelink updates its demo connections to the new issuer.
  const savedPort = options.port === undefined ? state.port : undefined;
  try {
    await listen(savedPort ?? port);
  } catch (err) {
    if (savedPort === undefined || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    await listen(0);
  }
  const boundPort = (server.address() as AddressInfo).port;
  settings.issuer = `http://127.0.0.1:${boundPort}`;
  if (stateFile) {
    const save = (): void => {
      try {
        saveDemoState(stateFile, { ...state, port: boundPort, registry: ctx.registry.snapshot() });
      } catch {
        // a full disk: the tokens issued now are lost at the next restart (connections then say "sign in again")
      }
    };
    ctx.registry.onChange = save;
    save();
  }

  let closed: Promise<void> | undefined;
  return {
    issuer: settings.issuer,
    clientId: CLIENT_ID,
    storeId: settings.storeId,
    port: boundPort,
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
    stats: () => ({ ...ctx.stats }),
    touchOrders: (count) => ctx.orders.touch(count),
    addOrders: (count) => ctx.orders.add(count),
    revokeAll: () => ctx.registry.revokeAll(),
    orderSnapshot: () =>
      ctx.orders.all().map((o) => {
        const j = orderJson(o);
        return { id: o.id, number: o.number, updated_at: j.updated_at as string, total: j.total as string, currency: o.currency, status: o.status };
      }),
  };
}
