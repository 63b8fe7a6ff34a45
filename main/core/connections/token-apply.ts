import type { TokenResponse } from '../oauth/token-response.ts';
import type { ProviderProfile } from '../providers/profile.ts';
import type { TokenSet } from '../vault/token-set.ts';

/**
 * Builds the token set to persist from a token response. When a refresh response omits a new
 * refresh token the previous one is kept (users.md: Insomnia #1492, Nango #298); a rotated one
 * replaces it. The generation is bumped on every write (security.md #12).
 */
export function tokenSetFrom(resp: TokenResponse, profile: ProviderProfile, receivedAt: number, previous?: TokenSet): TokenSet {
  const refreshToken = resp.refreshToken ?? previous?.refreshToken;
  let refreshExpiresAt = resp.refreshExpiresAt;
  const refreshLifetimeSec = profile.refresh.kind === 'reuse' || profile.refresh.kind === 'rotating' ? profile.refresh.refreshTokenLifetimeSec : undefined;
  if (refreshExpiresAt === undefined && resp.refreshToken && refreshLifetimeSec) {
    refreshExpiresAt = receivedAt + refreshLifetimeSec * 1000;
  }
  if (refreshExpiresAt === undefined && !resp.refreshToken) refreshExpiresAt = previous?.refreshExpiresAt;
  return {
    accessToken: resp.accessToken,
    tokenType: resp.tokenType,
    ...(refreshToken ? { refreshToken } : {}),
    ...(resp.idToken ? { idToken: resp.idToken } : previous?.idToken ? { idToken: previous.idToken } : {}),
    ...(resp.accessExpiresAt !== undefined ? { accessExpiresAt: resp.accessExpiresAt } : {}),
    ...(refreshExpiresAt !== undefined && refreshToken ? { refreshExpiresAt } : {}),
    generation: (previous?.generation ?? 0) + 1,
  };
}

/** RFC 6749 §5.1: no `scope` in the response means the requested scope was granted (security.md #15). */
export function grantedScopesFrom(resp: TokenResponse, requested: string[]): string[] {
  return resp.scopes ?? requested;
}

/** Reads claims from an ID token's payload for a display label only; never used to decide trust. */
function idTokenClaims(idToken: string | undefined): Record<string, unknown> {
  const part = idToken?.split('.')[1];
  if (!part) return {};
  try {
    const json = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    return json && typeof json === 'object' ? (json as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The account or store label shown in the list (providers.md quirk 3: tenant ids). */
export function accountLabelFrom(profile: ProviderProfile, fields: Record<string, string>, resp: TokenResponse | undefined, fallback: string): string {
  const src = profile.accountLabel;
  let label: unknown;
  if (src.from === 'field') label = fields[src.field];
  else if (src.from === 'token-response') label = resp?.extras[src.field] ?? resp?.tenant;
  else if (src.from === 'token-prefix') label = resp?.tenant ? `${profile.name} user ${resp.tenant}` : undefined;
  else {
    const claims = idTokenClaims(resp?.idToken);
    label = src.claims.map((c) => claims[c]).find((v) => typeof v === 'string' && v.length > 0);
  }
  return typeof label === 'string' && label.trim() ? label.trim().slice(0, 200) : fallback;
}
