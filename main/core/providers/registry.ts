import { etsyProfile } from './etsy.ts';
import { genericOidcProfile } from './generic-oidc.ts';
import type { ProviderProfile } from './profile.ts';
import { shopifyAppProfile, shopifyClientCredentialsProfile, shopifyTokenProfile } from './shopify.ts';
import { squareLoopbackProfile, squareProfile, squareTokenProfile } from './square.ts';
import { woocommerceAppPasswordProfile, woocommerceProfile } from './woocommerce.ts';

/**
 * Every platform profile Storelink ships. The Demo store's profile comes in through its
 * LocalProviderPort (main/demo-store/local-provider.ts), placed first (the first-run choice).
 */
export const BUILTIN_PROFILES: readonly ProviderProfile[] = [
  shopifyClientCredentialsProfile,
  shopifyAppProfile,
  shopifyTokenProfile,
  woocommerceProfile,
  woocommerceAppPasswordProfile,
  squareProfile,
  squareLoopbackProfile,
  squareTokenProfile,
  etsyProfile,
  genericOidcProfile,
];

/**
 * Builds the id -> profile map: `local` profiles first, then the built-ins; `overrides` replace
 * either by id (tests point them at simulators).
 */
export function profileMap(overrides: readonly ProviderProfile[] = [], local: readonly ProviderProfile[] = []): Map<string, ProviderProfile> {
  const map = new Map<string, ProviderProfile>();
  for (const p of [...local, ...BUILTIN_PROFILES, ...overrides]) map.set(p.id, p);
  return map;
}
