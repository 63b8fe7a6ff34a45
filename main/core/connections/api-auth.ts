import { ErrorCode, StorelinkError } from '../errors.ts';
import { fillTemplate, type ProviderProfile } from '../providers/profile.ts';

/**
 * The headers that carry a connection's credentials: `Authorization: Bearer` (RFC 6750 §2.1), a
 * platform header (X-Shopify-Access-Token), HTTP Basic with API keys (WooCommerce), plus templated
 * extra headers (Etsy `x-api-key: {keystring}:{sharedSecret}`). Credentials never go in a URL
 * (security.md #10). https://www.rfc-editor.org/rfc/rfc6750#section-2.1
 */
export function credentialHeaders(
  profile: ProviderProfile,
  plain: Record<string, string>,
  secret: Record<string, string>,
  accessToken: string | undefined,
): Record<string, string> {
  const headers: Record<string, string> = {};
  const auth = profile.apiAuth;
  if (auth.kind === 'basic') {
    const user = secret[auth.userField] ?? plain[auth.userField];
    const pass = secret[auth.passwordField] ?? plain[auth.passwordField];
    if (!user || !pass) throw new StorelinkError(ErrorCode.NeedsReauthorization, `${profile.name}: the saved keys are missing. Enter them again.`);
    headers.Authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
  } else {
    const token = accessToken ?? (profile.kind === 'api-key' ? firstSecret(profile, secret) : undefined);
    if (!token) throw new StorelinkError(ErrorCode.NeedsReauthorization, `${profile.name}: no valid sign-in is saved. Reconnect to continue.`);
    if (auth.kind === 'bearer') headers.Authorization = `Bearer ${token}`;
    else headers[auth.header] = token;
  }
  for (const [name, template] of Object.entries(profile.apiExtraHeaders ?? {})) {
    try {
      headers[name] = fillTemplate(template, { ...plain, ...secret });
    } catch {
      throw new StorelinkError(ErrorCode.NeedsReauthorization, `${profile.name}: a saved key is missing. Reconnect to continue.`);
    }
  }
  return headers;
}

/** For api-key profiles with a single token field (a Shopify custom-app Admin API token). */
function firstSecret(profile: ProviderProfile, secret: Record<string, string>): string | undefined {
  const field = profile.fields.find((f) => f.kind === 'secret');
  return field ? secret[field.name] : undefined;
}

/** Resolves a request URL against the API base; absolute URLs must stay on the API's origin. */
export function resolveApiUrl(apiBase: string, url: string): string {
  const base = new URL(apiBase.endsWith('/') ? apiBase : `${apiBase}/`);
  let resolved: URL;
  try {
    resolved = new URL(url.replace(/^\//, ''), base);
  } catch {
    throw new StorelinkError(ErrorCode.InvalidInput, 'The API path is not a valid URL.');
  }
  if (resolved.origin !== base.origin) {
    throw new StorelinkError(ErrorCode.InvalidInput, 'Refusing to send credentials to a host other than the provider API.');
  }
  return resolved.toString();
}
