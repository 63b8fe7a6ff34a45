import { createHash, randomBytes } from 'node:crypto';

/**
 * A fresh PKCE code verifier: 32 random octets, base64url-encoded to 43 characters from the
 * unreserved alphabet. https://www.rfc-editor.org/rfc/rfc7636#section-4.1
 */
export function generateCodeVerifier(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * `code_challenge = BASE64URL(SHA256(ASCII(code_verifier)))`, method S256 only (plain is never
 * used: RFC 9700 §2.1.1). https://www.rfc-editor.org/rfc/rfc7636#section-4.2
 */
export function codeChallengeS256(verifier: string): string {
  if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) throw new Error('code_verifier must be 43-128 unreserved characters');
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/**
 * `state`: 256 bits from the CSPRNG, bound to one pending flow and consumed on first use.
 * https://www.rfc-editor.org/rfc/rfc9700#section-4.2.4
 */
export function generateState(): string {
  return randomBytes(32).toString('base64url');
}
