import type { OrderSummaryView } from '../../../shared/view-models.ts';
import { formatInteger } from '../format/intl.ts';
import { FigureTerm } from './FigureTerm.tsx';
import { FIGURE_DEFINITIONS, SalesFigures } from './SalesFigures.tsx';
import { statusLabel } from './status-label.ts';
import { totalSalesText } from './total-sales.ts';

/** Order count, total sales per currency, the sales figures per currency (SalesFigures) and orders by status. */
export function SummaryCards({ summary }: { summary: OrderSummaryView }) {
  // the Sales figures table's order: most orders first
  const currencies = [...summary.byCurrency].sort((a, b) => b.orderCount - a.orderCount || a.currency.localeCompare(b.currency));
  return (
    <div className="card-grid" data-testid="summary">
      <section className="card" aria-labelledby="sum-orders">
        <h3 id="sum-orders">Orders</h3>
        <p className="stat" data-testid="order-count">
          {formatInteger(summary.orderCount)}
        </p>
      </section>
      <section className="card" aria-labelledby="sum-total-sales" data-testid="total-sales">
        <h3 id="sum-total-sales">
          <FigureTerm term="Total sales" definition={FIGURE_DEFINITIONS.totalSales} />
        </h3>
        {currencies.length === 0 ? <p className="muted">No orders in this range.</p> : null}
        {currencies.length > 0 ? (
          // currency code | amount, one line each: five currencies stay five tidy lines in a narrow card
          <dl className="currency-stats">
            {currencies.map((c) => {
              const { text, available } = totalSalesText(c);
              return (
                <div key={c.currency} data-currency={c.currency}>
                  <dt>{c.currency}</dt>
                  <dd className={available ? 'stat' : 'muted'}>{text}</dd>
                </div>
              );
            })}
          </dl>
        ) : null}
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
