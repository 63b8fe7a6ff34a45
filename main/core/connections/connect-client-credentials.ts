import { ErrorCode, StorelinkError, TokenEndpointError } from '../errors.ts';
import { requestClientCredentialsToken } from '../oauth/token-request.ts';
import { normalizeTokenResponse } from '../oauth/token-response.ts';
import type { ProviderProfile } from '../providers/profile.ts';
import type { ConnectionRecord } from '../store/connection-records.ts';
import type { CoreContext } from './context.ts';
import { tokenClientOf } from './oauth-client.ts';
import { saveConnection } from './save-connection.ts';

/**
 * Plain words for a refused client credentials request. Shopify answers a secret or client id it
 * does not know with `invalid_client`, and an app that is not installed on that store with
 * `app_not_installed` (shopify.dev client credentials grant; community.shopify.dev thread 33287).
 */
export function clientCredentialsError(profile: ProviderProfile, store: string | undefined, err: unknown): unknown {
  if (!(err instanceof TokenEndpointError)) return err;
  const where = store ? ` for ${store}` : '';
  if (err.code === ErrorCode.InvalidClient) {
    return new TokenEndpointError(
      ErrorCode.InvalidClient,
      `${profile.name} did not accept these app credentials${where}. Copy both values again from your app's Settings page in the Dev Dashboard and try again.`,
      { oauthError: err.oauthError, cause: err },
    );
  }
  if (err.oauthError === 'app_not_installed' || err.oauthError === 'shop_not_permitted') {
    return new TokenEndpointError(
      ErrorCode.InvalidClient,
      `This app is not installed on ${store ?? 'this store'}, or the store is not one your organization owns. In the Dev Dashboard open the app, choose "Install app", pick this store, then try again.`,
      { oauthError: err.oauthError, cause: err },
    );
  }
  return err;
}

/**
 * `oauth-client-credentials` connections: the first access token is requested BEFORE anything is
 * saved (it proves the id, secret and store match); then the secret goes to the keychain only and
 * the record gets the token's expiry, so the refresh scheduler asks for the next one in time.
 * RFC 6749 §4.4; https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/client-credentials-grant
 */
export async function connectWithClientCredentials(
  ctx: CoreContext,
  profile: ProviderProfile,
  plain: Record<string, string>,
  secret: Record<string, string>,
): Promise<ConnectionRecord> {
  if (profile.kind !== 'oauth-client-credentials')
    throw new StorelinkError(ErrorCode.InvalidInput, `${profile.name} does not connect with app credentials alone.`);
  const endpoints = await ctx.endpoints.resolve(profile, plain);
  let json;
  try {
    json = await requestClientCredentialsToken(ctx.http, tokenClientOf(profile, endpoints, plain, secret));
  } catch (err) {
    throw clientCredentialsError(profile, plain.shop, err);
  }
  const receivedAt = ctx.clock.now();
  const resp = normalizeTokenResponse(json, profile.tokenResponse, receivedAt);
  return (await saveConnection(ctx, { profile, plain, secret, scopes: profile.scopes.filter((s) => s.required).map((s) => s.name) }, resp, receivedAt)).record;
}
