import { ErrorCode, StorelinkError } from '../errors.ts';
import type { HttpPort } from '../ports.ts';
import { AuthorizationServerMetadataCache, isAllowedEndpointUrl, parseIssuer } from '../oauth/discovery.ts';
import { fillTemplate, type ProviderProfile } from '../providers/profile.ts';

export interface ResolvedEndpoints {
  issuer?: string;
  authorization: string;
  token: string;
  revocation?: string;
  apiBase: string;
  /** RFC 9207: reject a callback without `iss`. */
  issRequired: boolean;
}

/**
 * Turns a profile plus the connection's plain field values into concrete endpoints: discovery
 * (RFC 8414 / OpenID, cached by fetch age and single-flight) for `discovery` profiles, `{field}` templates for per-store hosts
 * (providers.md quirk 1). Every endpoint must be https (or loopback http).
 */
export class EndpointResolver {
  readonly #metadata: AuthorizationServerMetadataCache;

  constructor(http: HttpPort, now: () => number) {
    this.#metadata = new AuthorizationServerMetadataCache(http, now);
  }

  async resolve(profile: ProviderProfile, fields: Record<string, string>): Promise<ResolvedEndpoints> {
    const src = profile.endpoints;
    if (src.kind === 'discovery') {
      const issuer = parseIssuer(fields[src.issuerField] ?? '');
      const meta = await this.#metadata.get(issuer);
      if (profile.authorization.pkce === 'S256' && meta.codeChallengeMethods && !meta.codeChallengeMethods.includes('S256')) {
        throw new StorelinkError(ErrorCode.DiscoveryFailed, 'This provider does not support PKCE with S256, which Storelink requires.');
      }
      return {
        issuer,
        authorization: meta.authorizationEndpoint,
        token: meta.tokenEndpoint,
        ...(meta.revocationEndpoint ? { revocation: meta.revocationEndpoint } : {}),
        apiBase: issuer,
        issRequired: meta.issParameterSupported,
      };
    }
    const fill = (t: string): string => {
      let url: string;
      try {
        url = fillTemplate(t, fields);
      } catch {
        throw new StorelinkError(ErrorCode.InvalidInput, `${profile.name}: a required field for the address is missing.`);
      }
      if (!isAllowedEndpointUrl(url)) throw new StorelinkError(ErrorCode.InvalidInput, `${profile.name}: the address ${new URL(url).host} must use https.`);
      return url;
    };
    const apiBase = fill(src.apiBase);
    // api-key platforms have no OAuth endpoints: only the API base is used.
    const oauth = profile.kind !== 'api-key';
    return {
      ...(src.issuer ? { issuer: fill(src.issuer) } : {}),
      authorization: oauth ? fill(src.authorization) : apiBase,
      token: oauth ? fill(src.token) : apiBase,
      ...(src.revocation ? { revocation: fill(src.revocation) } : {}),
      apiBase,
      issRequired: false,
    };
  }
}
