/**
 * Revoking a connection's grant at its provider: RFC 7009 (refresh token first, with
 * token_type_hint, then the access token) or the platform's uninstall call; 503 and unreachable
 * are retried a little, then reported as "retry later" (RFC 7009 §2.2.1). Used by disconnect.ts
 * and pending-revocations.ts (kept apart so neither imports the other).
 * https://www.rfc-editor.org/rfc/rfc7009#section-2
 */
import { HttpError } from '../errors.ts';
import { revokeToken, type RevocationResult } from '../oauth/revocation-request.ts';
import type { TokenSet } from '../vault/token-set.ts';
import type { ProviderProfile } from '../providers/profile.ts';
import type { CoreContext } from './context.ts';
import { clientIdOf } from './oauth-client.ts';
import { credentialHeaders, resolveApiUrl } from './api-auth.ts';

const RETRY_DELAYS_MS = [500, 1500];

export async function revokeAtProvider(
  ctx: CoreContext,
  profile: ProviderProfile,
  fields: Record<string, string>,
  tokens: TokenSet | undefined,
  secret: Record<string, string>,
  sleep: (ms: number) => Promise<void>,
): Promise<RevocationResult> {
  const method = profile.revocation;
  if (method.kind === 'unsupported') return { revoked: false, reason: method.reason, retryLater: false };
  if (!tokens) return { revoked: false, reason: 'there was no valid sign-in left to revoke', retryLater: false };
  let endpoints;
  try {
    endpoints = await ctx.endpoints.resolve(profile, fields);
  } catch (err) {
    return { revoked: false, reason: `the provider could not be reached (${err instanceof Error ? err.message : 'error'})`, retryLater: true };
  }
  const attempt = async (): Promise<RevocationResult> => {
    if (method.kind === 'shopify-uninstall') return shopifyUninstall(ctx, profile, fields, secret, tokens.accessToken, endpoints.apiBase);
    if (!endpoints.revocation) return { revoked: false, reason: 'the provider does not offer token revocation', retryLater: false };
    const clientSecret = secret[profile.client?.secretField ?? 'clientSecret'];
    const base = { endpoint: endpoints.revocation, clientId: clientIdOf(profile, fields), ...(clientSecret ? { clientSecret } : {}) };
    // Revoking the refresh token revokes the grant (RFC 7009 §2.1); the access token after it.
    const first = tokens.refreshToken
      ? await revokeToken(ctx.http, { ...base, token: tokens.refreshToken, hint: 'refresh_token' })
      : await revokeToken(ctx.http, { ...base, token: tokens.accessToken, hint: 'access_token' });
    if (first.revoked && tokens.refreshToken) await revokeToken(ctx.http, { ...base, token: tokens.accessToken, hint: 'access_token' });
    return first;
  };
  let result = await attempt();
  for (const delay of RETRY_DELAYS_MS) {
    if (result.revoked || !result.retryLater) break;
    await sleep(delay); // RFC 7009 §2.2.1: 503 means try again later
    result = await attempt();
  }
  return result;
}

/** Shopify has no RFC 7009: the app uninstalls itself (DELETE /admin/api_permissions/current.json). */
async function shopifyUninstall(
  ctx: CoreContext,
  profile: ProviderProfile,
  fields: Record<string, string>,
  secret: Record<string, string>,
  accessToken: string,
  apiBase: string,
): Promise<RevocationResult> {
  try {
    const res = await ctx.http.request({
      method: 'DELETE',
      url: resolveApiUrl(apiBase, 'admin/api_permissions/current.json'),
      headers: credentialHeaders(profile, fields, secret, accessToken),
      timeoutMs: 10_000,
    });
    if (res.status === 200 || res.status === 204) return { revoked: true };
    if (res.status === 401) return { revoked: true }; // already uninstalled or token already invalid
    return { revoked: false, reason: `Shopify refused the uninstall (HTTP ${res.status})`, retryLater: res.status >= 500 };
  } catch (err) {
    return { revoked: false, reason: `Shopify could not be reached (${err instanceof HttpError ? err.message : 'error'})`, retryLater: true };
  }
}
