import type { OrderSummaryView } from '../../../shared/view-models.ts';
import { formatInteger, formatMoney } from '../format/intl.ts';
import { FigureTerm } from './FigureTerm.tsx';
import { SalesFigures } from './SalesFigures.tsx';
import { NOUNS, countOf } from '../format/plural.ts';
import { statusLabel } from './status-label.ts';

/** Order count, revenue, the sales figures per currency (SalesFigures) and orders by status. */
export function SummaryCards({ summary }: { summary: OrderSummaryView }) {
  const currencies = [...summary.byCurrency].sort((a, b) => b.revenueMinor - a.revenueMinor);
  return (
    <div className="card-grid" data-testid="summary">
      <section className="card" aria-labelledby="sum-orders">
        <h3 id="sum-orders">Orders</h3>
        <p className="stat" data-testid="order-count">
          {formatInteger(summary.orderCount)}
        </p>
      </section>
      <section className="card" aria-labelledby="sum-revenue">
        <h3 id="sum-revenue">
          <FigureTerm term="Revenue" definition="Sum of the order totals as placed (taxes and shipping included, refunds not taken off), per currency." />
        </h3>
        {currencies.length === 0 ? <p className="muted">No orders in this range.</p> : null}
        <ul className="stat-list">
          {currencies.map((c) => (
            <li key={c.currency}>
              <span className="stat">{formatMoney(c.revenueMinor, c.currency, c.exponent)}</span>{' '}
              <span className="muted">({countOf(c.orderCount, NOUNS.order)})</span>
            </li>
          ))}
        </ul>
      </section>
      <SalesFigures summary={summary} />
      <section className="card" aria-labelledby="sum-status">
        <h3 id="sum-status">Orders by status</h3>
        {summary.byStatus.length === 0 ? <p className="muted">No orders in this range.</p> : null}
        {/* An empty table would show a bare header row. */}
        {summary.byStatus.length > 0 ? (
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Orders
                </th>
              </tr>
            </thead>
            <tbody>
              {summary.byStatus.map((s) => (
                <tr key={s.status}>
                  <td>{statusLabel(s.status)}</td>
                  <td className="num">{formatInteger(s.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
    </div>
  );
}
