import { HttpError } from '../errors.ts';
import type { HttpPort } from '../ports.ts';

export type RevocationResult = { revoked: true } | { revoked: false; reason: string; retryLater: boolean };

/**
 * RFC 7009 token revocation with `token_type_hint`. A 200 counts as revoked even for a token the
 * AS already considers invalid (§2.2); 503 means "try later" (§2.2.1).
 * https://www.rfc-editor.org/rfc/rfc7009#section-2.1
 */
export async function revokeToken(
  http: HttpPort,
  args: { endpoint: string; clientId: string; token: string; hint: 'access_token' | 'refresh_token'; clientSecret?: string },
): Promise<RevocationResult> {
  const body = new URLSearchParams({ token: args.token, token_type_hint: args.hint, client_id: args.clientId });
  if (args.clientSecret) body.set('client_secret', args.clientSecret);
  try {
    const res = await http.request({
      method: 'POST',
      url: args.endpoint,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
      timeoutMs: 10_000,
      maxBytes: 64 * 1024,
    });
    if (res.status === 200) return { revoked: true };
    if (res.status === 503) return { revoked: false, reason: 'the provider asked to try again later (HTTP 503)', retryLater: true };
    return { revoked: false, reason: `the provider refused the revocation (HTTP ${res.status})`, retryLater: res.status >= 500 };
  } catch (err) {
    const why = err instanceof HttpError ? err.message : 'network error';
    return { revoked: false, reason: `the provider could not be reached (${why})`, retryLater: true };
  }
}
