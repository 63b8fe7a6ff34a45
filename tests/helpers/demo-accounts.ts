import type { ProviderProfile } from '../../main/core/providers/profile.ts';
import { demoStoreProfile } from '../../main/demo-store/profile.ts';

/**
 * One demo store is one store: connecting it again renews its one connection (issue 10). Tests that
 * need several connections to one demo store use this copy of its profile, which reads no store id
 * from the token response, so nothing identifies the store and nothing is merged.
 */
export function demoProfileWithoutStoreId(): ProviderProfile {
  const { tenantField: _storeId, ...tokenResponse } = demoStoreProfile.tokenResponse;
  return { ...demoStoreProfile, tokenResponse };
}
