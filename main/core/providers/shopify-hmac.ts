/**
 * Shopify callback checks, run before anything else touches the callback (providers.md, Shopify
 * "callback check"). Fail closed: duplicated parameters, a missing or malformed `hmac`, or a shop
 * that is not a `*.myshopify.com` name all count as invalid.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * `shop` must be a myshopify.com host name, nothing else (no scheme, port, path or other domain);
 * the rule lives in shared/field-rules.ts with the form's.
 */
export { isValidShopDomain } from '../../../shared/field-rules.ts';

/** The message Shopify signs: every parameter except `hmac`, sorted by name, form-encoded `k=v&...`. */
export function shopifyHmacMessage(query: URLSearchParams): string {
  const entries = [...query.entries()].filter(([k]) => k !== 'hmac');
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return new URLSearchParams(entries).toString();
}

/**
 * Verifies the `hmac` parameter of an OAuth callback (HMAC-SHA256 keyed with the app's client
 * secret, hex), comparing in constant time.
 * Spec: https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant#step-1-verify-the-installation-request
 */
export function verifyShopifyHmac(query: URLSearchParams, secret: string): boolean {
  if (!secret) return false;
  const seen = new Set<string>();
  for (const k of query.keys()) {
    if (seen.has(k)) return false;
    seen.add(k);
  }
  const given = query.get('hmac');
  if (!given || !/^[0-9a-fA-F]{64}$/.test(given)) return false;
  const expected = createHmac('sha256', secret).update(shopifyHmacMessage(query)).digest();
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}
