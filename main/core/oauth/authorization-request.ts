/**
 * Builds the authorization request URL (RFC 6749 §4.1.1) with PKCE (RFC 7636 §4.3) for a native
 * app (RFC 8252 §6). Only `response_type=code` is ever requested (RFC 9700 §2.1.2).
 * https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1
 */
export interface AuthorizationRequest {
  authorizationEndpoint: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  scopeSeparator: ' ' | ',';
  state: string;
  /** Absent only for profiles whose platform has no PKCE (Shopify: the secret protects the exchange). */
  codeChallenge?: string;
  extraParams?: Record<string, string>;
}

const RESERVED = new Set(['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'code_challenge', 'code_challenge_method']);

export function buildAuthorizationUrl(req: AuthorizationRequest): string {
  const url = new URL(req.authorizationEndpoint);
  const p = url.searchParams;
  p.set('response_type', 'code');
  p.set('client_id', req.clientId);
  p.set('redirect_uri', req.redirectUri);
  if (req.scopes.length) p.set('scope', req.scopes.join(req.scopeSeparator));
  p.set('state', req.state);
  if (req.codeChallenge) {
    p.set('code_challenge', req.codeChallenge);
    p.set('code_challenge_method', 'S256');
  }
  for (const [k, v] of Object.entries(req.extraParams ?? {})) {
    if (RESERVED.has(k)) throw new Error(`extra parameter ${k} would override a protocol parameter`);
    p.set(k, v);
  }
  return url.toString();
}

/** RFC 8252 §7.3: loopback redirect with the IP literal, never `localhost` (§8.3). */
export function loopbackRedirectUri(port: number): string {
  return `http://127.0.0.1:${port}/callback`;
}
