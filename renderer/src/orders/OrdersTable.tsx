/**
 * Recent orders: sortable, filterable, virtualised (@tanstack/react-virtual) with server-side
 * paging, so it stays smooth with 100,000 rows. ARIA table semantics with aria-rowcount/rowindex.
 */
import { useEffect, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ConnectionView, OrderRowView, OrdersPageQuery } from '../../../shared/view-models.ts';
import { storelink } from '../api.ts';
import { ExportButton } from './ExportButton.tsx';
import { OrderDetails } from './OrderDetails.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { formatDateTime, formatDateTimeShort, formatInteger } from '../format/intl.ts';
import { NOUNS, countOf } from '../format/plural.ts';
import { statusLabel } from './status-label.ts';
import { money } from './money.ts';
import { useOrderPages } from './useOrderPages.ts';
import { connectionLabel } from '../connections/label.ts';

type SortKey = OrdersPageQuery['sort'];
const COLUMNS: { label: string; sort?: SortKey; optional?: boolean; num?: boolean }[] = [
  { label: 'Order', sort: 'orderNumber' },
  { label: 'Date', sort: 'createdAt' },
  { label: 'Store', optional: true },
  { label: 'Status', sort: 'status' },
  { label: 'Payment', optional: true },
  { label: 'Items', optional: true, num: true },
  { label: 'Total', sort: 'totalMinor', num: true },
];

export function OrdersTable(props: {
  connectionId: string | undefined;
  fromMs: number;
  toMs: number;
  statuses: string[];
  connections: ConnectionView[];
  exponents: Map<string, number>;
  version: number;
}) {
  const [sort, setSort] = useState<SortKey>('createdAt');
  const [direction, setDirection] = useState<'asc' | 'desc'>('desc');
  const [status, setStatus] = useState('');
  const [searchText, setSearchText] = useState('');
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<OrderRowView | null>(null);
  useEffect(() => {
    const t = setTimeout(() => setSearch(searchText.trim()), 250);
    return () => clearTimeout(t);
  }, [searchText]);

  const filter = {
    connectionId: props.connectionId,
    fromMs: props.fromMs,
    toMs: props.toMs,
    sort,
    direction,
    ...(status ? { status } : {}),
    ...(search ? { search } : {}),
  };
  const { total, rowAt, ensure, error } = useOrderPages(filter, props.version);
  const scrollRef = useRef<HTMLDivElement>(null);
  const rowPx = 2.5 * (parseFloat(getComputedStyle(document.documentElement).fontSize) || 16);
  const virtualizer = useVirtualizer({ count: total ?? 0, getScrollElement: () => scrollRef.current, estimateSize: () => rowPx, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (total) ensure(first, last);
  }, [first, last, total, ensure]);
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [props.connectionId, props.fromMs, props.toMs, sort, direction, status, search]);

  const names = new Map(props.connections.map((c) => [c.id, connectionLabel(c)]));
  const sortBy = (key: SortKey) => {
    if (key === sort) setDirection(direction === 'asc' ? 'desc' : 'asc');
    else {
      setSort(key);
      setDirection(key === 'createdAt' || key === 'totalMinor' ? 'desc' : 'asc');
    }
  };

  return (
    <section aria-labelledby="orders-table-title">
      <h2 id="orders-table-title">Recent orders</h2>
      <div className="toolbar">
        <div>
          <label htmlFor="order-status">Status</label>
          <select id="order-status" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">All statuses</option>
            {props.statuses.map((s) => (
              <option key={s} value={s}>
                {statusLabel(s)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="order-search">Search order number</label>
          <input id="order-search" type="search" value={searchText} onChange={(e) => setSearchText(e.target.value)} />
        </div>
        <p className="muted" aria-live="polite" data-testid="orders-total">
          {total === null ? 'Loading orders…' : countOf(total, NOUNS.order)}
        </p>
      </div>
      <ExportButton label="Export CSV…" what="orders" testId="export-orders" run={() => storelink().exportOrders(filter)} />
      {error ? <ErrorNotice error={error} heading="Could not load orders" /> : null}
      <div className="vtable" role="table" aria-labelledby="orders-table-title" aria-rowcount={(total ?? 0) + 1}>
        <div role="rowgroup">
          <div className="vrow vhead" role="row" aria-rowindex={1}>
            {COLUMNS.map((col) => (
              <div
                key={col.label}
                role="columnheader"
                className={`vcell${col.optional ? ' optional' : ''}${col.num ? ' num' : ''}`}
                aria-sort={col.sort && col.sort === sort ? (direction === 'asc' ? 'ascending' : 'descending') : undefined}
              >
                {col.sort ? (
                  <button type="button" onClick={() => sortBy(col.sort!)}>
                    {col.label} {col.sort === sort ? (direction === 'asc' ? '▲' : '▼') : ''}
                  </button>
                ) : (
                  col.label
                )}
              </div>
            ))}
          </div>
        </div>
        <div className="vbody" ref={scrollRef} tabIndex={0} role="rowgroup" aria-label="Orders, scroll for more">
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const r = rowAt(item.index);
              return (
                <div
                  key={item.key}
                  role="row"
                  aria-rowindex={item.index + 2}
                  className="vrow"
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  style={{ position: 'absolute', top: 0, left: 0, right: 0, minHeight: rowPx, transform: `translateY(${item.start}px)` }}
                >
                  {r ? (
                    <>
                      <div role="cell" className="vcell">
                        <button type="button" className="link" onClick={() => setSelected(r)} aria-label={`Order ${r.orderNumber}, show details`}>
                          {r.orderNumber}
                        </button>
                      </div>
                      <div role="cell" className="vcell date">
                        <time dateTime={new Date(r.createdAt).toISOString()} title={formatDateTime(r.createdAt)}>
                          {formatDateTimeShort(r.createdAt)}
                        </time>
                      </div>
                      <div role="cell" className="vcell optional">
                        {names.get(r.connectionId) ?? '—'}
                      </div>
                      <div role="cell" className="vcell" data-raw-status={r.status}>
                        {statusLabel(r.status)}
                      </div>
                      <div role="cell" className="vcell optional" data-raw-status={r.financialStatus}>
                        {statusLabel(r.financialStatus)}
                      </div>
                      <div role="cell" className="vcell optional num">
                        {formatInteger(r.itemCount)}
                      </div>
                      <div role="cell" className="vcell num">
                        {money(r.totalMinor, r.currency, props.exponents)}
                      </div>
                    </>
                  ) : (
                    <div role="cell" className="vcell muted">
                      Loading…
                    </div>
                  )}
                </div>
              );
            })}
          </div>
        </div>
      </div>
      {selected ? (
        <OrderDetails order={selected} connection={props.connections.find((c) => c.id === selected.connectionId)} onClose={() => setSelected(null)} />
      ) : null}
    </section>
  );
}
