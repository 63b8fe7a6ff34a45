/**
 * Etsy Open API v3 application endpoints: every call needs `x-api-key: {keystring}:{shared_secret}`
 * (else 403) and a Bearer token. GET /v3/application/users/me and
 * GET /v3/application/shops/{shop_id}/receipts (getShopReceipts: limit 1..100, offset,
 * min/max_last_modified in unix seconds, sort_on created|updated|receipt_id, sort_order asc|desc|up|down).
 * Rate-limit headers x-remaining-this-second / x-remaining-today; 429 with retry-after.
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
  if (req.headers['x-api-key'] !== `${ctx.keystring}:${ctx.sharedSecret}`) {
    ctx.stats.apiKeyRejected++;
    sendJson(res, 403, { error: 'Invalid API key: the x-api-key header must be keystring:shared_secret' });
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
