/**
 * Paged Shopify order sync in `updated_at` windows, so that no single paginated query pages past the
 * 25,000 objects a connection allows ("Shopify limits pagination of arrays of objects to 25,000
 * objects": shopify.dev/docs/api/usage/limits, Pagination limits).
 *
 * The `orders` query is sorted by UPDATED_AT ascending and filtered `updated_at:>=since`
 * (shopify.dev/docs/api/admin-graphql/latest/queries/orders, shopify.dev/docs/api/usage/search-syntax).
 * A window is one such query paged by cursor (shopify.dev/docs/api/usage/pagination-graphql). Before a
 * page would take the window past PAGINATION_CAP objects, the window is closed and the next one starts
 * at the `updatedAt` of the last order read: orders sharing that instant are read twice (the store
 * upserts by id, so nothing is duplicated) and none is skipped. Every position is an opaque page token
 * committed with the page, so a run that dies resumes in the same window at the same cursor.
 */
import { ApiError, ErrorCode, StorelinkError } from '../../core/errors.ts';
import type { AdapterContext, NormalizedOrder, PageResult } from '../order-adapter.ts';

export const MAX_FIRST = 250;
export const PAGINATION_CAP = 25_000;

/** What the windows need from the GraphQL client in shopify-orders.ts (kept there with the mapping). */
export interface ShopifyGraphql {
  /** One GraphQL call, HTTP status, JSON and GraphQL errors already checked. */
  call(ctx: AdapterContext, query: string, variables: Record<string, unknown>): Promise<GraphqlResult>;
  /** One `Order` node -> NormalizedOrder. */
  normalize(node: unknown): NormalizedOrder;
  /** The paged orders document (its `node { … }` selection is reused by the bulk query). */
  ordersQuery: string;
}

export interface GraphqlResult {
  data: unknown;
  warnings: string[];
  /** The cost bucket's size, when Shopify reported it. */
  maximumAvailable?: number;
  /** Milliseconds until `points` are back in the cost bucket. */
  waitFor(points: number): number;
}

export interface PagedState {
  v: 2;
  mode: 'paged';
  /** Lower bound of this window (ISO-8601), undefined = from the first order. */
  since?: string;
  after?: string;
  first: number;
  /** Objects already paged through in this window's query. */
  seen: number;
}

const bad = (message: string) => new ApiError(ErrorCode.BadResponse, message);

export function pagedStart(since: string | undefined): PagedState {
  return { v: 2, mode: 'paged', ...(since !== undefined ? { since } : {}), first: MAX_FIRST, seen: 0 };
}

/** The v1 token of earlier Storelink versions (one unbounded query) is read as a window begun there. */
export function readPagedState(s: { v?: unknown; since?: unknown; after?: unknown; first?: unknown; seen?: unknown; mode?: unknown }): PagedState | undefined {
  const first = s.first;
  if (typeof first !== 'number' || !Number.isInteger(first) || first < 1 || first > MAX_FIRST) return undefined;
  if (s.since !== undefined && typeof s.since !== 'string') return undefined;
  if (s.after !== undefined && typeof s.after !== 'string') return undefined;
  if (s.v === 1) return { v: 2, mode: 'paged', ...(s.since ? { since: s.since } : {}), ...(s.after ? { after: s.after } : {}), first, seen: 0 };
  if (s.v !== 2 || s.mode !== 'paged' || typeof s.seen !== 'number' || !Number.isInteger(s.seen) || s.seen < 0) return undefined;
  return s as PagedState;
}

/** One page of the current window; the next token either continues it or opens the next window. */
export async function pagedPage(api: ShopifyGraphql, ctx: AdapterContext, state: PagedState): Promise<PageResult> {
  let query: string | null = null;
  if (state.since !== undefined) {
    const t = Date.parse(state.since);
    if (!Number.isFinite(t)) throw new StorelinkError(ErrorCode.SyncFailed, 'The sync start time is not a date.');
    query = `updated_at:>='${new Date(t).toISOString()}'`;
  }
  const r = await api.call(ctx, api.ordersQuery, { first: state.first, after: state.after ?? null, query });
  const conn = (r.data as { orders?: { edges?: unknown; pageInfo?: { hasNextPage?: unknown; endCursor?: unknown } } } | undefined)?.orders;
  if (!conn || !Array.isArray(conn.edges) || !conn.pageInfo) throw bad('Shopify sent no orders connection.');
  const orders = conn.edges.map((e: { node?: unknown }) => api.normalize(e?.node));
  const warn = r.warnings.length > 0 ? { warnings: r.warnings } : {};
  const max = r.maximumAvailable;
  const first = typeof max === 'number' && max - 2 < MAX_FIRST ? Math.max(1, Math.floor(max) - 2) : MAX_FIRST;
  if (conn.pageInfo.hasNextPage !== true) return { orders, ...warn };
  if (typeof conn.pageInfo.endCursor !== 'string') throw bad('Shopify said there is a next page but sent no cursor.');
  const seen = state.seen + conn.edges.length;
  let next: PagedState;
  if (seen + first > PAGINATION_CAP) {
    const last = orders.reduce((m, o) => Math.max(m, o.updatedAt), -Infinity);
    const since = Number.isFinite(last) ? new Date(last).toISOString() : undefined;
    if (since === undefined || (state.since !== undefined && Date.parse(state.since) >= last)) {
      throw new StorelinkError(
        ErrorCode.SyncFailed,
        'More than 25,000 Shopify orders share one update time, so Storelink cannot page through them. Contact Storelink support.',
      );
    }
    next = pagedStart(since);
    next.first = first;
  } else {
    next = { v: 2, mode: 'paged', ...(state.since !== undefined ? { since: state.since } : {}), after: conn.pageInfo.endCursor, first, seen };
  }
  const wait = r.waitFor(first + 2);
  return { orders, nextPage: JSON.stringify(next), ...(wait > 0 ? { waitBeforeNextMs: wait } : {}), ...warn };
}
