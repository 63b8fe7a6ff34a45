import { AuthorizationError, ErrorCode } from '../errors.ts';
import type { ProviderProfile } from '../providers/profile.ts';
import { isValidShopDomain, verifyShopifyHmac } from '../providers/shopify-hmac.ts';

/**
 * Platform-specific callback checks that run before state, iss or the code are looked at
 * (providers.md, Shopify: "verify hmac ... and validate shop ... before anything else").
 * A failure is `HmacInvalid` (the response is not trusted; the flow keeps waiting).
 */
export function runCallbackChecks(profile: ProviderProfile, params: URLSearchParams, plain: Record<string, string>, secret: Record<string, string>): void {
  for (const check of profile.callbackChecks) {
    if (check === 'shopify-hmac') {
      const key = secret[profile.client?.secretField ?? 'clientSecret'];
      if (!key || !verifyShopifyHmac(params, key)) {
        throw new AuthorizationError(ErrorCode.HmacInvalid, 'The sign-in response was not signed by Shopify with your app secret, so it was ignored.');
      }
    } else if (check === 'shop-domain') {
      const shop = params.get('shop');
      if (params.getAll('shop').length !== 1 || !isValidShopDomain(shop) || shop.toLowerCase() !== (plain.shop ?? '').toLowerCase()) {
        throw new AuthorizationError(ErrorCode.HmacInvalid, 'The sign-in response named a different shop than the one you entered, so it was ignored.');
      }
    }
  }
}
