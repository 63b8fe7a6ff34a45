import { AuthorizationError, ErrorCode, StorelinkError } from '../errors.ts';
import { authorizationErrorFrom, validateAuthorizationResponse, type ExpectedCallback } from '../oauth/authorization-response.ts';
import type { CallbackPage } from '../oauth/callback-page.ts';
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

/** What one callback means for the pending flow. */
export type CallbackVerdict =
  | { kind: 'code'; code: string }
  /** A response for another flow (wrong state, bad signature): answered, ignored; the flow keeps waiting. */
  | { kind: 'ignore'; page: CallbackPage }
  /** A response for this flow that ends it: consent denied, issuer mismatch, no code. */
  | { kind: 'error'; error: StorelinkError };

/**
 * Judges one loopback callback: platform checks first (Shopify: HMAC and shop before anything
 * else), then `state` (RFC 9700 §4.2.4; a mismatch never ends the flow, security.md #5), then
 * `iss` (RFC 9207 §2.4), then the code or the error response (RFC 6749 §4.1.2, §4.1.2.1).
 * https://www.rfc-editor.org/rfc/rfc9207#section-2.4
 */
export function judgeCallback(
  input: { profile: ProviderProfile; plain: Record<string, string>; secret: Record<string, string> },
  params: URLSearchParams,
  expected: ExpectedCallback,
): CallbackVerdict {
  try {
    runCallbackChecks(input.profile, params, input.plain, input.secret);
    const outcome = validateAuthorizationResponse(params, expected);
    if (outcome.kind === 'error') return { kind: 'error', error: authorizationErrorFrom(outcome) };
    return { kind: 'code', code: outcome.code };
  } catch (err) {
    const e = err instanceof StorelinkError ? err : new AuthorizationError(ErrorCode.CallbackInvalid, 'The sign-in response was not valid.');
    if (e.code === ErrorCode.StateMismatch || e.code === ErrorCode.HmacInvalid) {
      return { kind: 'ignore', page: { ok: false, title: 'Sign-in response rejected', message: e.message } };
    }
    return { kind: 'error', error: e };
  }
}
