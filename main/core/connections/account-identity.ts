import type { TokenResponse } from '../oauth/token-response.ts';
import type { ProviderProfile } from '../providers/profile.ts';

/**
 * One store, one connection (issue 10 item 3): the identity of the store (or account) a connection
 * reaches, as its platform reports it, `{platform}:{id}`:
 *  - Shopify: the shop's permanent `*.myshopify.com` domain (token response `shop`, else the form),
 *    the same for the OAuth and the Admin API token profiles: both reach one shop;
 *  - WooCommerce: the store URL (scheme and host lower-cased, default port and trailing `/` dropped);
 *  - Square: `merchant_id` of the token response; Etsy: the user id prefixed to its tokens (one
 *    Etsy user owns one shop); the Demo store: its `store_id`;
 *  - OpenID providers: the issuer and the ID token's `sub`.
 * `platform` is the order adapter when there is one, so two profiles of one platform share it.
 * Undefined when nothing identifies the store (a connection is then never merged).
 */
export function accountIdOf(profile: ProviderProfile, plain: Record<string, string>, resp: TokenResponse | undefined): string | undefined {
  const platform = profile.orders ?? profile.id;
  const id = resp?.tenant ?? shopOf(plain) ?? storeUrlOf(plain) ?? oidcSubject(plain, resp);
  return id ? `${platform}:${id}` : undefined;
}

function shopOf(plain: Record<string, string>): string | undefined {
  return plain.shop ? plain.shop.trim().toLowerCase() : undefined;
}

/** https://url.spec.whatwg.org/#concept-url-serializer: `URL` lower-cases the host and drops a default port. */
function storeUrlOf(plain: Record<string, string>): string | undefined {
  if (!plain.storeUrl) return undefined;
  try {
    const u = new URL(plain.storeUrl.trim());
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return undefined;
  }
}

/** OpenID Connect Core §2: `iss` + `sub` identify the end-user; read for identity only, never for trust. */
function oidcSubject(plain: Record<string, string>, resp: TokenResponse | undefined): string | undefined {
  const part = resp?.idToken?.split('.')[1];
  if (!part || !plain.issuer) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as { sub?: unknown };
    return typeof claims.sub === 'string' && claims.sub ? `${plain.issuer}#${claims.sub}` : undefined;
  } catch {
    return undefined;
  }
}
