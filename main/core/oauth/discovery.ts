import { ErrorCode, HttpError, InputError, StorelinkError } from '../errors.ts';
import type { HttpPort } from '../ports.ts';
import { readJsonObject } from '../http/read-json.ts';

/** The parts of RFC 8414 / OpenID Connect Discovery metadata Storelink uses. */
export interface AuthorizationServerMetadata {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  revocationEndpoint?: string;
  scopesSupported?: string[];
  codeChallengeMethods?: string[];
  /** RFC 9207 §3: when true, a callback without `iss` is rejected. */
  issParameterSupported: boolean;
}

/** https, or http on a loopback IP literal (local test servers, the demo store). */
export function isAllowedEndpointUrl(value: string): boolean {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return false;
  }
  if (u.username || u.password || u.hash) return false;
  if (u.protocol === 'https:') return true;
  return u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === '[::1]');
}

/** Validates an issuer identifier the admin typed (RFC 8414 §2: https, no query or fragment). */
export function parseIssuer(value: string): string {
  const trimmed = value.trim();
  if (!isAllowedEndpointUrl(trimmed)) throw new InputError('The issuer must be an https:// address (http only for 127.0.0.1).', 'issuer');
  const u = new URL(trimmed);
  if (u.search) throw new InputError('The issuer must not contain a query string.', 'issuer');
  return trimmed;
}

/**
 * Candidate metadata URLs for an issuer: RFC 8414 §3.1 path insertion for
 * `oauth-authorization-server`, then OpenID Connect Discovery 1.0 §4 path appending.
 * https://www.rfc-editor.org/rfc/rfc8414#section-3.1
 */
export function metadataUrls(issuer: string): string[] {
  const u = new URL(issuer);
  const path = u.pathname === '/' ? '' : u.pathname.replace(/\/$/, '');
  return [`${u.origin}/.well-known/oauth-authorization-server${path}`, `${u.origin}${path}/.well-known/openid-configuration`];
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/**
 * Fetches and validates AS metadata. The `issuer` in the document must be identical to the one
 * the admin gave (RFC 8414 §3.3), and every endpoint must be https (or loopback http).
 * https://www.rfc-editor.org/rfc/rfc8414#section-3.3
 */
export async function discoverAuthorizationServer(http: HttpPort, issuer: string): Promise<AuthorizationServerMetadata> {
  for (const url of metadataUrls(issuer)) {
    try {
      const res = await http.request({ method: 'GET', url, headers: { Accept: 'application/json' }, maxBytes: 512 * 1024, timeoutMs: 10_000 });
      if (res.status === 404) continue;
      if (res.status !== 200) throw new HttpError(ErrorCode.DiscoveryFailed, `The provider's metadata answered HTTP ${res.status}.`, { status: res.status });
      const doc = readJsonObject(res, 'The provider metadata');
      if (doc.issuer !== issuer) {
        throw new StorelinkError(ErrorCode.IssuerMismatch, `The provider metadata names a different issuer than ${issuer}.`);
      }
      const authorizationEndpoint = str(doc.authorization_endpoint);
      const tokenEndpoint = str(doc.token_endpoint);
      if (!authorizationEndpoint || !tokenEndpoint)
        throw new StorelinkError(ErrorCode.DiscoveryFailed, 'The provider metadata has no authorization or token endpoint.');
      const revocationEndpoint = str(doc.revocation_endpoint);
      for (const e of [authorizationEndpoint, tokenEndpoint, revocationEndpoint]) {
        if (e && !isAllowedEndpointUrl(e)) throw new StorelinkError(ErrorCode.DiscoveryFailed, 'The provider metadata lists an endpoint that is not https.');
      }
      const methods = Array.isArray(doc.code_challenge_methods_supported)
        ? doc.code_challenge_methods_supported.filter((m): m is string => typeof m === 'string')
        : undefined;
      const scopes = Array.isArray(doc.scopes_supported) ? doc.scopes_supported.filter((m): m is string => typeof m === 'string') : undefined;
      return {
        issuer,
        authorizationEndpoint,
        tokenEndpoint,
        ...(revocationEndpoint ? { revocationEndpoint } : {}),
        ...(scopes ? { scopesSupported: scopes } : {}),
        ...(methods ? { codeChallengeMethods: methods } : {}),
        issParameterSupported: doc.authorization_response_iss_parameter_supported === true,
      };
    } catch (err) {
      if (err instanceof HttpError && (err.code === ErrorCode.HttpNetwork || err.code === ErrorCode.HttpTimeout)) {
        throw new StorelinkError(ErrorCode.AsUnreachable, `Could not reach the provider at ${new URL(issuer).host}.`, { cause: err });
      }
      throw err;
    }
  }
  throw new StorelinkError(ErrorCode.DiscoveryFailed, `No OAuth metadata was found for ${issuer} (tried RFC 8414 and OpenID discovery).`);
}

/** Metadata is fetched again at most this long after it was fetched (not after it was last used). */
export const METADATA_MAX_AGE_MS = 3_600_000;
const MAX_CACHED_ISSUERS = 64;

/**
 * AS metadata by issuer: an entry expires by its age since the fetch (RFC 8414 §3 / OpenID Connect
 * Discovery 1.0 §4 documents change when keys or endpoints rotate, so a cache in constant use must
 * still re-read them), and discovery is single-flight per issuer: concurrent callers (20 connections
 * refreshing after the computer slept) share one fetch. Failures are not cached.
 * https://www.rfc-editor.org/rfc/rfc8414#section-3
 * https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfig
 */
export class AuthorizationServerMetadataCache {
  readonly #http: HttpPort;
  readonly #now: () => number;
  readonly #maxAgeMs: number;
  readonly #entries = new Map<string, { fetchedAt: number; meta: AuthorizationServerMetadata }>();
  readonly #inFlight = new Map<string, Promise<AuthorizationServerMetadata>>();

  constructor(http: HttpPort, now: () => number, maxAgeMs = METADATA_MAX_AGE_MS) {
    this.#http = http;
    this.#now = now;
    this.#maxAgeMs = maxAgeMs;
  }

  get(issuer: string): Promise<AuthorizationServerMetadata> {
    const cached = this.#entries.get(issuer);
    if (cached && this.#now() - cached.fetchedAt < this.#maxAgeMs) return Promise.resolve(cached.meta);
    const running = this.#inFlight.get(issuer);
    if (running) return running;
    const fetchedAt = this.#now();
    const p = discoverAuthorizationServer(this.#http, issuer)
      .then((meta) => {
        this.#entries.delete(issuer);
        this.#entries.set(issuer, { fetchedAt, meta });
        if (this.#entries.size > MAX_CACHED_ISSUERS) this.#entries.delete(this.#entries.keys().next().value!);
        return meta;
      })
      .finally(() => this.#inFlight.delete(issuer));
    this.#inFlight.set(issuer, p);
    return p;
  }
}
