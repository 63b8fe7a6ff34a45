/**
 * The export through the real app (main/storelink-app.ts: core + sync service + export service) over a
 * real SQLite order database on disk: the rows are exactly those of the orders table for the same
 * filter, in its order; amounts exact with their currency; dates ISO 8601 with offset; text guarded;
 * activity exported; failures in plain words and no file left behind.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { createStorelinkApp, type StorelinkApp } from '../../main/storelink-app.ts';
import { MemoryKeychain } from '../../main/core/vault/memory-keychain.ts';
import { OrderStore } from '../../main/sync/order-store.ts';
import type { NormalizedOrder } from '../../main/sync/order-adapter.ts';
import { isoWithOffset, osOffsetMinutes } from '../../main/export/csv-values.ts';
import { createExportService } from '../../main/export/export-service.ts';
import type { OrdersPageQuery } from '../../shared/view-models.ts';
import { memorySettings } from '../e2e/recording-keychain.ts';

const dataDir = fs.mkdtempSync(path.join(tmpdir(), 'storelink-export-'));
const outDir = path.join(dataDir, 'out');
fs.mkdirSync(outDir);
const T0 = Date.UTC(2025, 2, 1, 12);

const order = (i: number, o: Partial<NormalizedOrder>): NormalizedOrder => ({
  platformId: String(1000 + i),
  orderNumber: `#${1000 + i}`,
  createdAt: T0 + i * 3_600_000,
  updatedAt: T0 + i * 3_600_000 + 60_000,
  status: 'paid',
  financialStatus: 'paid',
  currency: 'USD',
  totalMinor: 1250 + i,
  itemCount: 1 + (i % 3),
  ...o,
});
const ORDERS: NormalizedOrder[] = [
  order(0, { totalMinor: -1250, status: 'refunded', financialStatus: 'refunded' }), // a refund: -12.50, a NUMBER
  order(1, { currency: 'JPY', totalMinor: 1200 }), // exponent 0
  order(2, { currency: 'KWD', totalMinor: 10125 }), // exponent 3
  order(3, { totalMinor: 10125, totalExponent: 3 }), // USD sent with an extra decimal: 10.125
  order(4, { orderNumber: '=HYPERLINK("https://evil.example","click")', status: 'open' }),
  order(5, { orderNumber: '#1005, "gift"\r\nsecond line', currency: 'EUR', totalMinor: 99 }),
  order(6, { attention: { reason: 'The platform sent an amount Storelink could not read.', raw: '{"total":"abc"}' }, totalMinor: 0 }),
  ...Array.from({ length: 600 }, (_, k) => order(7 + k, { status: k % 2 ? 'open' : 'paid' })),
];
{
  const store = new OrderStore(path.join(dataDir, 'orders.sqlite'));
  store.commitPage('conn_a', ORDERS.slice(0, 400), { updatedSince: null, page: null, runMaxUpdated: null });
  store.commitPage('conn_b', ORDERS.slice(400), { updatedSince: null, page: null, runMaxUpdated: null });
  store.close();
}
// the activity log as the core writes it, with a formula-looking reason on two lines
fs.writeFileSync(
  path.join(dataDir, 'activity.jsonl'),
  [
    { id: 'a1', at: T0, kind: 'connected', connectionId: 'conn_a', providerName: 'Shopify', accountLabel: 'my-shop.myshopify.com' },
    {
      id: 'a2',
      at: T0 + 1000,
      kind: 'sync-failed',
      connectionId: 'conn_a',
      providerName: 'Shopify',
      accountLabel: 'my-shop.myshopify.com',
      reason: '-1 orders\nretry',
    },
  ]
    .map((e) => JSON.stringify(e))
    .join('\n') + '\n',
);

const answers: Array<string | undefined> = [];
const asked: Array<{ title: string; defaultName: string }> = [];
const app: StorelinkApp = await createStorelinkApp({
  dataDir,
  keychain: new MemoryKeychain(),
  settings: memorySettings(),
  opener: { open: async () => {} },
  syncIntervalMs: 0,
  saveDialog: {
    async chooseSavePath(o) {
      asked.push(o);
      return answers.shift();
    },
  },
});
after(async () => {
  await app.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function exportCsv(filter: Omit<OrdersPageQuery, 'offset' | 'limit'>): Promise<{ rows: string[][]; saved: number; raw: string }> {
  const file = path.join(outDir, `orders-${asked.length}.csv`);
  answers.push(file);
  const r = await app.exports!.exportOrders(filter);
  assert.equal(r.saved, true);
  const raw = fs.readFileSync(file, 'utf8');
  const rows = parse(raw, { bom: true }) as string[][];
  return { rows, saved: r.saved ? r.rows : -1, raw };
}

/** The orders table's rows for the same filter, paged as the screen pages them. */
async function tableRows(filter: Omit<OrdersPageQuery, 'offset' | 'limit'>) {
  const out = [];
  for (let offset = 0; ; offset += 500) {
    const page = await app.sync.ordersPage({ ...filter, offset, limit: 500 });
    out.push(...page.rows);
    if (out.length >= page.total) return out;
  }
}

const RANGE = { fromMs: T0 - 1, toMs: T0 + 1000 * 3_600_000 };

test('issue 9: the export holds exactly the orders table rows for the same filter, in the same order', async () => {
  const filters: Array<Omit<OrdersPageQuery, 'offset' | 'limit'>> = [
    { ...RANGE, sort: 'createdAt', direction: 'desc' },
    { ...RANGE, sort: 'totalMinor', direction: 'asc', connectionId: 'conn_a' },
    { ...RANGE, sort: 'status', direction: 'asc', status: 'open' },
    { ...RANGE, sort: 'orderNumber', direction: 'desc', search: '105' },
    { fromMs: T0 + 10 * 3_600_000, toMs: T0 + 20 * 3_600_000, sort: 'createdAt', direction: 'asc' },
  ];
  for (const f of filters) {
    const want = await tableRows(f);
    const { rows, saved } = await exportCsv(f);
    assert.equal(saved, want.length, JSON.stringify(f));
    assert.deepEqual(
      rows.slice(1).map((r) => r[1]),
      want.map((o) => o.platformId),
      JSON.stringify(f),
    );
  }
  assert.ok(asked.every((a) => a.title === 'Export orders' && /^storelink-orders-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/.test(a.defaultName)));
});

test('issue 9: amounts exact with their currency beside, dates ISO 8601 with offset, text guarded, store named', async () => {
  const { rows, raw } = await exportCsv({ ...RANGE, sort: 'createdAt', direction: 'asc' });
  assert.ok(raw.startsWith('\uFEFF') && raw.endsWith('\r\n'));
  const header = rows[0]!;
  assert.deepEqual(header, ['Order', 'Order ID', 'Store', 'Created', 'Updated', 'Status', 'Payment status', 'Items', 'Total', 'Currency', 'Needs attention']);
  const byId = new Map(rows.slice(1).map((r) => [r[1], Object.fromEntries(header.map((h, i) => [h, r[i]!]))]));
  // USD has an order stored at exponent 3, so every USD total is shown at 3 decimals (as the table does)
  assert.equal(byId.get('1000')!.Total, '-12.500');
  assert.match(raw, /,-12\.500,USD,/, 'a negative amount is a bare number, not guarded');
  assert.deepEqual([byId.get('1001')!.Total, byId.get('1001')!.Currency], ['1200', 'JPY']);
  assert.deepEqual([byId.get('1002')!.Total, byId.get('1002')!.Currency], ['10.125', 'KWD']);
  assert.deepEqual([byId.get('1003')!.Total, byId.get('1003')!.Currency], ['10.125', 'USD']);
  assert.deepEqual([byId.get('1005')!.Total, byId.get('1005')!.Currency], ['0.99', 'EUR']);
  assert.equal(byId.get('1004')!.Order, `'=HYPERLINK("https://evil.example","click")`);
  assert.equal(byId.get('1005')!.Order, '#1005, "gift"\r\nsecond line');
  assert.equal(byId.get('1006')!.Total, '', 'money that needs attention is not written as an amount');
  assert.match(byId.get('1006')!['Needs attention']!, /could not read/);
  const created = byId.get('1000')!.Created!;
  assert.equal(created, isoWithOffset(T0, osOffsetMinutes(T0)));
  assert.equal(Date.parse(created), T0);
  assert.equal(byId.get('1000')!.Store, 'conn_a', 'a connection no longer listed is named by its id');
  assert.equal(byId.get('1000')!.Items, '1');
});

test('issue 9: activity export, newest first; cancelling writes nothing', async () => {
  const file = path.join(outDir, 'activity.csv');
  answers.push(file);
  assert.deepEqual(await app.exports!.exportActivity(), { saved: true, rows: 2 });
  const rows = parse(fs.readFileSync(file, 'utf8'), { bom: true }) as string[][];
  assert.deepEqual(rows[0], ['Date', 'Event', 'Platform', 'Account', 'Details', 'Connection ID']);
  assert.deepEqual(
    rows.slice(1).map((r) => [r[1], r[4]]),
    [
      ['sync-failed', "'-1 orders\nretry"],
      ['connected', ''],
    ],
  );
  const before = fs.readdirSync(outDir).length;
  answers.push(undefined);
  assert.deepEqual(await app.exports!.exportActivity(), { saved: false });
  assert.equal(fs.readdirSync(outDir).length, before);
});

test('issue 9: a full disk or a missing folder fails in plain words, leaves no partial file and keeps the old file', async () => {
  const keep = path.join(outDir, 'keep.csv');
  fs.writeFileSync(keep, 'old export');
  // /dev/full: every write fails with ENOSPC, from the kernel itself
  const full = createExportService({
    dialog: { chooseSavePath: async () => keep },
    sources: { orders: () => app.syncService.iterateOrders({ ...RANGE, sort: 'createdAt', direction: 'desc' }), activity: () => [], connections: () => [] },
    openFile: () => fs.createWriteStream('/dev/full'),
  });
  await assert.rejects(full.exportOrders({ ...RANGE, sort: 'createdAt', direction: 'desc' }), (err: Error & { code: string }) => {
    assert.equal(err.code, 'export_failed');
    assert.match(err.message, /The disk is full/);
    assert.ok(!err.message.includes(outDir), 'no path in the message');
    return true;
  });
  assert.equal(fs.readFileSync(keep, 'utf8'), 'old export', 'the file it would have replaced is intact');
  answers.push(path.join(outDir, 'missing', 'x.csv'));
  await assert.rejects(app.exports!.exportOrders({ ...RANGE, sort: 'createdAt', direction: 'desc' }), /That folder does not exist any more/);
  answers.push(outDir); // a folder chosen as the file
  await assert.rejects(app.exports!.exportOrders({ ...RANGE, sort: 'createdAt', direction: 'desc' }), /belongs to a folder/);
  assert.deepEqual(
    fs.readdirSync(outDir).filter((f) => f.includes('.partial-')),
    [],
  );
});
