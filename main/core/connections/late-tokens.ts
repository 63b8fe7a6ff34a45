import type { TokenResponseJson } from '../oauth/token-response.ts';
import { revokeToken } from '../oauth/revocation-request.ts';
import type { CoreContext } from './context.ts';
import type { ResolvedEndpoints } from './endpoints.ts';
import type { FlowInput } from './flow-input.ts';
import { clientIdOf } from './oauth-client.ts';

export type LateTokenOutcome = 'revoked' | 'not-revoked' | 'nothing-to-revoke';

/**
 * Tokens that arrived for a sign-in that was cancelled (cancel, app close, a newer connect) while
 * the code exchange was in flight (security.md #41). They are never stored: not in the keychain,
 * not in memory, not in a record. Where the provider supports RFC 7009 they are revoked, refresh
 * token first (revoking it ends the grant, §2.1), then the access token. Raw JSON is read
 * directly (no validation): even a malformed response's tokens should die at the provider.
 * https://www.rfc-editor.org/rfc/rfc7009#section-2.1
 */
export async function revokeLateTokens(ctx: CoreContext, input: FlowInput, endpoints: ResolvedEndpoints, json: TokenResponseJson): Promise<LateTokenOutcome> {
  const raw = json as Record<string, unknown>;
  const refresh = typeof raw.refresh_token === 'string' ? raw.refresh_token : undefined;
  const access = typeof raw.access_token === 'string' ? raw.access_token : undefined;
  if (!refresh && !access) return 'nothing-to-revoke';
  if (input.profile.revocation.kind !== 'rfc7009' || !endpoints.revocation) {
    ctx.logger.warn('sign-in cancelled after the provider issued tokens; they were discarded, the provider offers no revocation', {
      provider: input.profile.id,
    });
    return 'not-revoked';
  }
  const { profile, plain, secret } = input;
  const clientSecret = secret[profile.client?.secretField ?? 'clientSecret'];
  const base = { endpoint: endpoints.revocation, clientId: clientIdOf(profile, plain), ...(clientSecret ? { clientSecret } : {}) };
  let ok = true;
  if (refresh) ok = (await revokeToken(ctx.http, { ...base, token: refresh, hint: 'refresh_token' })).revoked && ok;
  if (access) ok = (await revokeToken(ctx.http, { ...base, token: access, hint: 'access_token' })).revoked && ok;
  if (!ok) ctx.logger.warn('sign-in cancelled after the provider issued tokens; they were discarded, revoking them failed', { provider: profile.id });
  return ok ? 'revoked' : 'not-revoked';
}
