/**
 * A WooCommerce store simulator (plain node:http on 127.0.0.1, port 0); `baseUrl` is the site root,
 * i.e. what the admin types as the store address.
 *  - `GET /wp-json/wc/v3/orders` and `GET /?rest_route=/wc/v3/orders` (developer.wordpress.org/rest-api),
 *    HTTP Basic with the consumer key and secret (developer.woocommerce.com/docs/apis/rest-api/authentication),
 *    `per_page` 1..100, `page`, `modified_after`, `dates_are_gmt`, `orderby`, `order`, `_fields`,
 *    `X-WP-Total` / `X-WP-TotalPages` / `Link` headers.
 *  - Options for the awkward sites: plain permalinks (`/wp-json/` is the theme's 404 page), a security
 *    plugin answering an HTML 403, maintenance mode (HTML 503 + Retry-After), injected 429/5xx.
 *
 * Held to the official reference, woocommerce/woocommerce-rest-api-docs (source/includes/wp-api-v3/):
 *  - _orders.md "List all orders" parameters: `per_page`, `page`, `modified_after`, `dates_are_gmt`,
 *    `order` (asc, desc; default desc), `orderby` (date, id, include, title, slug; default date), `dp`
 *    ("Number of decimal points to use in each resource. Default is 2.") - money is rounded to dp decimals
 *    whatever the currency. `orderby=modified` is accepted as newer WooCommerce does (providers.md "Facts
 *    from the official references"); `orderbyModified: false` is an older store that follows the documented
 *    list and refuses it.
 *  - _introduction.md "Errors": a JSON body `{code, message, data: {status}}`; `rest_no_route` for an
 *    unknown route. An argument outside its schema is 400 `rest_invalid_param`, "Invalid parameter(s): x",
 *    `data.params` naming it (WordPress REST API argument validation, which every wc/v3 route uses).
 *  - _setting-options.md "Retrieve a setting option": `GET /wc/v3/settings/<group_id>/<id>`; the
 *    `woocommerce_price_num_decimals` option ("Number of decimals", type number, value "2" by default).
 *    A key whose user lacks the settings capability gets 403 (`settingsForbidden`).
 *  - _orders.md "Order properties" and the list example: see order-json.ts.
 *  - _order-refunds.md "List all refunds": `GET /wc/v3/orders/<id>/refunds`, see `serveRefunds` below for each
 *    answer and its source; the refund objects: refunds.ts.
 *
 * WordPress application passwords (the second key kind): HTTP Basic `username:application password`,
 * see `authenticate` below and app-passwords.ts for the sources of each answer.
 */
import { createServer, type ServerResponse } from 'node:http';
import { FailurePlan, listenLocal, sendHtml, sendJson } from '../shopify/http-util.ts';
import { OrderBook, type BookOptions, type BookOrder } from '../shopify/order-book.ts';
import { applyFields, storeTotal, WOO_ID_BASE, wooOrderJson, wooRefundsJson } from './order-json.ts';
import { appPasswordAuth, type AppPasswordUser, type AuthOutcome } from './app-passwords.ts';

export interface WooSimulatorOptions extends BookOptions {
  consumerKey?: string;
  consumerSecret?: string;
  plainPermalinks?: boolean;
  securityPlugin?: boolean;
  maintenance?: boolean;
  /** Every Nth paid order has `date_paid` but a null `date_paid_gmt`, like the docs' example #723. */
  paidGmtMissingEvery?: number;
  /** Store setting "Number of decimals" (default: the currency's exponent). */
  decimals?: number;
  /** Prices use those extra decimals ("10.125" USD at 3 decimals), see order-json.ts. */
  extraDigits?: boolean;
  /** Every Nth order has money no ISO 4217 reading can take (order-json.ts). */
  oddMoneyEvery?: number;
  /** false = an older store: `orderby` only takes the documented values, `modified` is refused (default true). */
  orderbyModified?: boolean;
  /** The key's user may not read settings: 403 on /settings (default false). */
  settingsForbidden?: boolean;
  utcOffsetHours?: number;
  failEvery?: number;
  failStatus?: number;
  /** Retry-After seconds on injected 429/503 answers (default 1; 0 = no header). */
  retryAfterSec?: number;
  /** WordPress users with application passwords (app-passwords.ts). */
  appPasswordUsers?: AppPasswordUser[];
  /**
   * Whether the site is served over https (WordPress `is_ssl()`; default true: the loopback simulator
   * stands for an https site). false = a plain-http site, where WordPress does not offer application
   * passwords at all (wp_is_application_passwords_available()).
   */
  siteIsHttps?: boolean;
}

export interface WooStats {
  requests: number;
  ordersServed: number;
  prettyRequests: number;
  plainRequests: number;
  authFailures: number;
  injectedFailures: number;
  settingsRequests: number;
  refundsRequests: number;
  requestLines: string[];
}

/** `orderby` values in the docs' "List all orders" parameters. */
const DOCUMENTED_ORDERBY = ['date', 'id', 'include', 'title', 'slug'];
/** WordPress's enum message style: "a, b, and c". */
const listOf = (v: string[]) => (v.length > 2 ? `${v.slice(0, -1).join(', ')}, and ${v[v.length - 1]}` : v.join(' and '));

const THEME_404 = '<!DOCTYPE html><html><head><title>Page not found – My Store</title></head><body><h1>Oops! That page can’t be found.</h1></body></html>';
const FIREWALL_403 =
  '<!DOCTYPE html><html><head><title>403 Forbidden</title></head><body><h1>Your access to this site has been limited by the site owner</h1></body></html>';
const MAINTENANCE =
  '<!DOCTYPE html><html><head><title>Maintenance</title></head><body><h1>Briefly unavailable for scheduled maintenance. Check back in a minute.</h1></body></html>';

function invalidParam(res: ServerResponse, name: string, why: string): void {
  sendJson(res, 400, { code: 'rest_invalid_param', message: `Invalid parameter(s): ${name}`, data: { status: 400, params: { [name]: why } } });
}

export async function startWooSimulator(opts: WooSimulatorOptions = {}) {
  const clock = opts.clock ?? Date.now;
  const book = new OrderBook({ ...opts, clock });
  const key = opts.consumerKey ?? 'ck_0123456789abcdef0123456789abcdef01234567';
  const secret = opts.consumerSecret ?? 'cs_0123456789abcdef0123456789abcdef01234567';
  const failures = new FailurePlan(opts.failEvery ?? 0, opts.failStatus ?? 503);
  const offset = opts.utcOffsetHours ?? 2;
  const stats: WooStats = {
    requests: 0,
    ordersServed: 0,
    prettyRequests: 0,
    plainRequests: 0,
    authFailures: 0,
    injectedFailures: 0,
    settingsRequests: 0,
    refundsRequests: 0,
    requestLines: [],
  };
  /**
   * HTTP Basic with the consumer key and secret (developer.woocommerce.com/docs/apis/rest-api/authentication),
   * or a WordPress username and application password (app-passwords.ts).
   */
  const authenticate = (header: string | undefined, what: 'list' | 'view'): AuthOutcome => {
    const auth = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header ?? '');
    const [user, pass] = auth ? Buffer.from(auth[1]!, 'base64').toString('utf8').split(/:(.*)/s) : [];
    const cannot = what === 'list' ? 'Sorry, you cannot list resources.' : 'Sorry, you cannot view this resource.';
    if (user === key && pass === secret) return { ok: true };
    if (user !== undefined && pass !== undefined && !user.startsWith('ck_') && (opts.appPasswordUsers ?? []).length > 0) {
      return appPasswordAuth(opts.appPasswordUsers ?? [], user, pass, { siteIsHttps: opts.siteIsHttps ?? true, cannot });
    }
    return { ok: false, status: 401, code: 'woocommerce_rest_cannot_view', message: cannot };
  };
  const refuse = (res: ServerResponse, outcome: Exclude<AuthOutcome, { ok: true }>): void => {
    stats.authFailures += 1;
    sendJson(res, outcome.status, { code: outcome.code, message: outcome.message, data: { status: outcome.status } });
  };

  const moneyOpts = {
    decimals: opts.decimals,
    ...(opts.extraDigits ? { extraDigits: true } : {}),
    ...(opts.oddMoneyEvery ? { oddMoneyEvery: opts.oddMoneyEvery } : {}),
  };
  /** An order as the store holds it (its own decimals, no REST `dp` rounding): for tests to compare with. */
  const storeJson = (o: BookOrder) => wooOrderJson(o, { ...moneyOpts, dp: Math.max(opts.decimals ?? o.exponent, o.exponent), utcOffsetHours: offset });
  const storeRefunds = (o: BookOrder) => wooRefundsJson(o, { ...moneyOpts, dp: Math.max(opts.decimals ?? o.exponent, o.exponent), utcOffsetHours: offset });

  const server = createServer((req, res) => {
    stats.requests += 1;
    const url = new URL(req.url ?? '/', 'http://sim.invalid');
    stats.requestLines.push(`${req.method} ${url.pathname}${url.search}`);
    if (stats.requestLines.length > 2000) stats.requestLines.shift();
    const q = url.searchParams;
    let route: string | undefined;
    if (url.pathname.startsWith('/wp-json/')) {
      if (opts.plainPermalinks) return sendHtml(res, 404, THEME_404);
      route = url.pathname.slice('/wp-json'.length);
      stats.prettyRequests += 1;
    } else if (url.pathname === '/' && q.has('rest_route')) {
      route = q.get('rest_route') ?? '';
      stats.plainRequests += 1;
    } else {
      return sendHtml(res, 404, THEME_404);
    }
    if (opts.securityPlugin) return sendHtml(res, 403, FIREWALL_403);
    if (opts.maintenance) return sendHtml(res, 503, MAINTENANCE, { 'retry-after': '600' });
    const fail = failures.next();
    if (fail) {
      stats.injectedFailures += 1;
      const ra = opts.retryAfterSec ?? 1;
      const headers: Record<string, string> = ra > 0 && (fail === 429 || fail === 503) ? { 'retry-after': String(ra) } : {};
      return sendJson(res, fail, { code: 'simulated_failure', message: 'Simulated failure', data: { status: fail } }, headers);
    }
    if (route.replace(/\/$/, '') === '/wc/v3/settings/general/woocommerce_price_num_decimals' && req.method === 'GET') {
      const who = authenticate(req.headers.authorization, 'view');
      if (!who.ok) return refuse(res, who);
      stats.settingsRequests += 1;
      if (opts.settingsForbidden)
        return sendJson(res, 403, { code: 'woocommerce_rest_cannot_view', message: 'Sorry, you cannot view this resource.', data: { status: 403 } });
      const value = String(opts.decimals ?? 2);
      return sendJson(res, 200, {
        id: 'woocommerce_price_num_decimals',
        label: 'Number of decimals',
        description: 'This sets the number of decimal points shown in displayed prices.',
        type: 'number',
        default: '2',
        tip: 'This sets the number of decimal points shown in displayed prices.',
        value,
        group_id: 'general',
      });
    }
    const refundsOf = /^\/wc\/v3\/orders\/(\d+)\/refunds\/?$/.exec(route);
    if (refundsOf && req.method === 'GET') return serveRefunds(res, Number(refundsOf[1]), q, req.headers.authorization, url);
    if (route.replace(/\/$/, '') !== '/wc/v3/orders') {
      return sendJson(res, 404, { code: 'rest_no_route', message: 'No route was found matching the URL and request method.', data: { status: 404 } });
    }
    if (req.method !== 'GET')
      return sendJson(res, 404, { code: 'rest_no_route', message: 'No route was found matching the URL and request method.', data: { status: 404 } });
    const who = authenticate(req.headers.authorization, 'list');
    if (!who.ok) return refuse(res, who);
    const perPage = Number(q.get('per_page') ?? '10');
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100)
      return invalidParam(res, 'per_page', 'per_page must be between 1 (inclusive) and 100 (inclusive)');
    const page = Number(q.get('page') ?? '1');
    if (!Number.isInteger(page) || page < 1) return invalidParam(res, 'page', 'page must be greater than or equal to 1');
    let afterMs = -Infinity;
    const after = q.get('modified_after');
    if (after) {
      const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(after);
      afterMs = Date.parse(zoned ? after : `${after}Z`) - (zoned || q.get('dates_are_gmt') === 'true' ? 0 : offset * 3_600_000);
      if (!Number.isFinite(afterMs)) return invalidParam(res, 'modified_after', 'Invalid date.');
    }
    // `dp`: "Number of decimal points to use in each resource. Default is 2." (WooCommerce REST API
    // docs, wp-api-v3 "List all orders" parameters; woocommerce/woocommerce-rest-api-docs): money is
    // rounded to dp decimals whatever the currency, so a KWD store answers "12.35" unless dp >= 3.
    const dpParam = q.get('dp');
    if (dpParam !== null && !/^\d{1,2}$/.test(dpParam)) return invalidParam(res, 'dp', 'dp is not of type integer.');
    const dp = dpParam === null ? 2 : Number(dpParam);
    const json = (o: BookOrder) =>
      wooOrderJson(o, {
        ...moneyOpts,
        dp,
        utcOffsetHours: offset,
        ...(opts.paidGmtMissingEvery ? { paidGmtMissingEvery: opts.paidGmtMissingEvery } : {}),
      });
    const orderby = q.get('orderby') ?? 'date';
    const orderbyValues = opts.orderbyModified === false ? DOCUMENTED_ORDERBY : [...DOCUMENTED_ORDERBY, 'modified'];
    if (!orderbyValues.includes(orderby)) return invalidParam(res, 'orderby', `orderby is not one of ${listOf(orderbyValues)}.`);
    const order = q.get('order') ?? 'desc';
    if (order !== 'asc' && order !== 'desc') return invalidParam(res, 'order', 'order is not one of asc and desc.');
    const desc = order === 'desc';
    // Stored modified times have second precision; modified_after is exclusive.
    const visible = (o: BookOrder) => Math.floor(o.updatedAt / 1000) * 1000 > afterMs;
    let slice: BookOrder[];
    let total: number;
    if (orderby === 'modified' && !desc) {
      const start = afterMs === -Infinity ? 0 : book.lowerBound(Math.floor(afterMs / 1000) * 1000 + 1000);
      total = book.size - start;
      slice = [];
      for (let p = start + (page - 1) * perPage; slice.length < perPage; p++) {
        const o = book.at(p);
        if (!o) break;
        slice.push(o);
      }
    } else {
      const sortKey = (o: BookOrder) => (orderby === 'modified' ? o.updatedAt : orderby === 'id' ? o.index : o.createdAt);
      // ties broken by id, as WP_Query's ORDER BY does for posts with the same date
      const all = book
        .all()
        .filter(visible)
        .sort((a, b) => (sortKey(a) - sortKey(b) || a.index - b.index) * (desc ? -1 : 1));
      total = all.length;
      slice = all.slice((page - 1) * perPage, page * perPage);
    }
    stats.ordersServed += slice.length;
    const fields = q.get('_fields');
    sendJson(
      res,
      200,
      slice.map((o) => applyFields(json(o), fields)),
      pageHeaders(url, page, total, perPage),
    );
  });

  /** _introduction.md "Pagination": `X-WP-Total`, `X-WP-TotalPages` and a `Link` header with prev / next. */
  const pageHeaders = (url: URL, page: number, total: number, perPage: number): Record<string, string> => {
    const totalPages = Math.ceil(total / perPage);
    const links: string[] = [];
    const linkTo = (p: number) => {
      const u = new URL(`http://127.0.0.1${url.pathname}${url.search}`);
      u.searchParams.set('page', String(p));
      return `<${u.pathname}${u.search}>`;
    };
    if (page > 1) links.push(`${linkTo(page - 1)}; rel="prev"`);
    if (page < totalPages) links.push(`${linkTo(page + 1)}; rel="next"`);
    return { 'x-wp-total': String(total), 'x-wp-totalpages': String(totalPages), ...(links.length ? { link: links.join(', ') } : {}) };
  };

  /**
   * `GET /wc/v3/orders/<id>/refunds` (_order-refunds.md "List all refunds"), each answer and its source:
   *  - The same authentication and refusals as the orders list: 401 / 403 `woocommerce_rest_cannot_view`
   *    "Sorry, you cannot list resources." (_introduction.md "Errors"; `authenticate` above).
   *  - Parameters from the docs' "Available parameters": `page` (default 1), `per_page` (default 10),
   *    `order` (asc, desc; default desc), `orderby` (date, id, include, title, slug; default date) and `dp`
   *    ("Number of decimal points to use in each resource. Default is 2."); a value outside its schema is
   *    400 `rest_invalid_param` as for orders (per_page 1..100: WooCommerce's collection params).
   *    WooCommerce's code falls back to the store's decimals when `dp` is absent
   *    (WC_REST_Order_Refunds_V2_Controller::prepare_object_for_response); the simulator follows the docs' 2.
   *  - Paginated like every list: `X-WP-Total`, `X-WP-TotalPages`, `Link` (_introduction.md "Pagination").
   *  - An order id that is not an order: the docs list no refusal, and WooCommerce's list query only filters
   *    refunds by parent (`post_parent__in`, WC_REST_Order_Refunds_V2_Controller::prepare_objects_query), so
   *    the answer is 200 with an empty list and `X-WP-Total: 0`. (404 `woocommerce_rest_shop_order_invalid_id`
   *    is `GET /orders/<id>`'s answer, not this route's.) A non-numeric id does not match the route
   *    (`orders/(?P<order_id>[\d]+)/refunds`): 404 `rest_no_route`.
   *  - `_fields` trims the objects (WP REST global parameter), as for orders.
   */
  const serveRefunds = (res: ServerResponse, orderId: number, q: URLSearchParams, authorization: string | undefined, url: URL): void => {
    const who = authenticate(authorization, 'list');
    if (!who.ok) return refuse(res, who);
    stats.refundsRequests += 1;
    const perPage = Number(q.get('per_page') ?? '10');
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100)
      return invalidParam(res, 'per_page', 'per_page must be between 1 (inclusive) and 100 (inclusive)');
    const page = Number(q.get('page') ?? '1');
    if (!Number.isInteger(page) || page < 1) return invalidParam(res, 'page', 'page must be greater than or equal to 1');
    const dpParam = q.get('dp');
    if (dpParam !== null && !/^\d{1,2}$/.test(dpParam)) return invalidParam(res, 'dp', 'dp is not of type integer.');
    const orderby = q.get('orderby') ?? 'date';
    if (!DOCUMENTED_ORDERBY.includes(orderby)) return invalidParam(res, 'orderby', `orderby is not one of ${listOf(DOCUMENTED_ORDERBY)}.`);
    const order = q.get('order') ?? 'desc';
    if (order !== 'asc' && order !== 'desc') return invalidParam(res, 'order', 'order is not one of asc and desc.');
    const index = orderId - WOO_ID_BASE;
    const known = Number.isSafeInteger(index) && index >= 1 && index <= book.size ? book.get(index) : undefined;
    const all = known ? wooRefundsJson(known, { ...moneyOpts, dp: dpParam === null ? 2 : Number(dpParam), utcOffsetHours: offset }) : [];
    // newest first by default, as in the docs' example (726 before 724); ties by id
    const key = (r: Record<string, unknown>) =>
      orderby === 'id' ? String(r.id).padStart(12, '0') : `${String(r.date_created_gmt)}${String(r.id).padStart(12, '0')}`;
    const sorted = [...all].sort((a, b) => key(a).localeCompare(key(b)) * (order === 'desc' ? -1 : 1));
    const fields = q.get('_fields');
    sendJson(
      res,
      200,
      sorted.slice((page - 1) * perPage, page * perPage).map((r) => applyFields(r, fields)),
      pageHeaders(url, page, sorted.length, perPage),
    );
  };
  const { baseUrl, close } = await listenLocal(server);
  const id = (i: number) => String(WOO_ID_BASE + i);

  return {
    baseUrl,
    consumerKey: key,
    consumerSecret: secret,
    close,
    stats: (): WooStats => ({ ...stats, requestLines: [...stats.requestLines] }),
    failNext: (count: number, status = 503) => failures.failNext(count, status),
    setOptions: (o: Pick<WooSimulatorOptions, 'plainPermalinks' | 'securityPlugin' | 'maintenance'>) => Object.assign(opts, o),
    touchOrders: (n: number) => book.touch(n).map(id),
    addOrders: (n: number) => book.add(n).map(id),
    orderCount: () => book.size,
    /** Each order's exact store total (`totalMinor` at `exponent`, the store's decimals) and its full JSON. */
    orderSnapshot: () =>
      book.all().map((o) => {
        const t = storeTotal(o, moneyOpts);
        return { platformId: id(o.index), totalMinor: t.minor, exponent: t.exponent, currency: o.currency, json: storeJson(o), refunds: storeRefunds(o) };
      }),
  };
}

export type WooSimulator = Awaited<ReturnType<typeof startWooSimulator>>;
