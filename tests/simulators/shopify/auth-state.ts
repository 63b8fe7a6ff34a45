/**
 * Credentials the Shopify simulator has handed out: authorization codes, access tokens (optionally
 * expiring) and rotating refresh tokens, per shop and app. Facts from shopify.dev:
 *  - authorization-code grant (shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant)
 *  - https://shopify.dev/changelog/offline-access-tokens-now-support-expiry-and-refresh: access token
 *    60 min (`expires_in: 3600`), a refresh token (90-day life) replaced on every refresh.
 *  - https://shopify.dev/changelog/more-resilient-refreshes-for-expiring-offline-access-tokens (since
 *    2026-08-28): a refresh keeps the previously used refresh token valid until the app begins using its
 *    replacement; the recovery period is at most 30 days from the old token's first use and never past
 *    its 90-day life; using the replacement retires the preceding token.
 */
import { createHmac, randomBytes } from 'node:crypto';

export interface ShopifyApp {
  clientId: string;
  clientSecret: string;
}

export interface TokenInfo {
  shop: string;
  clientId: string;
  scopes: string[];
  expiresAt?: number;
}

interface RefreshInfo extends TokenInfo {
  /** When this refresh token was first presented (the 30-day recovery period starts then). */
  firstUsedAt?: number;
  /** The refresh token this one replaced, kept for retries until this one is first used. */
  predecessor?: string;
}

/** Retry window of a used refresh token (changelog "more resilient refreshes"). */
export const REFRESH_RECOVERY_MS = 30 * 86_400_000;

interface CodeInfo extends TokenInfo {
  redirectUri: string;
}

export interface IssuedTokens {
  access_token: string;
  scope: string;
  expires_in?: number;
  refresh_token?: string;
  refresh_token_expires_in?: number;
}

const hex = (n: number) => randomBytes(n).toString('hex');

/** Shopify's OAuth `hmac`: HMAC-SHA256 hex over all other params sorted by key, `k=v&...` URL-encoded. */
export function signShopifyParams(params: Record<string, string>, secret: string): string {
  const sorted = Object.keys(params)
    .filter((k) => k !== 'hmac')
    .sort()
    .map((k) => [k, params[k]!] as [string, string]);
  return createHmac('sha256', secret).update(new URLSearchParams(sorted).toString()).digest('hex');
}

export class ShopifyAuthState {
  readonly codes = new Map<string, CodeInfo & { expiresAt: number }>();
  readonly tokens = new Map<string, TokenInfo>();
  readonly refreshTokens = new Map<string, RefreshInfo>();
  readonly accessLifetimeSec: number;
  readonly refreshLifetimeSec: number;
  private readonly clock: () => number;

  constructor(clock: () => number, accessLifetimeSec = 3600, refreshLifetimeSec = 90 * 86400) {
    this.clock = clock;
    this.accessLifetimeSec = accessLifetimeSec;
    this.refreshLifetimeSec = refreshLifetimeSec;
  }

  issueCode(info: CodeInfo): string {
    const code = hex(16);
    this.codes.set(code, { ...info, expiresAt: this.clock() + 10 * 60_000 });
    return code;
  }

  /** One-time: a second use or an expired code returns undefined. */
  consumeCode(code: string): CodeInfo | undefined {
    const c = this.codes.get(code);
    this.codes.delete(code);
    if (!c || c.expiresAt < this.clock()) return undefined;
    return c;
  }

  issue(info: TokenInfo, expiring: boolean, predecessor?: string): IssuedTokens {
    const access = `shpat_${hex(16)}`;
    const scope = info.scopes.join(',');
    if (!expiring) {
      this.tokens.set(access, { shop: info.shop, clientId: info.clientId, scopes: info.scopes });
      return { access_token: access, scope };
    }
    const refresh = `shprt_${hex(16)}`;
    const now = this.clock();
    this.tokens.set(access, { shop: info.shop, clientId: info.clientId, scopes: info.scopes, expiresAt: now + this.accessLifetimeSec * 1000 });
    this.refreshTokens.set(refresh, {
      shop: info.shop,
      clientId: info.clientId,
      scopes: info.scopes,
      expiresAt: now + this.refreshLifetimeSec * 1000,
      ...(predecessor !== undefined ? { predecessor } : {}),
    });
    return {
      access_token: access,
      scope,
      expires_in: this.accessLifetimeSec,
      refresh_token: refresh,
      refresh_token_expires_in: this.refreshLifetimeSec,
    };
  }

  /**
   * Rotation with the retry window: the presented token stays valid (for retries after a lost
   * response) until its replacement is first used, at most 30 days after its own first use and never
   * past its 90-day life. Presenting a replacement retires the token it replaced.
   */
  rotate(refreshToken: string, shop: string, clientId: string): IssuedTokens | undefined {
    const r = this.refreshTokens.get(refreshToken);
    if (!r || r.shop !== shop || r.clientId !== clientId) return undefined;
    const now = this.clock();
    if ((r.expiresAt ?? Infinity) < now || (r.firstUsedAt !== undefined && now - r.firstUsedAt > REFRESH_RECOVERY_MS)) {
      this.refreshTokens.delete(refreshToken);
      return undefined;
    }
    if (r.predecessor !== undefined) {
      this.refreshTokens.delete(r.predecessor);
      delete r.predecessor;
    }
    r.firstUsedAt ??= now;
    return this.issue(r, true, refreshToken);
  }

  /**
   * Client credentials grant (shopify.dev/docs/apps/build/authentication-authorization/access-tokens/
   * client-credentials-grant): an access token with a 24 h life and no refresh token; the answer is
   * `{access_token, scope, expires_in}` (shopify.dev/docs/apps/build/authentication-authorization/client-secrets
   * shows `expires_in: 86399`). Earlier tokens stay valid until their own expiry.
   */
  issueClientCredentials(info: TokenInfo, lifetimeSec: number): IssuedTokens {
    const access = `shpat_${hex(16)}`;
    this.tokens.set(access, { shop: info.shop, clientId: info.clientId, scopes: info.scopes, expiresAt: this.clock() + lifetimeSec * 1000 });
    return { access_token: access, scope: info.scopes.join(','), expires_in: lifetimeSec };
  }

  lookup(token: string | undefined, shop: string): TokenInfo | undefined {
    if (!token) return undefined;
    const t = this.tokens.get(token);
    if (!t || t.shop !== shop) return undefined;
    if (t.expiresAt !== undefined && t.expiresAt <= this.clock()) return undefined;
    return t;
  }

  /** App uninstall: every token of this app on this shop stops working. */
  uninstall(shop: string, clientId: string): void {
    for (const map of [this.tokens, this.refreshTokens]) {
      for (const [k, v] of map) if (v.shop === shop && v.clientId === clientId) map.delete(k);
    }
  }

  expireAccessTokens(): void {
    const past = this.clock() - 1;
    for (const t of this.tokens.values()) if (t.expiresAt !== undefined) t.expiresAt = past;
  }
}
