import { ErrorCode, HttpError, TokenEndpointError } from '../errors.ts';
import type { HttpPort } from '../ports.ts';
import type { TokenRequestSpec } from '../providers/profile.ts';
import { readJsonObject } from '../http/read-json.ts';
import { tokenErrorFrom, type TokenResponseJson } from './token-response.ts';

export interface TokenClient {
  tokenEndpoint: string;
  spec: TokenRequestSpec;
  clientId: string;
  /** Only for `oauth-app-credentials` profiles: read from the keychain, never compiled in (#9). */
  clientSecret?: string;
}

/**
 * Sends one token request with the profile's encoding and client authentication
 * (RFC 6749 §2.3.1 for HTTP Basic / body secrets; JSON for Shopify and Square) and returns the raw
 * JSON on 200, or throws a classified TokenEndpointError / HttpError.
 * https://www.rfc-editor.org/rfc/rfc6749#section-3.2
 */
export async function postTokenRequest(http: HttpPort, client: TokenClient, params: Record<string, string>): Promise<TokenResponseJson> {
  const body: Record<string, string> = { ...params };
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (client.spec.clientAuth === 'basic') {
    if (!client.clientSecret) throw new TokenEndpointError(ErrorCode.InvalidClient, 'This provider needs the app secret, and none is saved.');
    const enc = (s: string) => encodeURIComponent(s); // RFC 6749 §2.3.1: form-encode before Basic
    headers.Authorization = `Basic ${Buffer.from(`${enc(client.clientId)}:${enc(client.clientSecret)}`).toString('base64')}`;
  } else {
    body.client_id = client.clientId;
    if (client.spec.clientAuth === 'body') {
      if (!client.clientSecret) throw new TokenEndpointError(ErrorCode.InvalidClient, 'This provider needs the app secret, and none is saved.');
      body.client_secret = client.clientSecret;
    }
  }
  let payload: string;
  if (client.spec.encoding === 'json') {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  } else {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    payload = new URLSearchParams(body).toString();
  }
  let res;
  try {
    res = await http.request({ method: 'POST', url: client.tokenEndpoint, headers, body: payload, maxBytes: 256 * 1024 });
  } catch (err) {
    if (err instanceof HttpError && (err.code === ErrorCode.HttpNetwork || err.code === ErrorCode.HttpTimeout)) {
      throw new TokenEndpointError(ErrorCode.AsUnreachable, `Could not reach the provider's sign-in service at ${new URL(client.tokenEndpoint).host}.`, {
        cause: err,
      });
    }
    throw err;
  }
  let json: Record<string, unknown> | undefined;
  try {
    json = readJsonObject(res, 'The token endpoint');
  } catch (err) {
    if (res.status >= 500 || res.status === 429) throw tokenErrorFrom(res, undefined);
    if (res.status === 200) throw new TokenEndpointError(ErrorCode.BadTokenResponse, `The provider's token response was not usable: ${(err as Error).message}`);
    throw tokenErrorFrom(res, undefined);
  }
  if (res.status !== 200) throw tokenErrorFrom(res, json);
  return json as TokenResponseJson;
}

/**
 * Authorization code exchange with the PKCE verifier; `redirect_uri` byte-identical to the
 * authorization request's (security.md #8). The profile's `tokenRequest.extraParams` are added
 * first, so they can never replace a protocol parameter. https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3
 * https://www.rfc-editor.org/rfc/rfc7636#section-4.5
 */
export function exchangeAuthorizationCode(
  http: HttpPort,
  client: TokenClient,
  args: { code: string; redirectUri: string; codeVerifier?: string },
): Promise<TokenResponseJson> {
  const params: Record<string, string> = { ...client.spec.extraParams, grant_type: 'authorization_code', code: args.code, redirect_uri: args.redirectUri };
  if (args.codeVerifier) params.code_verifier = args.codeVerifier;
  return postTokenRequest(http, client, params);
}

/** Refresh grant. https://www.rfc-editor.org/rfc/rfc6749#section-6 */
export function refreshAccessToken(http: HttpPort, client: TokenClient, refreshToken: string): Promise<TokenResponseJson> {
  return postTokenRequest(http, client, { grant_type: 'refresh_token', refresh_token: refreshToken });
}

/**
 * Client credentials grant (RFC 6749 §4.4): the client's own id and secret, no user, no refresh token.
 * Shopify Dev Dashboard apps: https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/client-credentials-grant
 * https://www.rfc-editor.org/rfc/rfc6749#section-4.4
 */
export function requestClientCredentialsToken(http: HttpPort, client: TokenClient): Promise<TokenResponseJson> {
  if (client.spec.clientAuth === 'none') throw new TokenEndpointError(ErrorCode.InvalidClient, 'The client credentials grant needs the app secret.');
  return postTokenRequest(http, client, { grant_type: 'client_credentials' });
}
