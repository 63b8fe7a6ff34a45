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
  /** The order's refunds as the store dates them, amounts in minor units at `exponent`. */
  refunds: Array<{ at: number; amountMinor: number }>;
}

/** "12.34" -> 1234 at the string's own number of decimals. */
function minorOf(decimal: string): { minor: number; exponent: number } {
  const [whole, fraction = ''] = decimal.split('.');
  return { minor: Number(`${whole}${fraction}`), exponent: fraction.length };
}

export async function demoOrdersViaApi(core: StorelinkCore, connectionId: string): Promise<StoreOrder[]> {
  const out: StoreOrder[] = [];
  let cursor: string | null = null;
  do {
    const url: string = `/api/v1/orders?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await core.authorizedRequest(connectionId, { method: 'GET', url });
    if (res.status !== 200) throw new Error(`orders API answered ${res.status}`);
    const body = JSON.parse(res.body) as {
      orders: Array<Record<string, string> & { refunds?: Array<{ created_at: string; amount: string }> }>;
      next_cursor: string | null;
    };
    for (const o of body.orders) {
      const total = minorOf(o.total!);
      out.push({
        number: o.number!,
        createdAt: Date.parse(o.created_at!),
        status: o.status!,
        currency: o.currency!,
        totalMinor: total.minor,
        exponent: total.exponent,
        refunds: (o.refunds ?? []).map((r) => ({ at: Date.parse(r.created_at), amountMinor: minorOf(r.amount).minor })),
      });
    }
    cursor = body.next_cursor;
  } while (cursor);
  return out;
}

export interface ExpectedFigures {
  orderCount: number;
  /** revenueMinor: order totals as placed; totalSalesMinor: those totals - refunds dated in the range (any order's). */
  byCurrency: Map<string, { revenueMinor: number; totalSalesMinor: number; exponent: number; orderCount: number }>;
  byStatus: Map<string, number>;
  totalOf: Map<string, StoreOrder>;
}

/**
 * Figures for orders created in [fromMs, toMs) (the summary's half-open range); total sales also take off
 * the refunds dated in the range, whatever their order's date (docs/figures.md).
 */
export function figuresFor(orders: StoreOrder[], fromMs: number, toMs: number): ExpectedFigures {
  const inRange = orders.filter((o) => o.createdAt >= fromMs && o.createdAt < toMs);
  const byCurrency: ExpectedFigures['byCurrency'] = new Map();
  const byStatus = new Map<string, number>();
  const currency = (o: StoreOrder) => {
    const c = byCurrency.get(o.currency) ?? { revenueMinor: 0, totalSalesMinor: 0, exponent: o.exponent, orderCount: 0 };
    byCurrency.set(o.currency, c);
    return c;
  };
  for (const o of inRange) {
    const c = currency(o);
    c.revenueMinor += o.totalMinor;
    c.totalSalesMinor += o.totalMinor;
    c.orderCount += 1;
    byStatus.set(o.status, (byStatus.get(o.status) ?? 0) + 1);
  }
  for (const o of orders) for (const r of o.refunds) if (r.at >= fromMs && r.at < toMs) currency(o).totalSalesMinor -= r.amountMinor;
  return { orderCount: inRange.length, byCurrency, byStatus, totalOf: new Map(inRange.map((o) => [o.number, o])) };
}
