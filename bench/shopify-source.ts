/**
 * A fast order source for the benchmark, run as its own process (the other core): it answers the
 * Storelink Shopify adapter's Admin GraphQL `orders` query (main/sync/adapters/shopify-orders.ts)
 * with the same JSON as tests/simulators/shopify (Order nodes, MoneyV2 decimal strings, pageInfo,
 * extensions.cost), 250 per page, for `count` virtual orders. Unlike the simulator it has no OAuth,
 * no cost throttling and no 60-day window, and it computes pages in O(page) — the benchmark
 * measures Storelink, not the simulator.
 * Usage: node bench/shopify-source.ts <count>   (prints the port on stdout)
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const count = Number(process.argv[2] ?? 100_000);
export const BASE = Date.UTC(2023, 0, 1);
const SPAN = 2 * 365 * 86_400_000;
const STEP = Math.max(1, Math.floor(SPAN / count));
const CURRENCIES: Array<[string, number]> = [
  ['USD', 2],
  ['EUR', 2],
  ['GBP', 2],
  ['JPY', 0],
];
const FINANCIAL = ['PAID', 'PAID', 'PENDING', 'REFUNDED', 'PARTIALLY_REFUNDED', 'AUTHORIZED'];
const FULFILLMENT = ['FULFILLED', 'UNFULFILLED', 'PARTIALLY_FULFILLED'];

function hash(i: number): number {
  let x = Math.imul(i ^ 0x9e3779b9, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

function decimal(minor: number, exp: number): string {
  if (exp === 0) return String(minor);
  const s = String(minor).padStart(exp + 1, '0');
  return `${s.slice(0, -exp)}.${s.slice(-exp)}`;
}

function node(i: number): Record<string, unknown> {
  const bits = hash(i);
  const updatedAt = BASE + i * STEP;
  const [currency, exp] = CURRENCIES[bits % CURRENCIES.length]!;
  const total = 500 + (bits % 40_000);
  const tax = Math.floor(total / 11);
  const shipping = Math.floor(total / 20);
  const bag = (minor: number) => ({ shopMoney: { amount: decimal(minor, exp), currencyCode: currency } });
  return {
    id: `gid://shopify/Order/${6_100_000_000_000 + i}`,
    name: `#${1000 + i}`,
    createdAt: new Date(updatedAt - (bits % (30 * 86_400_000))).toISOString(),
    updatedAt: new Date(updatedAt).toISOString(),
    displayFinancialStatus: FINANCIAL[bits % FINANCIAL.length],
    displayFulfillmentStatus: FULFILLMENT[(bits >>> 3) % FULFILLMENT.length],
    cancelledAt: bits % 17 === 0 ? new Date(updatedAt).toISOString() : null,
    currentTotalPriceSet: bag(total),
    // the order figures the adapter reads (docs/figures.md): total = subtotal + shipping + tax
    totalPriceSet: bag(total),
    subtotalPriceSet: bag(total - tax - shipping),
    totalDiscountsSet: bag(bits % 4 === 0 ? Math.floor(total / 10) : 0),
    totalShippingPriceSet: bag(shipping),
    totalTaxSet: bag(tax),
    // non-null in the Admin schema (objects/Order): prices before tax, one tax line for the line items
    taxesIncluded: false,
    taxLines: [{ priceSet: bag(tax) }],
    refunds:
      bits % 9 === 0 ? [{ id: `gid://shopify/Refund/${i}`, createdAt: new Date(updatedAt).toISOString(), totalRefundedSet: bag(Math.floor(total / 2)) }] : [],
    test: false,
    currentSubtotalLineItemsQuantity: 1 + (bits % 6),
  };
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const request = JSON.parse(Buffer.concat(chunks).toString()) as {
      query: string;
      variables: { first: number; after: string | null; query: string | null; limit?: number };
    };
    const { variables } = request;
    // The first page of a sync counts the orders (shopify.dev ordersCount): answered like Shopify, capped at `limit`.
    if (request.query.includes('ordersCount')) {
      const limit = variables.limit ?? 10_000;
      const body = JSON.stringify({ data: { ordersCount: { count: Math.min(count, limit), precision: count > limit ? 'AT_LEAST' : 'EXACT' } } });
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    let start = 0;
    const m = variables.query ? /updated_at:>='([^']+)'/.exec(variables.query) : null;
    if (m) start = Math.max(0, Math.ceil((Date.parse(m[1]!) - BASE) / STEP));
    if (variables.after) start = Math.max(start, Number(variables.after) + 1);
    const end = Math.min(count, start + variables.first);
    const edges = [];
    for (let i = start; i < end; i++) edges.push({ cursor: String(i), node: node(i) });
    const body = JSON.stringify({
      data: { orders: { edges, pageInfo: { hasNextPage: end < count, endCursor: end > start ? String(end - 1) : null } } },
      extensions: {
        cost: { requestedQueryCost: 252, actualQueryCost: 252, throttleStatus: { maximumAvailable: 20_000, currentlyAvailable: 19_000, restoreRate: 1_000 } },
      },
    });
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.on('disconnect', () => process.exit(0));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
