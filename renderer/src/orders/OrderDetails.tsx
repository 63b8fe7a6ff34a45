/**
 * One order in a modal panel (issue 9 item 6): its figures, statuses, dates and items count as the
 * orders table has them (OrderRowView), and "Open in <platform> admin". The renderer sends only the
 * connection and order ids; the main process builds the URL and lets only the platform's admin host
 * through (main/core/providers/admin-url.ts). Focus moves into the panel and back to the order on close
 * (components/Dialog.tsx). Fields come from one list: a new OrderRowView figure is one line in FIELDS.
 */
import { useState, type ReactNode } from 'react';
import type { ErrorView } from '../../../shared/error-codes.ts';
import type { ConnectionView, OrderRowView } from '../../../shared/view-models.ts';
import { errorViewOf, storelink, unwrap } from '../api.ts';
import { Dialog } from '../components/Dialog.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { formatDateTime, formatInteger } from '../format/intl.ts';
import { money } from './money.ts';
import { ADMIN_LINK_PROVIDERS } from '../../../shared/admin-link-providers.ts';

type Field = { label: string; value: (o: OrderRowView, amount: (minor: number) => string) => ReactNode | undefined };

const FIELDS: Field[] = [
  { label: 'Total', value: (o, amount) => (o.needsAttention ? 'Not counted (see below)' : amount(o.totalMinor)) },
  { label: 'Currency', value: (o) => o.currency },
  { label: 'Status', value: (o) => o.status },
  { label: 'Payment status', value: (o) => o.financialStatus },
  { label: 'Items', value: (o) => formatInteger(o.itemCount) },
  { label: 'Placed', value: (o) => <time dateTime={new Date(o.createdAt).toISOString()}>{formatDateTime(o.createdAt)}</time> },
  { label: 'Last updated', value: (o) => <time dateTime={new Date(o.updatedAt).toISOString()}>{formatDateTime(o.updatedAt)}</time> },
  { label: 'Order ID on the platform', value: (o) => o.platformId },
  { label: 'Needs attention', value: (o) => o.needsAttention },
];

export function OrderDetails(props: { order: OrderRowView; connection: ConnectionView | undefined; onClose: () => void }) {
  const { order, connection } = props;
  const [error, setError] = useState<ErrorView | null>(null);
  const [opened, setOpened] = useState(false);
  const amount = (minor: number) => money(minor, order.currency, new Map(order.exponent !== undefined ? [[order.currency, order.exponent]] : []));
  const platform = connection?.providerName ?? 'the platform';
  const hasAdmin = connection !== undefined && ADMIN_LINK_PROVIDERS.includes(connection.providerId);
  const open = async () => {
    setError(null);
    setOpened(false);
    try {
      await unwrap(storelink().openOrderInAdmin({ connectionId: order.connectionId, orderId: order.platformId }));
      setOpened(true);
    } catch (err) {
      setError(errorViewOf(err));
    }
  };
  return (
    <Dialog title={`Order ${order.orderNumber}`} onClose={props.onClose} testId="order-details">
      <p className="muted">{connection ? `${connection.providerName} — ${connection.accountLabel}` : 'A store that is no longer connected'}</p>
      <dl className="order-details">
        {FIELDS.map((f) => {
          const v = f.value(order, amount);
          return v === undefined || v === '' ? null : (
            <div key={f.label}>
              <dt>{f.label}</dt>
              <dd>{v}</dd>
            </div>
          );
        })}
      </dl>
      {error ? <ErrorNotice error={error} heading={`Could not open the order in ${platform}`} /> : null}
      {connection && !hasAdmin ? <p className="muted">{platform} has no admin page for single orders.</p> : null}
      <p role="status" className="muted">
        {opened ? `Opened in your browser. Sign in to ${platform} there if it asks.` : ''}
      </p>
      <div className="button-row">
        {hasAdmin ? (
          <button type="button" onClick={() => void open()}>
            Open in {platform} admin
          </button>
        ) : null}
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
