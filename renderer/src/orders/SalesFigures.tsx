import type { CurrencyTotalView, OrderSummaryView } from '../../../shared/view-models.ts';
import { formatInteger, formatMoney } from '../format/intl.ts';
import { FigureTerm } from './FigureTerm.tsx';
import { unavailableReason } from './total-sales.ts';

/** The merchant figures as Shopify's sales report defines them (docs/figures.md, merchant-figures.md). */
export const FIGURE_DEFINITIONS = {
  orders: 'Orders placed in this range (test orders left out; cancelled orders included, as in the platforms’ reports).',
  grossSales: 'Product price × quantity, before discounts, returns, taxes and shipping.',
  discounts:
    'Line-item and order discounts on orders placed in this range (shown negative). Where Shopify prices include tax, discounts and gross sales both include the tax on the discount; net sales do not.',
  returns: 'Money refunded in this range, counted on the refund’s date, whatever the order’s date (shown negative).',
  netSales: 'Gross sales − discounts − returns. Excludes shipping and taxes.',
  totalSales: 'Order totals (net of discounts, with taxes, shipping and other charges) − returns.',
  averageOrderValue: '(Gross sales − discounts) ÷ orders, per currency.',
} as const;

type Figure = keyof typeof FIGURE_DEFINITIONS;
const ROWS: Array<[Figure, string, keyof CurrencyTotalView | undefined]> = [
  ['orders', 'Orders', undefined],
  ['grossSales', 'Gross sales', 'grossSalesMinor'],
  ['discounts', 'Discounts', 'discountsMinor'],
  ['returns', 'Returns', 'returnsMinor'],
  ['netSales', 'Net sales', 'netSalesMinor'],
  ['totalSales', 'Total sales', 'totalSalesMinor'],
  ['averageOrderValue', 'Average order value', 'averageOrderValueMinor'],
];

function cell(c: CurrencyTotalView, figure: Figure, key: keyof CurrencyTotalView | undefined): string {
  if (key === undefined) return formatInteger(c.orderCount);
  const v = c[key];
  if (typeof v === 'number') return formatMoney(v, c.currency, c.exponent);
  // never 0 for a figure the platform cannot supply: say why
  return unavailableReason(c, figure) ?? '—';
}

/** Sales figures per currency (never added across currencies), each with its definition on hover and focus. */
export function SalesFigures({ summary }: { summary: OrderSummaryView }) {
  const currencies = [...summary.byCurrency].sort((a, b) => b.orderCount - a.orderCount || a.currency.localeCompare(b.currency));
  return (
    <section className="card card-wide" aria-labelledby="sum-figures" data-testid="sales-figures">
      <h3 id="sum-figures">Sales figures</h3>
      {currencies.length === 0 ? (
        <p className="muted">No orders in this range.</p>
      ) : (
        // One column per currency: the card spans the whole row, and a table wider than the window
        // scrolls inside its own card (its figure buttons are focusable, so keyboard users reach it).
        <div className="table-scroll">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Figure</th>
                {currencies.map((c) => (
                  <th key={c.currency} scope="col" className="num">
                    {c.currency}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {ROWS.map(([figure, label, key]) => (
                <tr key={figure} data-figure={figure}>
                  <th scope="row">
                    <FigureTerm term={label} definition={FIGURE_DEFINITIONS[figure]} />
                  </th>
                  {currencies.map((c) => {
                    const text = cell(c, figure, key);
                    const missing = key !== undefined && typeof c[key] !== 'number';
                    return (
                      <td key={c.currency} className={missing ? 'num muted' : 'num'}>
                        {text}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
