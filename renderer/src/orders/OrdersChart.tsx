/**
 * Orders (bars) and total sales (line: order totals − refunds dated that day, docs/figures.md) per day as inline SVG: role="img" with a summary in aria-label,
 * and the same numbers as a data table for people who cannot see the chart.
 */
import { useState } from 'react';
import type { OrderSummaryView } from '../../../shared/view-models.ts';
import { dayKeyToMs, formatDate, formatInteger, formatMoney, formatShortDay, formatShortDayWithYear } from '../format/intl.ts';
import { NOUNS, countOf } from '../format/plural.ts';
import { dayKeysBetween } from './range.ts';
import { totalSalesUnavailable } from './total-sales.ts';

const W = 800;
const H = 260;
const PAD = { left: 44, right: 12, top: 28, bottom: 28 };

/** Whether axis labels need the year: the range is longer than about 3 months or its ends are in different years. */
export function axisNeedsYear(firstDay: string, lastDay: string): boolean {
  if (firstDay.slice(0, 4) !== lastDay.slice(0, 4)) return true;
  return Date.parse(`${lastDay}T00:00:00Z`) - Date.parse(`${firstDay}T00:00:00Z`) > 92 * 86_400_000;
}

/**
 * The total-sales scale: from the lowest day (or 0) to the highest (or 0), so a day with more refunds than
 * sales shows below a zero line shared with the orders bars. The part above zero keeps at least a quarter of
 * the plot, so the bars stay readable when most days are negative (the top label says where the scale ends).
 */
export function salesScale(values: readonly number[]): { min: number; max: number } {
  const min = Math.min(0, ...values);
  let max = Math.max(0, ...values);
  if (max < -min / 3) max = Math.ceil(-min / 3);
  return { min, max: max === 0 && min === 0 ? 1 : max };
}

export function OrdersChart({ summary }: { summary: OrderSummaryView }) {
  // the Sales figures table's order: most orders first
  const currencies = [...summary.byCurrency].sort((a, b) => b.orderCount - a.orderCount || a.currency.localeCompare(b.currency));
  const [picked, setPicked] = useState<string | null>(null);
  const cur = currencies.find((c) => c.currency === picked) ?? currencies[0];
  const sorted = [...summary.perDay].sort((a, b) => a.day.localeCompare(b.day));
  if (sorted.length === 0 || !cur) return <p className="muted">No orders to chart in this range.</p>;
  // Total sales, or why they are not available for this currency: then no line, never order totals under that name.
  const unavailable = totalSalesUnavailable(cur);
  const byDay = new Map(sorted.map((d) => [d.day, d]));
  const days = dayKeysBetween(sorted[0]!.day, sorted[sorted.length - 1]!.day).map((day) => ({
    day,
    orders: byDay.get(day)?.orders ?? 0,
    sales: byDay.get(day)?.totalSalesByCurrency[cur.currency] ?? 0,
  }));
  const maxOrders = Math.max(1, ...days.map((d) => d.orders));
  const scale = salesScale(unavailable ? [] : days.map((d) => d.sales));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const step = plotW / days.length;
  const ySales = (v: number) => PAD.top + ((scale.max - v) / (scale.max - scale.min)) * plotH;
  // orders 0 and total sales 0 on one line
  const zeroY = ySales(0);
  const yOrders = (n: number) => zeroY - (n / maxOrders) * (zeroY - PAD.top);
  const line = days.map((d, i) => `${i === 0 ? 'M' : 'L'}${(PAD.left + step * (i + 0.5)).toFixed(1)},${ySales(d.sales).toFixed(1)}`).join(' ');
  const fmtMoney = (m: number) => formatMoney(m, cur.currency, cur.exponent);
  const peak = days.reduce((a, b) => (b.orders > a.orders ? b : a));
  const negativeDays = unavailable ? 0 : days.filter((d) => d.sales < 0).length;
  const salesSummary = unavailable
    ? `${cur.currency} total sales: ${unavailable.message}.`
    : `${cur.currency} total sales ${fmtMoney(cur.totalSalesMinor!)}` +
      (negativeDays > 0 ? `; ${countOf(negativeDays, NOUNS.day)} below zero (more refunded than sold).` : '.');
  const label =
    `Orders and ${cur.currency} total sales per day from ${formatDate(dayKeyToMs(days[0]!.day))} to ${formatDate(dayKeyToMs(days[days.length - 1]!.day))}: ` +
    `${countOf(summary.orderCount, NOUNS.order)} in total, busiest day ${formatDate(dayKeyToMs(peak.day))} with ${countOf(peak.orders, NOUNS.order)}; ` +
    salesSummary;
  const ticks = [0, Math.floor((days.length - 1) / 2), days.length - 1].filter((v, i, a) => a.indexOf(v) === i);
  // Long ranges, or any range that crosses a new year, label the axis with the year too.
  const withYear = axisNeedsYear(days[0]!.day, days[days.length - 1]!.day);
  const tickText = (day: string) => (withYear ? formatShortDayWithYear(dayKeyToMs(day)) : formatShortDay(dayKeyToMs(day)));

  return (
    <section className="card chart" aria-labelledby="chart-title">
      <h2 id="chart-title">Orders and total sales per day</h2>
      {currencies.length > 1 ? (
        <p>
          <label htmlFor="chart-currency">Total sales in </label>
          <select id="chart-currency" value={cur.currency} onChange={(e) => setPicked(e.target.value)}>
            {currencies.map((c) => (
              <option key={c.currency}>{c.currency}</option>
            ))}
          </select>
        </p>
      ) : null}
      <div className="legend" aria-hidden="true">
        <span>
          <span className="swatch bar" />
          Orders (left scale)
        </span>
        {unavailable ? null : (
          <span>
            <span className="swatch line" />
            Total sales in {cur.currency} (right scale)
          </span>
        )}
      </div>
      {unavailable ? (
        <p className="muted" data-testid="chart-sales-unavailable">
          Total sales in {cur.currency}: {unavailable.message}. The chart shows orders only.
        </p>
      ) : null}
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} data-testid="orders-chart">
        {days.map((d, i) => {
          const top = yOrders(d.orders);
          return <rect key={d.day} className="bar" x={PAD.left + step * i + step * 0.1} width={Math.max(1, step * 0.8)} y={top} height={zeroY - top} />;
        })}
        <line className={scale.min < 0 ? 'axis zero' : 'axis'} x1={PAD.left} x2={W - PAD.right} y1={zeroY} y2={zeroY} />
        {unavailable ? null : <path className="line" d={line} />}
        <text x={PAD.left - 6} y={PAD.top + 10} textAnchor="end">
          {formatInteger(maxOrders)}
        </text>
        <text x={PAD.left - 6} y={zeroY + 4} textAnchor="end">
          0
        </text>
        {unavailable ? null : (
          <text x={W - PAD.right} y={PAD.top - 10} textAnchor="end">
            {scale.min < 0
              ? `Total sales scale: ${fmtMoney(scale.min)} (bottom) to ${fmtMoney(scale.max)} (top)`
              : `${fmtMoney(scale.max)} (total sales scale top)`}
          </text>
        )}
        {ticks.map((i) => {
          // The last label ends at the plot's right edge, so it is never clipped by the viewBox.
          const lastOfMany = i > 0 && i === days.length - 1;
          return (
            <text key={i} x={lastOfMany ? W - PAD.right : PAD.left + step * (i + 0.5)} y={H - 8} textAnchor={lastOfMany ? 'end' : 'middle'}>
              {tickText(days[i]!.day)}
            </text>
          );
        })}
      </svg>
      <details>
        <summary>Show the numbers as a table</summary>
        <table className="data" data-testid="chart-table">
          <caption className="sr-only">Orders and total sales per day{unavailable ? ` (total sales in ${cur.currency}: ${unavailable.message})` : ''}</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col" className="num">
                Orders
              </th>
              {unavailable ? null : (
                <th scope="col" className="num">
                  Total sales ({cur.currency})
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.day}>
                <th scope="row">{formatDate(dayKeyToMs(d.day))}</th>
                <td className="num">{formatInteger(d.orders)}</td>
                {unavailable ? null : <td className="num">{fmtMoney(d.sales)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
