import type { ConnectionRecord } from '../store/connection-records.ts';
import type { StoredSecrets } from '../vault/token-set.ts';
import type { CoreContext } from './context.ts';
import { revokeAtProvider } from './revoke-at-provider.ts';
import type { RemovedConnectionView } from '../../../shared/view-models.ts';

/** Non-secret part of a queued revocation, kept in the settings store. The tokens stay in the keychain. */
interface PendingEntry {
  connectionId: string;
  providerId: string;
  accountLabel: string;
  fields: Record<string, string>;
  queuedAt: number;
  attempts: number;
}

const SETTINGS_KEY = 'pendingRevocations';
/** Keychain account of a queued revocation: `revoke.{connectionId}` (never enumerated: #20). */
const vaultId = (connectionId: string): string => `revoke.${connectionId}`;
/** Give up after a week: by then most access tokens have expired and the admin was told. */
export const GIVE_UP_AFTER_MS = 7 * 86_400_000;
export const RETRY_EVERY_MS = 15 * 60_000;

/**
 * Revocations the provider asked to retry later (RFC 7009 §2.2.1: 503), after the connection was
 * already removed locally. What revocation needs (tokens, client secret) stays in the OS keychain
 * under its own entry until it succeeds, the provider refuses for good, or a week has passed.
 * https://www.rfc-editor.org/rfc/rfc7009#section-2.2.1
 */
export class PendingRevocations {
  readonly #ctx: CoreContext;
  readonly #sleep: (ms: number) => Promise<void>;
  #timer: { cancel(): void } | undefined;
  #closed = false;

  constructor(ctx: CoreContext, sleep: (ms: number) => Promise<void>) {
    this.#ctx = ctx;
    this.#sleep = sleep;
  }

  #entries(): Record<string, PendingEntry> {
    const raw = this.#ctx.settingsPort.get(SETTINGS_KEY);
    return raw && typeof raw === 'object' && !Array.isArray(raw) ? { ...(raw as Record<string, PendingEntry>) } : {};
  }

  #write(entries: Record<string, PendingEntry>): void {
    this.#ctx.settingsPort.set(SETTINGS_KEY, entries);
  }

  list(): PendingEntry[] {
    return Object.values(this.#entries());
  }

  /** Queues a revocation: secrets to the keychain first, then the non-secret entry. */
  async add(record: ConnectionRecord, secrets: StoredSecrets): Promise<void> {
    await this.#ctx.vault.save(vaultId(record.id), secrets);
    const entries = this.#entries();
    entries[record.id] = {
      connectionId: record.id,
      providerId: record.providerId,
      accountLabel: record.accountLabel,
      fields: record.fields,
      queuedAt: this.#ctx.clock.now(),
      attempts: 0,
    };
    this.#write(entries);
    this.#arm();
  }

  /** One pass over the queue (at launch, and every 15 minutes while anything is queued). */
  async retryAll(): Promise<void> {
    for (const entry of this.list()) {
      const profile = this.#ctx.profiles.get(entry.providerId);
      const secrets = await this.#ctx.vault.load(vaultId(entry.connectionId)).catch(() => undefined);
      if (secrets === undefined) continue; // keychain unavailable now: try again later
      const expired = this.#ctx.clock.now() - entry.queuedAt > GIVE_UP_AFTER_MS;
      let done = !profile || !secrets?.tokens || expired;
      let revoked = false;
      if (!done && profile && secrets?.tokens) {
        const result = await revokeAtProvider(this.#ctx, profile, entry.fields, secrets.tokens, secrets.secrets, this.#sleep);
        revoked = result.revoked;
        done = result.revoked || !result.retryLater;
      }
      const label = { id: entry.connectionId, providerId: entry.providerId, accountLabel: entry.accountLabel } as ConnectionRecord;
      if (done) {
        await this.#ctx.vault.delete(vaultId(entry.connectionId)).catch(() => undefined);
        const entries = this.#entries();
        delete entries[entry.connectionId];
        this.#write(entries);
        if (revoked) this.#ctx.log('revoked', label, 'revoked at the provider on a later attempt');
        else
          this.#ctx.log(
            'disconnected',
            label,
            expired ? 'gave up revoking at the provider after a week' : 'the provider could not revoke access; remove Storelink in the provider account',
          );
      } else {
        const entries = this.#entries();
        if (entries[entry.connectionId]) entries[entry.connectionId]!.attempts += 1;
        this.#write(entries);
      }
    }
    this.#arm();
  }

  /**
   * "Remove all Storelink data" (issue 9): one last attempt for each queued revocation, then its
   * keychain entry and queue entry go, whatever the provider said; the outcome of each is returned.
   */
  async removeAll(): Promise<RemovedConnectionView[]> {
    const out: RemovedConnectionView[] = [];
    for (const entry of this.list()) {
      const profile = this.#ctx.profiles.get(entry.providerId);
      let secrets: StoredSecrets | null | undefined;
      let readFailed = false;
      try {
        secrets = await this.#ctx.vault.load(vaultId(entry.connectionId));
      } catch {
        readFailed = true;
      }
      let revocation: { revoked: boolean; reason?: string };
      if (readFailed) revocation = { revoked: false, reason: 'the system keychain could not be read' };
      else if (!profile) revocation = { revoked: false, reason: 'this version of Storelink no longer knows the provider' };
      else revocation = await revokeAtProvider(this.#ctx, profile, entry.fields, secrets?.tokens, secrets?.secrets ?? {}, this.#sleep);
      const keychainReason = await this.#ctx.vault.deleteReporting(vaultId(entry.connectionId));
      const entries = this.#entries();
      delete entries[entry.connectionId];
      this.#write(entries);
      out.push({
        connectionId: entry.connectionId,
        providerName: profile?.name ?? entry.providerId,
        accountLabel: entry.accountLabel,
        source: 'queued-revocation',
        revocation: revocation.revoked ? 'revoked' : 'not-revoked',
        ...(revocation.revoked ? {} : { revocationReason: revocation.reason ?? 'the provider did not confirm it' }),
        keychain: keychainReason ? 'left' : 'deleted',
        ...(keychainReason ? { keychainReason } : {}),
        ordersDeleted: 0,
      });
    }
    this.#arm();
    return out;
  }

  #arm(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
    if (this.#closed || this.list().length === 0) return;
    this.#timer = this.#ctx.clock.setTimeout(() => void this.retryAll().catch(() => this.#arm()), RETRY_EVERY_MS);
  }

  close(): void {
    this.#closed = true;
    this.#timer?.cancel();
  }
}
