/**
 * Test helper: is a real Secret Service reachable through keytar? The real-keychain tests skip with
 * this reason when it is not (run them through `bash scripts/with-keyring.sh node --test ...`).
 */
import { randomUUID } from 'node:crypto';
import { createKeytarKeychain } from '../../main/adapters/keytar-keychain.ts';
import type { KeychainPort } from '../../main/core/ports.ts';

/** Service name for test entries, unique per run so a developer's real keychain is never touched. */
export const TEST_SERVICE = `Storelink-test-${randomUUID()}`;

export async function realKeychain(): Promise<{ keychain: KeychainPort } | { skip: string }> {
  const keychain = createKeytarKeychain();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      keychain.getPassword(TEST_SERVICE, 'probe'),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('no answer within 10 s')), 10_000);
      }),
    ]);
    return { keychain };
  } catch (err) {
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : String(err);
    return {
      skip: `no usable OS keychain here (${cause}); run: bash scripts/with-keyring.sh node --test tests/storage/*.test.ts`,
    };
  } finally {
    clearTimeout(timer);
  }
}
