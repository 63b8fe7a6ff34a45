import { ApiError, ErrorCode } from '../errors.ts';
import type { HttpRequest, HttpResponse } from '../ports.ts';
import type { TokenRefresher } from '../lifecycle/token-refresher.ts';
import { Status } from '../lifecycle/connection-status.ts';
import { loadSecrets, profileOf, recordOf, type CoreContext } from './context.ts';
import { credentialHeaders, resolveApiUrl } from './api-auth.ts';

/** Parses `WWW-Authenticate: Bearer error="...", scope="..."` (RFC 6750 §3). */
export function bearerChallenge(header: string | undefined): { error?: string; scope?: string } {
  const bearer = /(?:^|,)\s*Bearer\b(.*)$/i.exec(header ?? '');
  if (!bearer) return {};
  const out: { error?: string; scope?: string } = {};
  for (const m of bearer[1]!.matchAll(/\b(error|scope)="([^"]*)"/gi)) out[m[1]!.toLowerCase() as 'error' | 'scope'] = m[2]!;
  return out;
}

/**
 * An API call with the connection's credentials. An access token that has expired (or expires within
 * a few seconds) is refreshed first when the refresh pacing allows it, otherwise the current one is
 * sent (security.md #40: never a refresh per call); a 401 `invalid_token` (or a bare 401 from platforms that send no challenge) triggers one
 * refresh and one retry; a 403 `insufficient_scope` surfaces the missing scope (security.md #14).
 * https://www.rfc-editor.org/rfc/rfc6750#section-3.1
 */
export async function authorizedRequest(
  ctx: CoreContext,
  refresher: TokenRefresher,
  connectionId: string,
  req: HttpRequest,
  apiBase: string,
): Promise<HttpResponse> {
  const record = recordOf(ctx, connectionId);
  const profile = profileOf(ctx, record.providerId);
  const oauth = profile.kind !== 'api-key';
  const send = async (accessToken: string | undefined): Promise<HttpResponse> => {
    const secrets = await loadSecrets(ctx, connectionId);
    const headers = { ...req.headers, ...credentialHeaders(profile, record.fields, secrets.secrets, accessToken) };
    return ctx.http.request({ ...req, url: resolveApiUrl(apiBase, req.url), headers });
  };
  let tokens = oauth ? await refresher.tokensForRequest(connectionId) : undefined;
  let res = await send(tokens?.accessToken);
  if (res.status === 401 && oauth) {
    const challenge = bearerChallenge(res.headers['www-authenticate']);
    const retryable = challenge.error === 'invalid_token' || challenge.error === undefined;
    const renewable = (tokens?.refreshToken && profile.refresh.kind !== 'none') || (tokens && profile.refresh.kind === 'client-credentials');
    if (retryable && renewable && tokens) {
      tokens = await refresher.refreshAfterRejection(connectionId, tokens.accessToken);
      res = await send(tokens.accessToken);
    }
  }
  if (res.status === 401) {
    const reason = `${profile.name} no longer accepts Storelink's access. Reconnect to continue.`;
    const current = recordOf(ctx, connectionId);
    if (current.status.kind !== 'needs-reauth') {
      const updated = ctx.records.update(connectionId, { status: Status.needsReauth(reason) });
      ctx.log('refresh-failed', updated, 'the API answered 401 after a refresh');
      ctx.changed();
    }
    throw new ApiError(ErrorCode.Unauthorized, reason, { status: 401 });
  }
  if (res.status === 403) {
    const challenge = bearerChallenge(res.headers['www-authenticate']);
    if (challenge.error === 'insufficient_scope') {
      const scope = challenge.scope?.slice(0, 200);
      throw new ApiError(ErrorCode.InsufficientScope, `Storelink needs the "${scope ?? 'missing'}" permission. Re-authorize to add it.`, {
        status: 403,
        ...(scope ? { missingScope: scope } : {}),
      });
    }
  }
  ctx.records.update(connectionId, { lastActivityAt: ctx.clock.now() });
  return res;
}
