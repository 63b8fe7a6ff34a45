/**
 * A store's FIRST Shopify sync with more than `bulkThreshold` orders runs as a Bulk Operation
 * (shopify.dev/docs/api/usage/bulk-operations/queries): count with `ordersCount`
 * (shopify.dev/docs/api/admin-graphql/latest/queries/ordersCount), start `bulkOperationRunQuery`
 * (…/mutations/bulkOperationRunQuery), poll `bulkOperation(id)` (…/queries/bulkOperation) until
 * COMPLETED (BulkOperationStatus), then stream the JSONL file at `url` line by line
 * (jsonl-download.ts), 250 orders a page. Afterwards the same run pages (shopify-windows.ts) from the
 * operation's `createdAt` minus a minute, which picks up every order changed while the export ran.
 *
 * Checkpoint guarantees are those of paged sync: each page's token holds the operation id and the
 * byte offset of the next unread line, committed with the page's orders; a run that dies resumes by
 * polling the same operation and reading from that offset (`Range`), so no order is lost or read twice.
 * The signed result URL is never stored (it grants access without credentials): it is asked for
 * again after a restart and kept in memory only. An EXPIRED operation (url older than 7 days) is
 * started again; a FAILED or CANCELED one falls back to paged windows, with a warning.
 *
 * A refused start: `OPERATION_IN_PROGRESS` ("A bulk operation is already in progress") or `LIMIT_REACHED`
 * ("Bulk operations limit reached. Please try again later.": shopify.dev/docs/api/admin-graphql/latest/enums/BulkOperationUserErrorCode)
 * first looks for our own export among the app's running ones (`bulkOperations` filtered by type and status,
 * shopify.dev/docs/api/admin-graphql/latest/queries/bulkOperations; it replaces the deprecated
 * `currentBulkOperation`) and adopts it: that is a run that died before it saved its position. Else
 * LIMIT_REACHED is a wait (RateLimitedError: the engine retries the same start later).
 */
import { ApiError, ErrorCode, StorelinkError } from '../../core/errors.ts';
import { RateLimitedError, type AdapterContext, type NormalizedOrder, type PageRequest, type PageResult } from '../order-adapter.ts';
import { JsonlReader } from './jsonl-download.ts';
import { MAX_FIRST, pagedPage, pagedStart, readPagedState, type ShopifyGraphql } from './shopify-windows.ts';

export interface ShopifySyncOptions {
  /** A first sync of more than this many orders uses a bulk operation (default 10,000). */
  bulkThreshold?: number;
  /** Wait between status polls (default 5 s). */
  bulkPollMs?: number;
  /** Wait before starting an export again after Shopify answered LIMIT_REACHED (default 60 s; Shopify names no time). */
  bulkRetryMs?: number;
}

/** The count said "bulk": the next page starts the export. */
interface StartState {
  v: 2;
  mode: 'bulk-start';
}

interface BulkState {
  v: 2;
  mode: 'bulk';
  /** `gid://shopify/BulkOperation/…` */
  op: string;
  /** Byte offset of the first unread line of the result file. */
  byte: number;
}

/** Orders changed while the export ran are re-read from this long before its createdAt. */
const AFTER_BULK_OVERLAP_MS = 60_000;

export const ORDERS_COUNT_QUERY = `query StorelinkOrdersCount($query: String, $limit: Int) { ordersCount(query: $query, limit: $limit) { count precision } }`;
export const BULK_RUN_MUTATION = `mutation StorelinkBulkOrders($query: String!) { bulkOperationRunQuery(query: $query) { bulkOperation { id status } userErrors { field message code } } }`;
export const BULK_STATUS_QUERY = `query StorelinkBulkStatus($id: ID!) { bulkOperation(id: $id) { id status errorCode objectCount url createdAt } }`;
/**
 * The app's bulk query operations still in progress, newest first (queries/bulkOperations: "Returns the app's
 * bulk operations meeting the specified filters. Defaults to sorting by created_at, with newest operations
 * first"; filters `operation_type` query|mutation and `status` canceled|canceling|completed|created|failed|running;
 * search syntax with OR and parentheses: shopify.dev/docs/api/usage/search-syntax). `first: 5`: apps run up to
 * five bulk query operations at a time per shop since 2026-01 (shopify.dev/docs/api/usage/bulk-operations/queries).
 */
export const RUNNING_BULK_QUERY = `query StorelinkRunningBulk($query: String!) { bulkOperations(first: 5, query: $query, sortKey: CREATED_AT) { nodes { id status createdAt query } } }`;
export const RUNNING_BULK_FILTER = 'operation_type:query AND (status:created OR status:running)';

/** The `{ … }` selection after `node` in the paged orders document (braces matched). */
export function nodeSelection(ordersQuery: string): string {
  const at = /\bnode\s*\{/.exec(ordersQuery);
  if (!at) throw new Error('the orders query selects no node');
  const start = at.index + at[0].length;
  let depth = 1;
  for (let i = start; i < ordersQuery.length; i++) {
    if (ordersQuery[i] === '{') depth++;
    else if (ordersQuery[i] === '}' && --depth === 0) return ordersQuery.slice(start, i).trim();
  }
  throw new Error('the orders query has unbalanced braces');
}

/** The bulk query: every order with the paged query's node selection (bulk queries take no pagination arguments). */
export function bulkOrdersQuery(ordersQuery: string): string {
  return `{ orders { edges { node { ${nodeSelection(ordersQuery)} } } } }`;
}

const bad = (message: string) => new ApiError(ErrorCode.BadResponse, message);

/** In-memory only: the open result stream and its URL, per operation (one at a time). */
const open = new Map<string, { url: string; reader?: JsonlReader; createdAt: string }>();

function forget(op: string): void {
  open.get(op)?.reader?.close();
  open.delete(op);
}

interface OpView {
  id?: unknown;
  status?: unknown;
  errorCode?: unknown;
  url?: unknown;
  createdAt?: unknown;
  query?: unknown;
}

/** Routes a page request: first sync (count, then bulk or paged), a bulk position, or a paged window. */
export async function fetchShopifyPage(api: ShopifyGraphql, ctx: AdapterContext, request: PageRequest, o: ShopifySyncOptions): Promise<PageResult> {
  if (request.page === undefined) {
    if (request.updatedSince !== undefined) return pagedPage(api, ctx, pagedStart(request.updatedSince));
    return firstSync(api, ctx, o);
  }
  let s: Record<string, unknown> | undefined;
  try {
    const v: unknown = JSON.parse(request.page);
    if (v && typeof v === 'object') s = v as Record<string, unknown>;
  } catch {
    // fall through
  }
  if (s?.mode === 'bulk-start' && s.v === 2) return startBulk(api, ctx, o);
  if (s?.mode === 'bulk' && s.v === 2 && typeof s.op === 'string' && typeof s.byte === 'number' && Number.isSafeInteger(s.byte) && s.byte >= 0) {
    return bulkPage(api, ctx, s as unknown as BulkState, o);
  }
  const paged = s ? readPagedState(s) : undefined;
  if (!paged) throw new StorelinkError(ErrorCode.SyncFailed, 'The saved Shopify sync position cannot be read.');
  return pagedPage(api, ctx, paged);
}

async function firstSync(api: ShopifyGraphql, ctx: AdapterContext, o: ShopifySyncOptions): Promise<PageResult> {
  const threshold = o.bulkThreshold ?? 10_000;
  const r = await api.call(ctx, ORDERS_COUNT_QUERY, { query: null, limit: threshold + 1 });
  const count = (r.data as { ordersCount?: { count?: unknown } } | undefined)?.ordersCount?.count;
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) throw bad('Shopify sent no order count.');
  // One request per page (a retried page repeats exactly one call): the count is a page of its own.
  const wait = r.waitFor(MAX_FIRST + 2);
  const warn = { ...(r.warnings.length ? { warnings: r.warnings } : {}), ...(wait > 0 ? { waitBeforeNextMs: wait } : {}) };
  if (count <= threshold) return { orders: [], nextPage: JSON.stringify(pagedStart(undefined)), ...warn };
  const next: StartState = { v: 2, mode: 'bulk-start' };
  return { orders: [], nextPage: JSON.stringify(next), ...warn };
}

async function startBulk(api: ShopifyGraphql, ctx: AdapterContext, o: ShopifySyncOptions, warnings: string[] = []): Promise<PageResult> {
  const query = bulkOrdersQuery(api.ordersQuery);
  const r = await api.call(ctx, BULK_RUN_MUTATION, { query });
  const run = (r.data as { bulkOperationRunQuery?: { bulkOperation?: OpView | null; userErrors?: { code?: unknown; message?: unknown }[] } } | undefined)
    ?.bulkOperationRunQuery;
  const all = [...warnings, ...r.warnings];
  let id = typeof run?.bulkOperation?.id === 'string' ? run.bulkOperation.id : undefined;
  const errors = Array.isArray(run?.userErrors) ? run.userErrors : [];
  const codes = errors.map((e) => e?.code);
  if (!id && (codes.includes('OPERATION_IN_PROGRESS') || codes.includes('LIMIT_REACHED'))) {
    // Our own export from a run that stopped before saving its position: adopt it if it is this query.
    id = await ownRunningExport(api, ctx, query, all);
    if (!id && codes.includes('LIMIT_REACHED')) {
      throw new RateLimitedError(o.bulkRetryMs ?? 60_000, 'Shopify’s limit of bulk exports for this store is reached; Storelink tries again later.');
    }
    if (!id) throw new StorelinkError(ErrorCode.SyncFailed, 'Another export is running on this Shopify store. Storelink tries again at its next sync.');
  }
  if (!id) {
    const msg = typeof errors[0]?.message === 'string' ? errors[0].message.slice(0, 200) : 'no details given';
    throw bad(`Shopify refused to start the order export: ${msg}`);
  }
  const next: BulkState = { v: 2, mode: 'bulk', op: id, byte: 0 };
  return { orders: [], nextPage: JSON.stringify(next), waitBeforeNextMs: o.bulkPollMs ?? 5000, ...(all.length ? { warnings: all } : {}) };
}

/** The id of this app's export of `query` still CREATED or RUNNING, if Shopify lists one (RUNNING_BULK_QUERY). */
async function ownRunningExport(api: ShopifyGraphql, ctx: AdapterContext, query: string, warnings: string[]): Promise<string | undefined> {
  const r = await api.call(ctx, RUNNING_BULK_QUERY, { query: RUNNING_BULK_FILTER });
  warnings.push(...r.warnings);
  const nodes = (r.data as { bulkOperations?: { nodes?: unknown } } | undefined)?.bulkOperations?.nodes;
  if (!Array.isArray(nodes)) throw bad('Shopify sent no list of bulk operations.');
  const own = (nodes as OpView[]).find((n) => n && typeof n.id === 'string' && n.query === query && (n.status === 'CREATED' || n.status === 'RUNNING'));
  return own?.id as string | undefined;
}

async function bulkPage(api: ShopifyGraphql, ctx: AdapterContext, s: BulkState, o: ShopifySyncOptions): Promise<PageResult> {
  let known = open.get(s.op);
  const warnings: string[] = [];
  if (!known) {
    for (const other of [...open.keys()]) forget(other);
    const r = await api.call(ctx, BULK_STATUS_QUERY, { id: s.op });
    warnings.push(...r.warnings);
    const op = (r.data as { bulkOperation?: OpView | null } | undefined)?.bulkOperation;
    const warn = warnings.length ? { warnings } : {};
    if (!op) return startBulk(api, ctx, o, warnings); // unknown to Shopify now: export again
    const status = op.status;
    if (status === 'CREATED' || status === 'RUNNING') return { orders: [], nextPage: JSON.stringify(s), waitBeforeNextMs: o.bulkPollMs ?? 5000, ...warn };
    if (status === 'EXPIRED') return startBulk(api, ctx, o, warnings);
    if (status !== 'COMPLETED') {
      const code = typeof op.errorCode === 'string' && /^[A-Z_]{1,40}$/.test(op.errorCode) ? op.errorCode : String(status).slice(0, 40);
      warnings.push(
        `Shopify's bulk export of your orders stopped (${code}), so Storelink reads them page by page instead. This first sync takes longer; nothing is needed from you.`,
      );
      return { orders: [], nextPage: JSON.stringify(pagedStart(undefined)), warnings };
    }
    const createdAt = typeof op.createdAt === 'string' && Number.isFinite(Date.parse(op.createdAt)) ? op.createdAt : undefined;
    if (!createdAt) throw bad('Shopify sent a bulk export without its start time.');
    if (op.url === null || op.url === undefined) return { orders: [], nextPage: JSON.stringify(after(createdAt)), ...warn }; // no orders at all
    if (typeof op.url !== 'string') throw bad('Shopify sent a bulk export without a file address.');
    known = { url: op.url, createdAt };
    open.set(s.op, known);
  }
  if (!known.reader || known.reader.pos !== s.byte) {
    known.reader?.close();
    known.reader = undefined;
    try {
      known.reader = await JsonlReader.open(known.url, s.byte, ctx.signal);
    } catch (e) {
      forget(s.op); // the next attempt asks Shopify again (the URL may have expired)
      throw e;
    }
    ctx.signal.addEventListener('abort', () => forget(s.op), { once: true });
  }
  const reader = known.reader;
  let chunk;
  try {
    chunk = await reader.take(MAX_FIRST);
  } catch (e) {
    forget(s.op);
    throw e;
  }
  const orders: NormalizedOrder[] = [];
  for (const text of chunk.lines) {
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      forget(s.op);
      throw bad('Shopify’s bulk export file has a line that is not JSON.');
    }
    // Lines of nested connections carry `__parentId` and follow their parent (bulk-operations/queries, JSONL format).
    if (v && typeof v === 'object' && '__parentId' in v) continue;
    orders.push(api.normalize(v));
  }
  const warn = warnings.length ? { warnings } : {};
  if (chunk.eof) {
    forget(s.op);
    return { orders, nextPage: JSON.stringify(after(known.createdAt)), ...warn };
  }
  const next: BulkState = { v: 2, mode: 'bulk', op: s.op, byte: reader.pos };
  return { orders, nextPage: JSON.stringify(next), ...warn };
}

/** Paged windows from a minute before the export began: orders changed meanwhile are read again. */
function after(createdAt: string) {
  return pagedStart(new Date(Date.parse(createdAt) - AFTER_BULK_OVERLAP_MS).toISOString());
}
