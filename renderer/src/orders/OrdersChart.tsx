/**
 * Orders (bars) and revenue (line) per day as inline SVG: role="img" with a summary in aria-label,
 * and the same numbers as a data table for people who cannot see the chart.
 */
import { useState } from 'react';
import type { OrderSummaryView } from '../../../shared/view-models.ts';
import { dayKeyToMs, formatDate, formatInteger, formatMoney, formatShortDay, formatShortDayWithYear } from '../format/intl.ts';
import { NOUNS, countOf } from '../format/plural.ts';
import { dayKeysBetween } from './range.ts';

const W = 800;
const H = 260;
const PAD = { left: 44, right: 12, top: 28, bottom: 28 };

/** Whether axis labels need the year: the range is longer than about 3 months or its ends are in different years. */
export function axisNeedsYear(firstDay: string, lastDay: string): boolean {
  if (firstDay.slice(0, 4) !== lastDay.slice(0, 4)) return true;
  return Date.parse(`${lastDay}T00:00:00Z`) - Date.parse(`${firstDay}T00:00:00Z`) > 92 * 86_400_000;
}

export function OrdersChart({ summary }: { summary: OrderSummaryView }) {
  const currencies = [...summary.byCurrency].sort((a, b) => b.revenueMinor - a.revenueMinor);
  const [picked, setPicked] = useState<string | null>(null);
  const cur = currencies.find((c) => c.currency === picked) ?? currencies[0];
  const sorted = [...summary.perDay].sort((a, b) => a.day.localeCompare(b.day));
  if (sorted.length === 0 || !cur) return <p className="muted">No orders to chart in this range.</p>;
  const byDay = new Map(sorted.map((d) => [d.day, d]));
  const days = dayKeysBetween(sorted[0]!.day, sorted[sorted.length - 1]!.day).map((day) => ({
    day,
    orders: byDay.get(day)?.orders ?? 0,
    revenue: byDay.get(day)?.revenueByCurrency[cur.currency] ?? 0,
  }));
  const maxOrders = Math.max(1, ...days.map((d) => d.orders));
  const maxRevenue = Math.max(1, ...days.map((d) => d.revenue));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const step = plotW / days.length;
  const y = (v: number, max: number) => PAD.top + plotH - (v / max) * plotH;
  const line = days.map((d, i) => `${i === 0 ? 'M' : 'L'}${(PAD.left + step * (i + 0.5)).toFixed(1)},${y(d.revenue, maxRevenue).toFixed(1)}`).join(' ');
  const fmtMoney = (m: number) => formatMoney(m, cur.currency, cur.exponent);
  const peak = days.reduce((a, b) => (b.orders > a.orders ? b : a));
  const label =
    `Orders and ${cur.currency} revenue per day from ${formatDate(dayKeyToMs(days[0]!.day))} to ${formatDate(dayKeyToMs(days[days.length - 1]!.day))}: ` +
    `${countOf(summary.orderCount, NOUNS.order)} in total, busiest day ${formatDate(dayKeyToMs(peak.day))} with ${countOf(peak.orders, NOUNS.order)}.`;
  const ticks = [0, Math.floor((days.length - 1) / 2), days.length - 1].filter((v, i, a) => a.indexOf(v) === i);
  // Long ranges, or any range that crosses a new year, label the axis with the year too.
  const withYear = axisNeedsYear(days[0]!.day, days[days.length - 1]!.day);
  const tickText = (day: string) => (withYear ? formatShortDayWithYear(dayKeyToMs(day)) : formatShortDay(dayKeyToMs(day)));

  return (
    <section className="card chart" aria-labelledby="chart-title">
      <h2 id="chart-title">Orders and revenue per day</h2>
      {currencies.length > 1 ? (
        <p>
          <label htmlFor="chart-currency">Revenue in </label>
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
        <span>
          <span className="swatch line" />
          Revenue in {cur.currency} (right scale)
        </span>
      </div>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} data-testid="orders-chart">
        <line className="axis" x1={PAD.left} x2={W - PAD.right} y1={PAD.top + plotH} y2={PAD.top + plotH} />
        {days.map((d, i) => {
          const top = y(d.orders, maxOrders);
          return (
            <rect key={d.day} className="bar" x={PAD.left + step * i + step * 0.1} width={Math.max(1, step * 0.8)} y={top} height={PAD.top + plotH - top} />
          );
        })}
        <path className="line" d={line} />
        <text x={PAD.left - 6} y={PAD.top + 10} textAnchor="end">
          {formatInteger(maxOrders)}
        </text>
        <text x={PAD.left - 6} y={PAD.top + plotH} textAnchor="end">
          0
        </text>
        <text x={W - PAD.right} y={PAD.top - 10} textAnchor="end">
          {fmtMoney(maxRevenue)} (revenue scale top)
        </text>
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
          <caption className="sr-only">Orders and revenue per day</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col" className="num">
                Orders
              </th>
              <th scope="col" className="num">
                Revenue ({cur.currency})
              </th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.day}>
                <th scope="row">{formatDate(dayKeyToMs(d.day))}</th>
                <td className="num">{formatInteger(d.orders)}</td>
                <td className="num">{fmtMoney(d.revenue)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
