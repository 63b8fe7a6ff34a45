/**
 * Server-side paging for the orders table: rows are fetched in pages through `ordersPage` only for
 * the part of the list that is on screen, so 100,000 orders never sit in the renderer at once.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { OrderRowView, OrdersPageQuery } from '../../../shared/view-models.ts';
import type { ErrorView } from '../../../shared/error-codes.ts';
import { errorViewOf, storelink, unwrap } from '../api.ts';

export const PAGE_SIZE = 200;
const MAX_CACHED_PAGES = 30;

export type OrdersFilter = Omit<OrdersPageQuery, 'offset' | 'limit'>;

export function useOrderPages(filter: OrdersFilter, version: number) {
  const key = JSON.stringify(filter);
  const [total, setTotal] = useState<number | null>(null);
  const [pages, setPages] = useState<Map<number, OrderRowView[]>>(new Map());
  const [error, setError] = useState<ErrorView | null>(null);
  const generation = useRef(0);
  const inflight = useRef(new Set<number>());
  const filterRef = useRef(filter);
  useLayoutEffect(() => {
    filterRef.current = filter;
  });

  const load = useCallback((page: number) => {
    if (inflight.current.has(page)) return;
    inflight.current.add(page);
    const gen = generation.current;
    unwrap(storelink().ordersPage({ ...filterRef.current, offset: page * PAGE_SIZE, limit: PAGE_SIZE })).then(
      (res) => {
        if (gen !== generation.current) return;
        inflight.current.delete(page);
        setTotal(res.total);
        setPages((old) => {
          const next = new Map(old).set(page, res.rows);
          // Keep memory bounded: drop the pages furthest from the one just loaded.
          if (next.size > MAX_CACHED_PAGES) {
            const far = [...next.keys()].sort((a, b) => Math.abs(b - page) - Math.abs(a - page));
            for (const k of far.slice(0, next.size - MAX_CACHED_PAGES)) next.delete(k);
          }
          return next;
        });
      },
      (err: unknown) => {
        if (gen !== generation.current) return;
        inflight.current.delete(page);
        setError(errorViewOf(err));
      },
    );
  }, []);

  useEffect(() => {
    inflight.current = new Set();
    // A new filter or data version starts from an empty page cache (a reset, not derived state).
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setPages(new Map());
    setError(null);
    load(0);
    // Answers for an older filter, version or an unmounted table are dropped.
    return () => {
      generation.current += 1;
    };
  }, [key, version, load]);

  /** Makes sure rows [first, last] are loaded or loading. */
  const ensure = useCallback(
    (first: number, last: number) => {
      for (let p = Math.floor(first / PAGE_SIZE); p <= Math.floor(last / PAGE_SIZE); p++) if (!pages.has(p)) load(p);
    },
    [pages, load],
  );

  const rowAt = useCallback((index: number) => pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE], [pages]);
  return { total, rowAt, ensure, error };
}
