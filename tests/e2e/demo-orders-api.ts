/**
 * The e2e oracle for order figures: every order as the Demo store's own API serves it
 * (GET /api/v1/orders, keyset pages via `next_cursor`, main/demo-store/orders-api.ts), read through
 * the core's authorizedRequest, so expected numbers come from the store and not from the sync
 * engine under test. Money is parsed from the wire decimal string into integer minor units.
 */
import type { StorelinkCore } from '../../main/core/api.ts';

export interface StoreOrder {
  number: string;
  createdAt: number;
  status: string;
  currency: string;
  totalMinor: number;
  exponent: number;
}

export async function demoOrdersViaApi(core: StorelinkCore, connectionId: string): Promise<StoreOrder[]> {
  const out: StoreOrder[] = [];
  let cursor: string | null = null;
  do {
    const url: string = `/api/v1/orders?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await core.authorizedRequest(connectionId, { method: 'GET', url });
    if (res.status !== 200) throw new Error(`orders API answered ${res.status}`);
    const body = JSON.parse(res.body) as { orders: Record<string, string>[]; next_cursor: string | null };
    for (const o of body.orders) {
      const [whole, fraction = ''] = o.total!.split('.');
      out.push({
        number: o.number!,
        createdAt: Date.parse(o.created_at!),
        status: o.status!,
        currency: o.currency!,
        totalMinor: Number(`${whole}${fraction}`),
        exponent: fraction.length,
      });
    }
    cursor = body.next_cursor;
  } while (cursor);
  return out;
}

export interface ExpectedFigures {
  orderCount: number;
  byCurrency: Map<string, { revenueMinor: number; exponent: number; orderCount: number }>;
  byStatus: Map<string, number>;
  totalOf: Map<string, StoreOrder>;
}

/** Figures for orders created in [fromMs, toMs) (the summary's half-open range). */
export function figuresFor(orders: StoreOrder[], fromMs: number, toMs: number): ExpectedFigures {
  const inRange = orders.filter((o) => o.createdAt >= fromMs && o.createdAt < toMs);
  const byCurrency: ExpectedFigures['byCurrency'] = new Map();
  const byStatus = new Map<string, number>();
  for (const o of inRange) {
    const c = byCurrency.get(o.currency) ?? { revenueMinor: 0, exponent: o.exponent, orderCount: 0 };
    c.revenueMinor += o.totalMinor;
    c.orderCount += 1;
    byCurrency.set(o.currency, c);
    byStatus.set(o.status, (byStatus.get(o.status) ?? 0) + 1);
  }
  return { orderCount: inRange.length, byCurrency, byStatus, totalOf: new Map(inRange.map((o) => [o.number, o])) };
}
