/**
 * The columns of the orders CSV, in order: ONE list, so adding a field of OrderRowView to the export
 * is one line here (an amount: `amount('Refunds', (o) => o.refundsMinor)`; a text: `textCol(...)`).
 * Amounts are exact decimals at the row's exponent (csv-values.ts) with the Currency column beside
 * them; dates are ISO 8601 with the offset of the computer's time zone at that instant.
 */
import type { ActivityView, OrderRowView } from '../../shared/view-models.ts';
import { currencyExponent } from '../sync/money.ts';
import { decimalAmount, isoWithOffset } from './csv-values.ts';
import { number, text, type CsvCell, type CsvColumn } from './csv-writer.ts';

export interface ExportContext {
  /** "Shopify — my-shop.myshopify.com" for a connection id (the id itself when unknown). */
  storeName(connectionId: string): string;
  /** Minutes east of UTC to write an instant in (the OS time zone by default). */
  offsetAt(atMs: number): number;
}

function exponentOf(o: OrderRowView): number {
  if (o.exponent !== undefined) return o.exponent;
  try {
    return currencyExponent(o.currency);
  } catch {
    return 2;
  }
}

/** An amount column in minor units at the row's exponent; empty when the order's money needs attention. */
const amount = (header: string, pick: (o: OrderRowView) => number | undefined): CsvColumn<OrderRowView> => ({
  header,
  cell: (o) => {
    const minor = pick(o);
    return minor === undefined || o.needsAttention !== undefined ? null : number(decimalAmount(minor, exponentOf(o)));
  },
});
const textCol = (header: string, pick: (o: OrderRowView) => string | undefined): CsvColumn<OrderRowView> => ({ header, cell: (o) => text(pick(o)) });
const count = (header: string, pick: (o: OrderRowView) => number | undefined): CsvColumn<OrderRowView> => ({
  header,
  cell: (o) => {
    const n = pick(o);
    return n === undefined ? null : number(String(n));
  },
});

export function orderColumns(ctx: ExportContext): CsvColumn<OrderRowView>[] {
  const date = (header: string, pick: (o: OrderRowView) => number): CsvColumn<OrderRowView> => ({
    header,
    cell: (o): CsvCell => text(isoWithOffset(pick(o), ctx.offsetAt(pick(o)))),
  });
  return [
    textCol('Order', (o) => o.orderNumber),
    textCol('Order ID', (o) => o.platformId),
    textCol('Store', (o) => ctx.storeName(o.connectionId)),
    date('Created', (o) => o.createdAt),
    date('Updated', (o) => o.updatedAt),
    textCol('Status', (o) => o.status),
    textCol('Payment status', (o) => o.financialStatus),
    count('Items', (o) => o.itemCount),
    amount('Total', (o) => o.totalMinor),
    textCol('Currency', (o) => o.currency),
    textCol('Needs attention', (o) => o.needsAttention),
  ];
}

/** The columns of the activity CSV. */
export function activityColumns(ctx: ExportContext): CsvColumn<ActivityView>[] {
  return [
    { header: 'Date', cell: (e) => text(isoWithOffset(e.at, ctx.offsetAt(e.at))) },
    { header: 'Event', cell: (e) => text(e.kind) },
    { header: 'Platform', cell: (e) => text(e.providerName) },
    { header: 'Account', cell: (e) => text(e.accountLabel) },
    { header: 'Details', cell: (e) => text(e.reason) },
    { header: 'Connection ID', cell: (e) => text(e.connectionId) },
  ];
}
