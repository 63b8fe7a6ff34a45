/**
 * Shopify's API versioning, as the simulator serves it. Sources:
 *  - https://shopify.dev/docs/api/usage/versioning: versions are named `YYYY-MM`, released quarterly
 *    (01, 04, 07, 10) and each stable version is supported at least 12 months. A request for a version
 *    that is no longer supported is not refused: it is served by the oldest supported stable version
 *    ("fall forward"), and every response says which version actually answered in the
 *    `X-Shopify-API-Version` header.
 *  - https://shopify.dev/changelog/graphql-return-actual-deprecation-reasons: the
 *    `X-Shopify-API-Deprecated-Reason` header flags a request that used deprecated behaviour. Since
 *    2025-04 its value lists the deprecated GraphQL fields used ("Shop.products, Shop.productVariants");
 *    before, it was the generic URL https://shopify.dev/api/usage/versioning#deprecation-practices.
 * Modelling choice (not stated in the docs word for word): a request to a retired version relied on
 * behaviour that is gone, so its fall-forward answer carries the header with that generic URL.
 */

/** The four quarterly versions supported in December 2026 (shopify.dev/changelog/release-notes/2026-10). */
export const DEFAULT_SUPPORTED_VERSIONS = ['2026-01', '2026-04', '2026-07', '2026-10'] as const;
export const DEPRECATION_PRACTICES_URL = 'https://shopify.dev/api/usage/versioning#deprecation-practices';
const VERSION_RE = /^\d{4}-(01|04|07|10)$/;

export interface ServedVersion {
  requested: string;
  served: string;
  /** true when the requested version is not (or no longer) supported and the oldest one answered. */
  fellForward: boolean;
}

export class ApiVersions {
  readonly supported: readonly string[];
  constructor(supported: readonly string[] = DEFAULT_SUPPORTED_VERSIONS) {
    if (supported.length === 0 || supported.some((v) => !VERSION_RE.test(v))) throw new Error('supported versions must be YYYY-MM quarters');
    this.supported = [...supported].sort();
  }

  get oldest(): string {
    return this.supported[0]!;
  }

  get latest(): string {
    return this.supported[this.supported.length - 1]!;
  }

  /** `requested` is the `{version}` segment of `/admin/api/{version}/...`. Unsupported -> oldest supported. */
  resolve(requested: string): ServedVersion {
    if (this.supported.includes(requested)) return { requested, served: requested, fellForward: false };
    return { requested, served: this.oldest, fellForward: true };
  }

  /**
   * Response headers for a request: always `X-Shopify-API-Version` (the version served); the
   * deprecation header when the request fell forward or used a deprecated field (`usedDeprecated`,
   * e.g. `Order.name` style names).
   */
  headers(v: ServedVersion, usedDeprecated: string[] = []): Record<string, string> {
    const h: Record<string, string> = { 'x-shopify-api-version': v.served };
    if (usedDeprecated.length > 0) h['x-shopify-api-deprecated-reason'] = usedDeprecated.join(', ');
    else if (v.fellForward) h['x-shopify-api-deprecated-reason'] = DEPRECATION_PRACTICES_URL;
    return h;
  }
}

/** Which of `deprecated` (`Type.field`) a GraphQL document selects, by field name (no parser). */
export function deprecatedFieldsUsed(query: unknown, deprecated: readonly string[]): string[] {
  if (typeof query !== 'string') return [];
  return deprecated.filter((d) => {
    const field = d.split('.').pop()!;
    return new RegExp(`(^|[^A-Za-z0-9_$])${field}([^A-Za-z0-9_]|$)`).test(query);
  });
}
