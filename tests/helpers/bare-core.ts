/**
 * A core launched on an existing data folder with no refresh scheduler and the demo profile known,
 * as the storage tests need to see what a launch does with what is already on disk.
 */
import { createStorelinkCore, type StorelinkCore } from '../../main/core/index.ts';
import type { KeychainPort, SettingsPort } from '../../main/core/ports.ts';
import { demoStoreProfile } from '../../main/demo-store/profile.ts';

export function launchCore(dataDir: string, keychain: KeychainPort, settings: SettingsPort): Promise<StorelinkCore> {
  return createStorelinkCore({ dataDir, keychain, settings, opener: { open: async () => {} }, autoRefresh: false, profiles: [demoStoreProfile] });
}
