/**
 * Token revocation (POST /oauth/revoke) and introspection (POST /oauth/introspect).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CLIENT_ID, DEFAULTS } from './config.ts';
import type { DemoContext } from './context.ts';
import { HttpError, parseForm, readBody, requireFormContentType, sendNoStoreJson } from './http-util.ts';

async function readTokenForm(req: IncomingMessage): Promise<Map<string, string>> {
  requireFormContentType(req);
  return parseForm(await readBody(req, DEFAULTS.maxBodyBytes)).single;
}

function sendFormError(res: ServerResponse, err: unknown): void {
  if (!(err instanceof HttpError)) throw err;
  sendNoStoreJson(res, err.status, { error: err.error, error_description: err.message });
}

/**
 * RFC 7009 §2.1-2.2: `token` plus optional `token_type_hint`. Always 200 for a well-formed request,
 * even for unknown or already-invalid tokens. Revoking a refresh token revokes its whole grant
 * (its access tokens too); revoking an access token revokes only that token.
 */
export async function handleRevoke(ctx: DemoContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  ctx.stats.revocations++;
  let p: Map<string, string>;
  try {
    p = await readTokenForm(req);
    if (!p.get('token')) throw new HttpError(400, 'invalid_request', 'token is required');
    const clientId = p.get('client_id');
    if (clientId !== undefined && clientId !== CLIENT_ID) {
      sendNoStoreJson(res, 401, { error: 'invalid_client', error_description: 'unknown client_id' });
      return;
    }
  } catch (err) {
    sendFormError(res, err);
    return;
  }
  const record = ctx.registry.find(p.get('token')!);
  // §2.2: the hint is only a hint, so the token is looked up in both kinds whatever it says.
  if (record?.kind === 'refresh') ctx.registry.revokeFamily(record.familyId);
  else if (record?.kind === 'access') ctx.registry.revokeAccessToken(p.get('token')!);
  sendNoStoreJson(res, 200, {});
}

/**
 * RFC 7662 §2.1-2.2 introspection, open to the tests (a real server would authenticate the caller,
 * RFC 7662 §4). Inactive, unknown and malformed tokens all answer `{ "active": false }`.
 */
export async function handleIntrospect(ctx: DemoContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let p: Map<string, string>;
  try {
    p = await readTokenForm(req);
    if (!p.get('token')) throw new HttpError(400, 'invalid_request', 'token is required');
  } catch (err) {
    sendFormError(res, err);
    return;
  }
  const record = ctx.registry.findActive(p.get('token')!);
  if (!record) {
    sendNoStoreJson(res, 200, { active: false });
    return;
  }
  sendNoStoreJson(res, 200, {
    active: true,
    scope: record.scopes.join(' '),
    client_id: record.clientId,
    token_type: record.kind === 'access' ? 'Bearer' : 'refresh_token',
    exp: Math.floor(record.expiresAt / 1000),
    iat: Math.floor(record.issuedAt / 1000),
    iss: ctx.settings.issuer,
  });
}
