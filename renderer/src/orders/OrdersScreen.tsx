import { useEffect, useMemo, useState } from 'react';
import type { ConnectionView, OrderSummaryView } from '../../../shared/view-models.ts';
import type { ErrorView } from '../../../shared/error-codes.ts';
import { errorViewOf, storelink, unwrap } from '../api.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { useAnnounce } from '../hooks/announcer.tsx';
import { OrdersChart } from './OrdersChart.tsx';
import { OrdersTable } from './OrdersTable.tsx';
import { RangePicker } from './RangePicker.tsx';
import { SummaryCards } from './SummaryCards.tsx';
import { SyncPanel } from './SyncPanel.tsx';
import { customRange, lastDays, toDateInput, type RangePreset } from './range.ts';
import { useSyncStatus } from './useSyncStatus.ts';
import { connectionLabel } from '../connections/label.ts';

/** Order summaries per store or for all stores, over 7/30/90 days or a custom range. */
export function OrdersScreen({ connections }: { connections: ConnectionView[] }) {
  const [store, setStore] = useState('');
  const [preset, setPreset] = useState<RangePreset>(30);
  const [from, setFrom] = useState(() => toDateInput(lastDays(30, Date.now()).fromMs));
  const [to, setTo] = useState(() => toDateInput(Date.now()));
  const [summary, setSummary] = useState<OrderSummaryView | null>(null);
  const [error, setError] = useState<ErrorView | null>(null);
  const { statuses, finished, error: syncError } = useSyncStatus();
  const announce = useAnnounce();
  // Read the clock on each render on purpose: `today` moves the default window after midnight.
  // eslint-disable-next-line react-hooks/purity
  const today = toDateInput(Date.now());

  const custom = preset === 'custom' ? customRange(from, to) : null;
  // `today` in the deps moves the window forward after midnight.
  const range = useMemo(() => (preset === 'custom' ? custom : lastDays(preset, Date.now())), [preset, from, to, today]); // eslint-disable-line
  const connectionId = store || undefined;

  useEffect(() => {
    if (finished > 0) announce('Order sync finished. Figures updated.');
  }, [finished, announce]);

  useEffect(() => {
    if (!range) return;
    let live = true;
    unwrap(storelink().ordersSummary({ ...(connectionId ? { connectionId } : {}), fromMs: range.fromMs, toMs: range.toMs })).then(
      (s) => live && (setSummary(s), setError(null)),
      (err: unknown) => live && setError(errorViewOf(err)),
    );
    return () => {
      live = false;
    };
  }, [connectionId, range?.fromMs, range?.toMs, finished]); // eslint-disable-line

  const exponents = new Map((summary?.byCurrency ?? []).map((c) => [c.currency, c.exponent]));
  const shownConnections = connectionId ? connections.filter((c) => c.id === connectionId) : connections;

  return (
    // data-syncs-finished: how many syncs ended since this screen opened (each reloads the figures once).
    // A plain container, not a region: the "Orders" summary card is already a region of that name (axe landmark-unique).
    <div className="screen" data-syncs-finished={finished}>
      <h1 id="orders-title">Orders</h1>
      {connections.length === 0 ? <p className="notice">Connect a store to see its orders here.</p> : null}
      <div className="toolbar">
        <div>
          <label htmlFor="orders-store">Store</label>
          <select id="orders-store" value={store} onChange={(e) => setStore(e.target.value)}>
            <option value="">All stores</option>
            {connections.map((c) => (
              <option key={c.id} value={c.id}>
                {connectionLabel(c)}
                {c.duplicateOf ? ' (connected twice: not counted in All stores)' : ''}
              </option>
            ))}
          </select>
        </div>
      </div>
      <RangePicker
        preset={preset}
        from={from}
        to={to}
        invalid={preset === 'custom' && !custom}
        onPreset={setPreset}
        onCustom={(a, b) => (setFrom(a), setTo(b))}
      />
      {error ? <ErrorNotice error={error} heading="Could not load the order summary" /> : null}
      {syncError ? <ErrorNotice error={syncError} heading="Could not load sync status" /> : null}
      <h2 className="sr-only">Summary</h2>
      {summary ? <SummaryCards summary={summary} /> : <p>Loading summary…</p>}
      {summary ? <OrdersChart summary={summary} /> : null}
      <SyncPanel connections={shownConnections} statuses={statuses} />
      {range ? (
        <OrdersTable
          connectionId={connectionId}
          fromMs={range.fromMs}
          toMs={range.toMs}
          statuses={(summary?.byStatus ?? []).map((s) => s.status)}
          connections={connections}
          exponents={exponents}
          version={finished}
        />
      ) : null}
    </div>
  );
}
