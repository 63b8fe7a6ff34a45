/**
 * Micro-benchmark of OrderStore.commitPage alone (no HTTP): N orders shaped like bench/shopify-source.ts
 * (created up to 30 days before updated, 4 currencies, 4 statuses) committed in pages of 250 into a
 * fresh file, then the same pages again (every order an update). Prints CPU microseconds per order
 * (CPU time, not wall time: the machine may be shared).
 * Usage: node bench/commit-cost.ts [N]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NormalizedOrder } from '../main/sync/order-adapter.ts';
import { OrderStore } from '../main/sync/order-store.ts';
import { BENCH_DAY_OFFSETS } from './common.ts';

const N = Number(process.argv[2] ?? 200_000);
const BASE = Date.UTC(2023, 0, 1);
const STEP = Math.floor((2 * 365 * 86_400_000) / 1_000_000);
const CUR = ['USD', 'EUR', 'GBP', 'JPY'];
const STATUS = ['fulfilled', 'unfulfilled', 'partially_fulfilled', 'cancelled'];
function hash(i: number): number {
  let x = Math.imul(i ^ 0x9e3779b9, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}
const order = (i: number, bump: number): NormalizedOrder => {
  const bits = hash(i);
  const updatedAt = BASE + i * STEP + bump;
  return {
    platformId: `gid://shopify/Order/${6_100_000_000_000 + i}`,
    orderNumber: `#${1000 + i}`,
    createdAt: updatedAt - bump - (bits % (30 * 86_400_000)),
    updatedAt,
    status: STATUS[(bits >>> 3) % 4]!,
    financialStatus: 'paid',
    currency: CUR[bits % 4]!,
    totalMinor: 500 + (bits % 40_000),
    itemCount: 1 + (bits % 6),
  };
};
const dir = mkdtempSync(join(tmpdir(), 'storelink-commit-'));
try {
  const store = new OrderStore(join(dir, 'o.sqlite'), { dayOffsets: BENCH_DAY_OFFSETS });
  // extra statements to try a variant, e.g. EXTRA_SQL='PRAGMA cache_size=-65536'
  for (const sql of (process.env.EXTRA_SQL ?? '').split(';').filter(Boolean)) store.db.exec(sql);
  for (const [label, bump] of [
    ['insert', 0],
    ['update', 1000],
  ] as const) {
    let ms = 0;
    for (let p = 0; p < N; p += 250) {
      const page = Array.from({ length: Math.min(250, N - p) }, (_, k) => order(p + k, bump));
      const t0 = process.cpuUsage();
      store.commitPage('bench', page, { updatedSince: null, page: String(p), runMaxUpdated: null });
      const d = process.cpuUsage(t0);
      ms += (d.user + d.system) / 1000;
    }
    console.log(`${label}: ${((ms * 1000) / N).toFixed(2)} us/order (${Math.round(N / (ms / 1000)).toLocaleString('en')} orders/s)`);
  }
  store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
