/**
 * The Admin GraphQL documents around big exports, beside the paged `orders` query (graphql-orders.ts):
 *  - `ordersCount(query, limit)` -> `Count {count, precision}`
 *    (shopify.dev/docs/api/admin-graphql/latest/queries/ordersCount; CountPrecision: AT_LEAST when the
 *    limit was reached, else EXACT: shopify.dev/docs/api/admin-graphql/latest/enums/CountPrecision).
 *  - `bulkOperationRunQuery(query)` -> `{bulkOperation {id status}, userErrors {field message code}}`
 *    (shopify.dev/docs/api/admin-graphql/latest/mutations/bulkOperationRunQuery,
 *    shopify.dev/docs/api/usage/bulk-operations/queries): the query is run asynchronously; pagination
 *    arguments are not needed; the result is a JSONL file, one object per line.
 *  - `bulkOperation(id)` (shopify.dev/docs/api/admin-graphql/latest/queries/bulkOperation) and the
 *    deprecated `currentBulkOperation` (…/queries/currentBulkOperation, "Use `bulkOperations` with status
 *    filter instead": served, and flagged by server.ts with X-Shopify-API-Deprecated-Reason): poll `status` (BulkOperationStatus:
 *    CREATED, RUNNING, COMPLETED, FAILED, CANCELING, CANCELED, EXPIRED), `objectCount`, `rootObjectCount`,
 *    `url` (JSONL; expires 7 days after completion, then status EXPIRED), `fileSize`, `createdAt`, `completedAt`.
 *  - `bulkOperations(first, query, sortKey, reverse) { nodes { … } }` (…/queries/bulkOperations, since 2026-01:
 *    shopify.dev/changelog/new-queries-for-bulk-operations): "the app's bulk operations meeting the specified
 *    filters", newest first by default (sortKey CREATED_AT; reverse: oldest first); filters `operation_type`
 *    (query, mutation) and `status` (canceled, canceling, completed, created, failed, running), terms joined by
 *    AND (or whitespace) and `( … OR … )` groups (shopify.dev/docs/api/usage/search-syntax). The `created_at`
 *    and `id` filters are not modelled (a GraphQL error here); `first` 1..250 (pagination-graphql).
 * `bulkOperationRunQuery` userError codes (…/enums/BulkOperationUserErrorCode): OPERATION_IN_PROGRESS, INVALID,
 * LIMIT_REACHED ("Bulk operations limit reached. Please try again later."); `limitReached` makes the simulator
 * answer the next runs with LIMIT_REACHED (when Shopify does so is not documented beyond that sentence).
 * One bulk query per shop at a time: a second while one runs answers the userError
 * "A bulk query operation for this app and shop is already in progress" (bulk-operations/queries,
 * "Operation restrictions"; newer versions allow a few concurrent ones, not modelled).
 * The result is served by the simulator at `/bulk-results/{id}.jsonl?sig=…` without Shopify auth, as
 * the real signed storage URL is; it honours `Range: bytes=N-` (RFC 9110 §14), as Google Cloud
 * Storage does. Each line is the order node; nested connections would follow their parent as lines
 * carrying `__parentId` (bulk-operations/queries, "JSONL format"): the order node has none.
 */
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { TokenInfo } from './auth-state.ts';
import type { CostBucket } from './cost-bucket.ts';
import { ORDER_NODE_FIELDS, parseUpdatedFilter, shopifyNode, type ShopifyStoreStyle } from './graphql-orders.ts';
import type { BookOrder, OrderBook } from './order-book.ts';

const COUNT_DOC =
  /^query\s*\w*\s*\(\s*\$query\s*:\s*String\s*,\s*\$limit\s*:\s*Int\s*\)\s*\{\s*ordersCount\s*\(\s*query\s*:\s*\$query\s*,\s*limit\s*:\s*\$limit\s*\)\s*\{\s*count\s+precision\s*\}\s*\}\s*$/;
const RUN_DOC =
  /^mutation\s*\w*\s*\(\s*\$query\s*:\s*String!\s*\)\s*\{\s*bulkOperationRunQuery\s*\(\s*query\s*:\s*\$query\s*\)\s*\{\s*bulkOperation\s*\{\s*id\s+status\s*\}\s*userErrors\s*\{\s*field\s+message\s+code\s*\}\s*\}\s*\}\s*$/;
const STATUS_DOC = /^query\s*\w*\s*\(\s*\$id\s*:\s*ID!\s*\)\s*\{\s*bulkOperation\s*\(\s*id\s*:\s*\$id\s*\)\s*\{([\s\S]*)\}\s*\}\s*$/;
const LIST_DOC =
  /^query\s*\w*\s*\(\s*\$query\s*:\s*String!?\s*\)\s*\{\s*bulkOperations\s*\(\s*first\s*:\s*(\d+)\s*,\s*query\s*:\s*\$query\s*(?:,\s*sortKey\s*:\s*(CREATED_AT|COMPLETED_AT)\s*)?(?:,\s*reverse\s*:\s*(true|false)\s*)?\)\s*\{\s*nodes\s*\{([\s\S]*)\}\s*\}\s*\}\s*$/;
const CURRENT_DOC = /^query\s*\w*\s*\{\s*currentBulkOperation\s*(?:\(\s*type\s*:\s*QUERY\s*\))?\s*\{([\s\S]*)\}\s*\}\s*$/;
const STATUS_FIELDS = new Set([
  'id',
  'status',
  'errorCode',
  'objectCount',
  'rootObjectCount',
  'url',
  'partialDataUrl',
  'fileSize',
  'createdAt',
  'completedAt',
  'query',
  'type',
]);
/** The bulk query the simulator runs: every order, the node selection checked against the order node's own fields. */
const BULK_ORDERS = /^\s*\{\s*orders\s*(?:\(\s*(?:query\s*:\s*"([^"]*)"\s*)?\)\s*)?\{\s*edges\s*\{\s*node\s*\{([\s\S]*)\}\s*\}\s*\}\s*\}\s*$/;
/** `url` expires 7 days after completion (BulkOperation.url). */
const URL_LIFE_MS = 7 * 86_400_000;
/** The 25,000-object cap applies to counts too: "25,001 is returned" above it (shopify.dev/docs/api/usage/limits). */
const MAX_COUNT = 25_000;

export interface BulkOp {
  id: string;
  shop: string;
  clientId: string;
  status: 'CREATED' | 'RUNNING' | 'COMPLETED' | 'EXPIRED' | 'FAILED';
  query: string;
  createdAt: number;
  completedAt?: number;
  /** Order indexes in the result, fixed when the operation completes. */
  indexes: number[];
  /** Byte offset of each line's start in the JSONL file, plus the file size at the end. */
  offsets: number[];
  sig: string;
  polls: number;
  /** Token had `read_all_orders`; else only the last 60 days, as for the paged query (graphql-orders.ts). */
  allOrders: boolean;
}

export interface BulkOptions {
  /** Status polls before an operation completes (default 2: CREATED, RUNNING, then COMPLETED). */
  pollsToComplete?: number;
  /** Set to make the next operation FAILED with this errorCode (e.g. INTERNAL_SERVER_ERROR). */
  failWith?: string;
  /** The next this-many `bulkOperationRunQuery` calls answer the userError LIMIT_REACHED. */
  limitReached?: number;
}

/** `bulkOperations` filter values (queries/bulkOperations, `query` argument). */
const FILTERS: Record<string, readonly string[]> = {
  status: ['canceled', 'canceling', 'completed', 'created', 'failed', 'running'],
  operation_type: ['query', 'mutation'],
};

/**
 * A `bulkOperations` filter -> a predicate over (status, type), or an error message. Grammar (search-syntax):
 * terms separated by whitespace or AND; a term is `field:value` or `( field:value OR field:value … )`.
 */
export function parseBulkFilter(q: unknown): ((status: string, type: string) => boolean) | string {
  if (q === null || q === undefined || (typeof q === 'string' && !q.trim())) return () => true;
  if (typeof q !== 'string') return 'Variable $query must be a string';
  const tokens = q.match(/\(|\)|[^\s()]+/g) ?? [];
  const groups: Array<Array<[string, string]>> = [];
  let k = 0;
  const term = (): [string, string] | string => {
    const m = /^(\w+):(\w+)$/.exec(tokens[k++] ?? '');
    if (!m) return `Unsupported search term near ${JSON.stringify(tokens[k - 1] ?? '')}`;
    if (!FILTERS[m[1]!]) return `The simulator does not model the bulkOperations filter ${m[1]}`;
    return [m[1]!, m[2]!.toLowerCase()];
  };
  while (k < tokens.length) {
    if (tokens[k] === 'AND' && groups.length > 0) k++;
    if (tokens[k] === '(') {
      k++;
      const group: Array<[string, string]> = [];
      for (;;) {
        const t = term();
        if (typeof t === 'string') return t;
        group.push(t);
        if (tokens[k] === 'OR') k++;
        else if (tokens[k] === ')') break;
        else return 'Unbalanced parentheses in the search query';
      }
      k++;
      groups.push(group);
    } else {
      const t = term();
      if (typeof t === 'string') return t;
      groups.push([t]);
    }
  }
  return (status, type) => groups.every((g) => g.some(([f, v]) => (f === 'status' ? status : type).toLowerCase() === v));
}

export interface BulkAnswer {
  body: unknown;
  handled: boolean;
}

const err = (message: string, code: string): BulkAnswer => ({ handled: true, body: { errors: [{ message, extensions: { code } }] } });
const gid = (id: string) => `gid://shopify/BulkOperation/${id}`;
/** Every field the order node can carry (the paged query's own list), so a bulk query selecting only those is valid. */
const BULK_NODE_FIELDS: ReadonlySet<string> = new Set([...ORDER_NODE_FIELDS, 'edges', 'node']);

export class BulkOperations {
  readonly ops = new Map<string, BulkOp>();
  readonly #book: OrderBook;
  readonly #clock: () => number;
  readonly #o: BulkOptions;
  readonly #baseUrl: () => string;
  #limitReached: number;
  /** Status polls and bulk-result downloads seen (tests check the adapter polls and streams). */
  readonly stats = { runs: 0, polls: 0, downloads: 0, rangeDownloads: 0 };

  readonly #line: (o: BookOrder) => string;

  constructor(book: OrderBook, clock: () => number, baseUrl: () => string, o: BulkOptions = {}, style: ShopifyStoreStyle = {}) {
    this.#line = (order) => `${JSON.stringify(shopifyNode(order, style))}\n`;
    this.#book = book;
    this.#clock = clock;
    this.#baseUrl = baseUrl;
    this.#o = o;
    this.#limitReached = o.limitReached ?? 0;
  }

  /** Makes the next `n` bulkOperationRunQuery calls answer LIMIT_REACHED. */
  answerLimitReached(n: number): void {
    this.#limitReached = n;
  }

  /** Answers the three documents above; `handled: false` leaves the request to the orders query. */
  answer(raw: unknown, bucket: CostBucket, token: TokenInfo, shop: string): BulkAnswer {
    const req = raw as { query?: unknown; variables?: Record<string, unknown> } | null;
    if (!req || typeof req.query !== 'string') return { handled: false, body: null };
    const q = req.query;
    const vars = req.variables ?? {};
    const isCount = /\bordersCount\b/.test(q);
    const isRun = /\bbulkOperationRunQuery\b/.test(q);
    const isList = /\bbulkOperations\s*\(/.test(q);
    const isStatus = /\bbulkOperation\s*\(/.test(q) || /\bcurrentBulkOperation\b/.test(q) || isList;
    if (!isCount && !isRun && !isStatus) return { handled: false, body: null };
    if (!token.scopes.includes('read_orders') && !isStatus) {
      return err('Access denied for orders field. Required access: `read_orders` access scope.', 'ACCESS_DENIED');
    }
    // Cost: a mutation costs 10 points, a small query 1 (shopify.dev/docs/api/usage/rate-limits, cost calculation).
    const cost = isRun ? 10 : 1;
    if (!bucket.take(cost)) {
      return {
        handled: true,
        body: {
          errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }],
          extensions: { cost: { requestedQueryCost: cost, actualQueryCost: null, throttleStatus: bucket.status() } },
        },
      };
    }
    const extensions = { cost: { requestedQueryCost: cost, actualQueryCost: cost, throttleStatus: bucket.status() } };
    if (isCount) {
      if (!COUNT_DOC.test(q)) return err('This simulator only serves the Storelink ordersCount document', 'BAD_REQUEST');
      const since = parseUpdatedFilter(vars.query as string | null | undefined);
      if (since === undefined) return err(`Unsupported search query: ${String(vars.query)}`, 'BAD_REQUEST');
      // `limit: Int = 10000`, "Use `null` to have no limit" (queries/ordersCount, argument `limit`): only an
      // omitted argument takes the default; an explicit null counts without limit (still capped at 25,000 below).
      const limit = vars.limit === undefined ? 10_000 : vars.limit === null ? Infinity : vars.limit;
      if (typeof limit !== 'number' || !(Number.isInteger(limit) || limit === Infinity) || limit < 1) {
        return err('Variable $limit must be a positive integer', 'BAD_REQUEST');
      }
      const start = since === -Infinity ? 0 : this.#book.lowerBound(since);
      let all = this.#book.size - start;
      if (!token.scopes.includes('read_all_orders')) {
        // read_orders alone sees the last 60 days, in counts as in the connection (graphql-orders.ts)
        const minCreated = this.#clock() - 60 * 86_400_000;
        all = 0;
        for (let p = start, o = this.#book.at(p); o; o = this.#book.at(++p)) if (o.createdAt >= minCreated) all++;
      }
      const cap = Math.min(limit, MAX_COUNT);
      const count = all > cap ? (cap === MAX_COUNT ? MAX_COUNT + 1 : cap) : all;
      return { handled: true, body: { data: { ordersCount: { count, precision: all > cap ? 'AT_LEAST' : 'EXACT' } }, extensions } };
    }
    if (isRun) {
      if (!RUN_DOC.test(q)) return err('This simulator only serves the Storelink bulkOperationRunQuery document', 'BAD_REQUEST');
      const inner = vars.query;
      const userError = (message: string, code: string) => ({
        handled: true,
        body: { data: { bulkOperationRunQuery: { bulkOperation: null, userErrors: [{ field: ['query'], message, code }] } }, extensions },
      });
      const m = typeof inner === 'string' ? BULK_ORDERS.exec(inner) : null;
      if (!m) return userError('Invalid bulk query: the simulator runs `{ orders { edges { node { … } } } }` only', 'INVALID');
      const known = BULK_NODE_FIELDS;
      for (const word of m[2]!.match(/[A-Za-z_]+/g) ?? []) {
        if (!known.has(word)) return userError(`Invalid bulk query: Field '${word}' doesn't exist on type 'Order'`, 'INVALID');
      }
      if (m[1] !== undefined && parseUpdatedFilter(m[1]) === undefined) return userError(`Unsupported search query: ${m[1]}`, 'INVALID');
      const running = [...this.ops.values()].some(
        (o) => o.shop === shop && o.clientId === token.clientId && (o.status === 'CREATED' || o.status === 'RUNNING'),
      );
      if (running) return userError('A bulk query operation for this app and shop is already in progress.', 'OPERATION_IN_PROGRESS');
      if (this.#limitReached > 0) {
        this.#limitReached -= 1;
        return userError('Bulk operations limit reached. Please try again later.', 'LIMIT_REACHED');
      }
      const id = `${Date.now() % 1e9}${Math.floor(Math.random() * 1e6)}`;
      const op: BulkOp = {
        id,
        shop,
        clientId: token.clientId,
        status: 'CREATED',
        query: inner as string,
        createdAt: this.#clock(),
        indexes: [],
        offsets: [],
        sig: randomBytes(12).toString('hex'),
        polls: 0,
        allOrders: token.scopes.includes('read_all_orders'),
      };
      this.ops.set(id, op);
      this.stats.runs += 1;
      return { handled: true, body: { data: { bulkOperationRunQuery: { bulkOperation: { id: gid(id), status: 'CREATED' }, userErrors: [] } }, extensions } };
    }
    if (isList) return this.#list(q, vars, token, shop, extensions);
    const sm = STATUS_DOC.exec(q) ?? CURRENT_DOC.exec(q);
    if (!sm) return err('This simulator only serves the Storelink bulkOperation documents', 'BAD_REQUEST');
    for (const word of sm[1]!.match(/[A-Za-z_]+/g) ?? []) {
      if (!STATUS_FIELDS.has(word)) return err(`Field '${word}' doesn't exist on type 'BulkOperation'`, 'undefinedField');
    }
    let op: BulkOp | undefined;
    if (/\bcurrentBulkOperation\b/.test(q)) {
      op = [...this.ops.values()].filter((o) => o.shop === shop && o.clientId === token.clientId).at(-1);
    } else {
      const id = typeof vars.id === 'string' ? /^gid:\/\/shopify\/BulkOperation\/(\d+)$/.exec(vars.id)?.[1] : undefined;
      if (!id) return err('Invalid global id', 'BAD_REQUEST');
      op = this.ops.get(id);
      if (op && (op.shop !== shop || op.clientId !== token.clientId)) op = undefined;
    }
    if (op) this.#advance(op);
    return {
      handled: true,
      body: { data: { [/\bcurrentBulkOperation\b/.test(q) ? 'currentBulkOperation' : 'bulkOperation']: op ? this.#view(op) : null }, extensions },
    };
  }

  /** `bulkOperations`: this app's operations on this shop, filtered, newest first unless `reverse: true`. */
  #list(q: string, vars: Record<string, unknown>, token: TokenInfo, shop: string, extensions: unknown): BulkAnswer {
    const m = LIST_DOC.exec(q);
    if (!m) return err('This simulator only serves the Storelink bulkOperations document', 'BAD_REQUEST');
    for (const word of m[4]!.match(/[A-Za-z_]+/g) ?? []) {
      if (!STATUS_FIELDS.has(word)) return err(`Field '${word}' doesn't exist on type 'BulkOperation'`, 'undefinedField');
    }
    const first = Number(m[1]);
    if (first < 1 || first > 250) return err('The first argument must be between 1 and 250', 'BAD_REQUEST');
    const match = parseBulkFilter(vars.query);
    if (typeof match === 'string') return err(match, 'BAD_REQUEST');
    const key = m[2] === 'COMPLETED_AT' ? (o: BulkOp) => o.completedAt ?? -Infinity : (o: BulkOp) => o.createdAt;
    const ops = [...this.ops.values()]
      .map((o, order) => ({ o, order }))
      .filter(({ o }) => o.shop === shop && o.clientId === token.clientId && match(o.status, 'query'))
      .sort((a, b) => key(b.o) - key(a.o) || b.order - a.order)
      .map(({ o }) => o);
    if (m[3] === 'true') ops.reverse();
    return { handled: true, body: { data: { bulkOperations: { nodes: ops.slice(0, first).map((o) => this.#view(o)) } }, extensions } };
  }

  #advance(op: BulkOp): void {
    this.stats.polls += 1;
    const now = this.#clock();
    if (op.status === 'COMPLETED' && now - op.completedAt! > URL_LIFE_MS) op.status = 'EXPIRED';
    if (op.status !== 'CREATED' && op.status !== 'RUNNING') return;
    op.polls += 1;
    if (op.polls >= (this.#o.pollsToComplete ?? 2)) {
      if (this.#o.failWith) {
        op.status = 'FAILED';
        return;
      }
      const m = BULK_ORDERS.exec(op.query)!;
      const since = m[1] !== undefined ? parseUpdatedFilter(m[1])! : -Infinity;
      const start = since === -Infinity ? 0 : this.#book.lowerBound(since);
      let offset = 0;
      const minCreated = op.allOrders ? -Infinity : now - 60 * 86_400_000;
      for (let p = start, o = this.#book.at(p); o; o = this.#book.at(++p)) {
        if (o.createdAt < minCreated) continue;
        op.indexes.push(o.index);
        op.offsets.push(offset);
        offset += Buffer.byteLength(this.#line(o));
      }
      op.offsets.push(offset);
      op.status = 'COMPLETED';
      op.completedAt = now;
    } else op.status = 'RUNNING';
  }

  #view(op: BulkOp): Record<string, unknown> {
    const done = op.status === 'COMPLETED';
    return {
      id: gid(op.id),
      status: op.status,
      errorCode: op.status === 'FAILED' ? (this.#o.failWith ?? 'INTERNAL_SERVER_ERROR') : null,
      objectCount: String(done ? op.indexes.length : 0),
      rootObjectCount: String(done ? op.indexes.length : 0),
      fileSize: done ? String(op.offsets.at(-1)) : null,
      url: done && op.indexes.length > 0 ? `${this.#baseUrl()}/bulk-results/${op.id}.jsonl?sig=${op.sig}` : null,
      partialDataUrl: null,
      createdAt: new Date(op.createdAt).toISOString(),
      completedAt: op.completedAt !== undefined ? new Date(op.completedAt).toISOString() : null,
      query: op.query,
      type: 'QUERY',
    };
  }

  /** GET /bulk-results/{id}.jsonl?sig=…: streams the file with backpressure; `Range: bytes=N-` answers 206. */
  serve(id: string, sig: string | null, range: string | undefined, res: ServerResponse): void {
    const op = this.ops.get(id);
    if (!op || op.sig !== sig || op.status !== 'COMPLETED' || this.#clock() - op.completedAt! > URL_LIFE_MS) {
      res.writeHead(403, { 'content-type': 'application/xml' });
      res.end('<?xml version="1.0"?><Error><Code>AccessDenied</Code></Error>');
      return;
    }
    this.stats.downloads += 1;
    const size = op.offsets.at(-1)!;
    let from = 0;
    const r = range ? /^bytes=(\d+)-$/.exec(range) : null;
    if (r) {
      from = Number(r[1]);
      if (from >= size) {
        res.writeHead(416, { 'content-range': `bytes */${size}` });
        res.end();
        return;
      }
      this.stats.rangeDownloads += 1;
      res.writeHead(206, { 'content-type': 'application/jsonl', 'content-length': String(size - from), 'content-range': `bytes ${from}-${size - 1}/${size}` });
    } else res.writeHead(200, { 'content-type': 'application/jsonl', 'content-length': String(size), 'accept-ranges': 'bytes' });
    // the line holding byte `from`, then a partial first chunk
    let lo = 0;
    let hi = op.indexes.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (op.offsets[mid]! <= from) lo = mid;
      else hi = mid - 1;
    }
    let k = lo;
    let skip = from - op.offsets[lo]!;
    const pump = (): void => {
      while (k < op.indexes.length) {
        let chunk = '';
        for (let n = 0; n < 64 && k < op.indexes.length; n++) chunk += this.#line(this.#book.get(op.indexes[k++]!));
        let buf = Buffer.from(chunk);
        if (skip > 0) {
          buf = buf.subarray(skip);
          skip = 0;
        }
        if (!res.write(buf)) {
          res.once('drain', pump);
          return;
        }
      }
      res.end();
    };
    res.on('close', () => (k = op.indexes.length));
    pump();
  }
}
