/**
 * Etsy Open API v3 application endpoints, held to Etsy's OpenAPI spec (the OAS 3.0.0 JSON that
 * developers.etsy.com/documentation/reference renders, www.etsy.com/openapi/generated/oas/3.0.0.json;
 * read in its 2026-05 form, and github.com/etsy/open-api openapi.json for the 2021 history):
 *  - components.securitySchemes.api_key: header `x-api-key`, "in the format `keystring:shared_secret`".
 *    Since 2026-02-09 a keystring alone is refused: 403 "Shared secret is required in x-api-key header.",
 *    a malformed value 403 "Invalid API key: should be in the format 'keystring:shared_secret'."
 *    (providers.md "Changes since...", Etsy).
 *  - Each operation's `security` entry lists its OAuth scopes; a token without them is refused with the
 *    documented 403 ("The request attempted to perform an operation it is not allowed to") and the spec's
 *    ErrorSchema body `{error: string}`:
 *      getMe            GET /v3/application/users/me              -> shops_r; 200 Self {user_id, shop_id}
 *      getShopReceipts  GET /v3/application/shops/{shop_id}/receipts -> transactions_r; 200 ShopReceipts {count, results}
 *  - getShopReceipts parameters: shop_id integer minimum 1; min_created/max_created/min_last_modified/
 *    max_last_modified integer minimum 946684800; limit integer 1..100 default 25; offset integer
 *    minimum 0 default 0; sort_on enum created|updated|receipt_id default created; sort_order enum
 *    asc|ascending|desc|descending|up|down default desc. Out of range or not an integer -> 400 ErrorSchema.
 *  - 401 "The request lacks valid authentication credentials" for a missing, expired or revoked token.
 *  - Rate limits (providers.md "Changes since...", Etsy): headers x-limit-per-second, x-remaining-this-second,
 *    x-limit-per-day, x-remaining-today; 429 with retry-after.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../square/http-util.ts';
import type { EtsyContext } from './context.ts';
import type { EtsyReceipt } from './store.ts';

/** The `minimum` of getShopReceipts' min_last_modified / max_last_modified in Etsy's Open API v3 spec. */
export const ETSY_MIN_TIMESTAMP = 946_684_800;

/** Runs every check in Etsy's order; returns the token's scopes and the rate headers, or undefined if answered. */
function guard(ctx: EtsyContext, req: IncomingMessage, res: ServerResponse): { scopes: string[]; headers: Record<string, string> } | undefined {
  ctx.stats.apiCalls++;
  const apiKey = req.headers['x-api-key'];
  const keyError =
    typeof apiKey !== 'string' || apiKey === ''
      ? 'Missing API key: the x-api-key header is required.'
      : !apiKey.includes(':')
        ? 'Shared secret is required in x-api-key header.'
        : !/^[^:\s]+:[^:\s]+$/.test(apiKey) || apiKey !== `${ctx.keystring}:${ctx.sharedSecret}`
          ? "Invalid API key: should be in the format 'keystring:shared_secret'."
          : undefined;
  if (keyError) {
    ctx.stats.apiKeyRejected++;
    sendJson(res, 403, { error: keyError });
    return undefined;
  }
  const sec = Math.floor(ctx.now() / 1000);
  if (ctx.window.second !== sec) ctx.window = { second: sec, count: 0, today: ctx.window.today };
  ctx.window.count++;
  ctx.window.today++;
  const headers = {
    'x-limit-per-second': String(ctx.perSecond),
    'x-remaining-this-second': String(Math.max(0, ctx.perSecond - ctx.window.count)),
    'x-limit-per-day': String(ctx.perDay),
    'x-remaining-today': String(Math.max(0, ctx.perDay - ctx.window.today)),
  };
  const fault = ctx.faults.next();
  ctx.stats.rateLimited = ctx.faults.rateLimited;
  ctx.stats.failed = ctx.faults.failed;
  if (fault === 'rate-limit' || ctx.window.count > ctx.perSecond || ctx.window.today > ctx.perDay) {
    if (fault !== 'rate-limit') ctx.stats.rateLimited++;
    sendJson(res, 429, { error: 'You have exceeded your quota' }, { ...headers, 'retry-after': String(ctx.retryAfterSec) });
    return undefined;
  }
  if (fault === 'fail') {
    sendJson(res, 503, { error: 'Service Unavailable' });
    return undefined;
  }
  const m = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
  const token = m ? ctx.tokens.get(m[1]!) : undefined;
  if (!token || token.kind !== 'access' || token.revoked || token.expiresAt <= ctx.now()) {
    sendJson(res, 401, { error: 'invalid_token', error_description: 'access token is invalid or expired' }, headers);
    return undefined;
  }
  return { scopes: token.scopes, headers };
}

export function handleMe(ctx: EtsyContext, req: IncomingMessage, res: ServerResponse): void {
  ctx.stats.meCalls++;
  const g = guard(ctx, req, res);
  if (!g) return;
  // getMe's `security` entry in Etsy's Open API v3 spec: oauth2 scope shops_r
  // (developers.etsy.com/documentation/reference/#operation/getMe; providers.md "Facts from the official references").
  if (!g.scopes.includes('shops_r')) return sendJson(res, 403, { error: 'Missing required scope: shops_r' }, g.headers);
  sendJson(res, 200, { user_id: ctx.store.userId, shop_id: ctx.store.shopId }, g.headers);
}

const SORT_ON: Record<string, keyof EtsyReceipt> = { created: 'created_timestamp', updated: 'updated_timestamp', receipt_id: 'receipt_id' };
const SORT_ORDER: Record<string, 1 | -1> = { asc: 1, ascending: 1, up: 1, desc: -1, descending: -1, down: -1 };

function intParam(q: URLSearchParams, name: string, def: number | undefined, min: number, max: number): number | undefined | 'bad' {
  const v = q.get(name);
  if (v === null) return def;
  if (!/^\d+$/.test(v)) return 'bad';
  const n = Number(v);
  return n < min || n > max ? 'bad' : n;
}

export function handleReceipts(ctx: EtsyContext, shopId: string, url: URL, req: IncomingMessage, res: ServerResponse): void {
  ctx.stats.receiptsCalls++;
  const g = guard(ctx, req, res);
  if (!g) return;
  const q = url.searchParams;
  ctx.stats.lastReceiptsQuery = Object.fromEntries(q.entries());
  if (!g.scopes.includes('transactions_r')) return sendJson(res, 403, { error: 'Missing required scope: transactions_r' }, g.headers);
  // shop_id: integer, minimum 1 (getShopReceipts parameters)
  if (!/^[1-9]\d*$/.test(shopId)) return sendJson(res, 400, { error: `Expected integer value for 'shop_id' (got ${JSON.stringify(shopId)})` }, g.headers);
  if (shopId !== String(ctx.store.shopId)) return sendJson(res, 403, { error: 'The user does not own this shop' }, g.headers);
  const limit = intParam(q, 'limit', 25, 1, 100);
  const offset = intParam(q, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
  // getShopReceipts parameters: min/max_last_modified have minimum 946684800 (2000-01-01) in the spec.
  const minMod = intParam(q, 'min_last_modified', undefined, ETSY_MIN_TIMESTAMP, 9_999_999_999);
  const maxMod = intParam(q, 'max_last_modified', undefined, ETSY_MIN_TIMESTAMP, 9_999_999_999);
  const sortOn = SORT_ON[q.get('sort_on') ?? 'created'];
  const dir = SORT_ORDER[q.get('sort_order') ?? 'desc'];
  for (const [name, v] of [
    ['limit', limit],
    ['offset', offset],
    ['min_last_modified', minMod],
    ['max_last_modified', maxMod],
  ] as const) {
    if (v === 'bad') return sendJson(res, 400, { error: `Invalid value for ${name}` }, g.headers);
  }
  if (!sortOn || !dir) return sendJson(res, 400, { error: 'Invalid sort_on or sort_order' }, g.headers);
  const matching = ctx.store.receipts
    .filter((r) => (minMod === undefined || r.updated_timestamp >= (minMod as number)) && (maxMod === undefined || r.updated_timestamp <= (maxMod as number)))
    .sort((a, b) => dir * ((a[sortOn] as number) - (b[sortOn] as number)) || a.receipt_id - b.receipt_id);
  const start = offset as number;
  const results = matching.slice(start, start + (limit as number));
  sendJson(res, 200, { count: matching.length, results: structuredClone(results) }, g.headers);
}
