import { ApiError, ErrorCode, StorelinkError } from '../errors.ts';
import { fillTemplate, type ProviderProfile } from '../providers/profile.ts';
import type { ConnectionRecord } from '../store/connection-records.ts';
import type { CoreContext } from './context.ts';
import { credentialHeaders, resolveApiUrl } from './api-auth.ts';
import { saveConnection } from './save-connection.ts';

/**
 * `api-key` connections (WooCommerce REST keys, a Shopify custom-app token): one authorized test
 * call proves the keys work BEFORE anything is saved; then the keys go to the keychain only.
 */
export async function connectWithKey(
  ctx: CoreContext,
  profile: ProviderProfile,
  plain: Record<string, string>,
  secret: Record<string, string>,
): Promise<ConnectionRecord> {
  if (profile.kind !== 'api-key') throw new StorelinkError(ErrorCode.InvalidInput, `${profile.name} connects through a browser sign-in, not with keys.`);
  const endpoints = await ctx.endpoints.resolve(profile, plain);
  if (profile.verify) {
    const v = profile.verify;
    let path: string;
    try {
      path = fillTemplate(v.path, plain);
    } catch {
      throw new StorelinkError(ErrorCode.InvalidInput, `${profile.name}: a field needed for the test call is missing.`);
    }
    const res = await ctx.http.request({
      method: v.method,
      url: resolveApiUrl(endpoints.apiBase, path),
      headers: {
        Accept: 'application/json',
        ...(v.contentType ? { 'Content-Type': v.contentType } : {}),
        ...credentialHeaders(profile, plain, secret, undefined),
      },
      ...(v.body ? { body: v.body } : {}),
      timeoutMs: 15_000,
    });
    if (res.status === 401 || res.status === 403) {
      const said = res.status === 401 ? v.refusals?.unauthorized : v.refusals?.forbidden;
      throw new ApiError(ErrorCode.Unauthorized, said ?? `${profile.name} did not accept these keys (HTTP ${res.status}). Check them and try again.`, {
        status: res.status,
      });
    }
    if (res.status >= 400) {
      throw new ApiError(ErrorCode.BadResponse, `${profile.name} answered the test call with HTTP ${res.status}. Check the store address.`, {
        status: res.status,
      });
    }
  }
  return (await saveConnection(ctx, { profile, plain, secret, scopes: [] }, undefined, ctx.clock.now())).record;
}
