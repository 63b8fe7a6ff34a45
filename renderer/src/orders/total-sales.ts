/**
 * Total sales of one currency exactly as the Sales figures table shows it (order totals − returns, returns
 * on the refund's date: docs/figures.md), for the summary card and the chart.
 */
import type { CurrencyTotalView } from '../../../shared/view-models.ts';
import { formatMoney } from '../format/intl.ts';

/** Why a figure of this currency is not shown ("Not available from Etsy"), as the core said; undefined if it gave no reason. */
export function unavailableReason(c: CurrencyTotalView, figure: string): string | undefined {
  return c.unavailable?.find((u) => u.figure === figure)?.message;
}

/** Whether total sales are known for this currency; if not, why ("Not available from Etsy"), as the table says. */
export function totalSalesUnavailable(c: CurrencyTotalView): { message: string } | undefined {
  if (typeof c.totalSalesMinor === 'number') return undefined;
  return { message: unavailableReason(c, 'totalSales') ?? 'Not available' };
}

/** The amount, or why it is missing: never 0 and never the order totals in its place ('—' as in the table when no reason is known). */
export function totalSalesText(c: CurrencyTotalView): { text: string; available: boolean } {
  if (typeof c.totalSalesMinor === 'number') return { text: formatMoney(c.totalSalesMinor, c.currency, c.exponent), available: true };
  return { text: unavailableReason(c, 'totalSales') ?? '—', available: false };
}
