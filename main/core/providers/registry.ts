import { demoStoreProfile } from './demo-store.ts';
import { etsyProfile } from './etsy.ts';
import { genericOidcProfile } from './generic-oidc.ts';
import type { ProviderProfile } from './profile.ts';
import { shopifyAppProfile, shopifyTokenProfile } from './shopify.ts';
import { squareProfile } from './square.ts';
import { woocommerceProfile } from './woocommerce.ts';

/** Every profile Storelink ships, demo first (the first-run choice). */
export const BUILTIN_PROFILES: readonly ProviderProfile[] = [
  demoStoreProfile,
  shopifyAppProfile,
  shopifyTokenProfile,
  woocommerceProfile,
  squareProfile,
  etsyProfile,
  genericOidcProfile,
];

/** Builds the id -> profile map; `overrides` replace built-ins by id (tests point them at simulators). */
export function profileMap(overrides: readonly ProviderProfile[] = []): Map<string, ProviderProfile> {
  const map = new Map<string, ProviderProfile>();
  for (const p of [...BUILTIN_PROFILES, ...overrides]) map.set(p.id, p);
  return map;
}
