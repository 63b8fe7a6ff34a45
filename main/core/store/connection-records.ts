/**
 * Non-secret connection records in the settings store. The list of connection ids lives here
 * (`connectionIds`), never enumerated from the keychain (security.md #20); tokens and secrets live only
 * in the keychain (#17), and the strict schema refuses any key it does not know, so a token cannot be
 * slipped into a record by accident (#10). A record that fails validation on read is skipped and
 * reported (`problems()` and the logger), not a crash.
 *
 * security.md #46: status churn is coalesced. Records are kept in memory; an `update` that only moves
 * status, timestamps or expiries is written with every other change of the same window in one
 * settings write (`COALESCE_MS`), so 50 refreshing connections do not rewrite (and fsync) the whole
 * file once or more per refresh: each such write blocks the main thread for its fsync (conf and
 * electron-store write synchronously). Writes that must be durable before the caller goes on are
 * written at once: a new or removed connection (the id list), and a refresh marker set with
 * `update` (`refreshAttempt`). The core keeps refresh markers in their own file instead
 * (`markRefresh`, refresh-markers.ts: written off the main thread, awaited before the refresh token
 * is sent, #12), so a refresh costs no immediate settings write. `flush()` writes what is pending;
 * the core calls it on close.
 */
import { z } from 'zod';
import { ErrorCode, InputError, StorelinkError } from '../errors.ts';
import { silentLogger, type LoggerPort, type SettingsPort, type TimerHandle } from '../ports.ts';
import type { ConnectionStatus } from '../../../shared/view-models.ts';
import type { ConnectionIdIndex } from './connection-id-index.ts';
import type { RefreshMarker, RefreshMarkers } from './refresh-markers.ts';

export interface ConnectionRecord {
  id: string;
  providerId: string;
  accountLabel: string;
  /** The name the admin gave the connection (renameConnection); the account label is shown when absent. */
  name?: string;
  /**
   * The store's identity as its platform reports it, `{platform}:{id}` (Shopify shop domain,
   * WooCommerce store URL, Square merchant id, Etsy user id, the demo store's id): one store, one
   * connection (connections/account-identity.ts).
   */
  accountId?: string;
  /** Set when a new connect of this same store renewed this connection instead of adding a second one. */
  reconnectedExistingAt?: number;
  /** The last sign-in (or keys entered) of this connection; absent on records saved before it was kept (duplicate-connections.ts). */
  authorizedAt?: number;
  store?: string;
  /** Non-secret form values only (secret fields go to the vault). */
  fields: Record<string, string>;
  requestedScopes: string[];
  grantedScopes: string[];
  accessExpiresAt?: number;
  refreshExpiresAt?: number;
  hasRefreshToken: boolean;
  status: ConnectionStatus;
  lastRefreshAt?: number;
  lastActivityAt?: number;
  createdAt: number;
  /** Set while a refresh is in flight, so a crash between response and save is noticed (#12). */
  refreshAttempt?: { generation: number; startedAt: number };
}

export const IDS_KEY = 'connectionIds';
/**
 * How long status churn may wait before it is written (one settings write per window). What waits is
 * status, expiries and timestamps only (the tokens are in the keychain, markers in their own file);
 * a crash loses at most this much of it, and launch sets a record left "refreshing" back.
 */
export const COALESCE_MS = 1000;
export const RECORDS_KEY = 'connectionRecords';

const epochMs = z.number().int().nonnegative();
const reason = z.string().max(2000);

const statusSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('connected') }),
  z.strictObject({ kind: z.literal('refreshing') }),
  z.strictObject({ kind: z.literal('needs-reauth'), reason }),
  z.strictObject({ kind: z.literal('error'), reason, retryAt: epochMs.optional() }),
  z.strictObject({ kind: z.literal('revoked'), reason }),
]);

/** Letters, digits and `._:-` only: safe as a keychain account, a JSON key and a file name part. */
export const CONNECTION_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;

export const connectionRecordSchema = z.strictObject({
  id: z.string().regex(CONNECTION_ID_PATTERN),
  providerId: z.string().min(1).max(200),
  accountLabel: z.string().max(500),
  name: z.string().max(200).optional(),
  accountId: z.string().max(2100).optional(),
  reconnectedExistingAt: epochMs.optional(),
  authorizedAt: epochMs.optional(),
  store: z.string().max(2000).optional(),
  fields: z.record(z.string(), z.string()),
  requestedScopes: z.array(z.string()),
  grantedScopes: z.array(z.string()),
  accessExpiresAt: epochMs.optional(),
  refreshExpiresAt: epochMs.optional(),
  hasRefreshToken: z.boolean(),
  status: statusSchema,
  lastRefreshAt: epochMs.optional(),
  lastActivityAt: epochMs.optional(),
  createdAt: epochMs,
  refreshAttempt: z.strictObject({ generation: z.number().int().nonnegative(), startedAt: epochMs }).optional(),
});

function unrefTimer(fn: () => void, ms: number): TimerHandle {
  const t = setTimeout(fn, ms);
  t.unref?.();
  return { cancel: () => clearTimeout(t) };
}

export interface RecordProblem {
  id: string;
  reason: string;
}

type RecordPatch = Partial<Omit<ConnectionRecord, 'id'>>;

/** Drops keys whose value is `undefined`, so a patch can clear an optional field and JSON stays clean. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || 'record'}: ${i.message}`)
    .join('; ');
}

export class ConnectionRecords {
  readonly #settings: SettingsPort;
  readonly #logger: LoggerPort;
  #problems: RecordProblem[] = [];
  /** Records written in memory but not yet to the settings store (coalesced status churn). */
  #pending: Record<string, unknown> | undefined;
  #timer: TimerHandle | undefined;
  readonly #coalesceMs: number;
  readonly #index: ConnectionIdIndex | undefined;
  readonly #markers: RefreshMarkers | undefined;
  readonly #setTimer: (fn: () => void, ms: number) => TimerHandle;

  /**
   * `index`: the second id index (#48), kept a superset of the ids in the settings store.
   * `markers`: where `markRefresh` keeps refresh markers (#12); without it they go in the record.
   * `setTimer`: the coalescing timer (tests pass a fake clock's); default an unref'd setTimeout.
   */
  constructor(
    settings: SettingsPort,
    logger: LoggerPort = silentLogger,
    options: { coalesceMs?: number; index?: ConnectionIdIndex; markers?: RefreshMarkers; setTimer?: (fn: () => void, ms: number) => TimerHandle } = {},
  ) {
    this.#settings = settings;
    this.#logger = logger;
    this.#coalesceMs = options.coalesceMs ?? COALESCE_MS;
    this.#index = options.index;
    this.#markers = options.markers;
    this.#setTimer = options.setTimer ?? unrefTimer;
  }

  /**
   * Ids the second index knows but the settings store does not (its file was recovered or lost, or
   * a connect stopped half-way): their keychain entries and orders are to be removed (#48). On the
   * first launch with an index it is seeded from the settings store and nothing is orphaned.
   */
  orphans(): string[] {
    if (!this.#index) return [];
    const known = new Set(this.#ids());
    if (!this.#index.existed && this.#index.list().length === 0) {
      this.#index.reset([...known]);
      return [];
    }
    for (const id of known) this.#index.add(id);
    return this.#index.list().filter((id) => !known.has(id));
  }

  /** Forgets an orphan once its keychain entries and orders were removed. */
  forgetOrphan(id: string): void {
    if (this.#ids().includes(id)) return;
    this.#markers?.clear(id);
    this.#index?.remove(id);
  }

  #ids(): string[] {
    const ids = this.#settings.get(IDS_KEY);
    return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [];
  }

  #rawRecords(): Record<string, unknown> {
    if (this.#pending) return { ...this.#pending };
    const r = this.#settings.get(RECORDS_KEY);
    return r && typeof r === 'object' && !Array.isArray(r) ? { ...(r as Record<string, unknown>) } : {};
  }

  /** Writes the records now (one settings write), dropping any scheduled write. */
  #writeRecords(records: Record<string, unknown>): void {
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#pending = undefined;
    this.#settings.set(RECORDS_KEY, records);
  }

  /** Keeps the records in memory and writes them with the rest of this window's changes. */
  #deferRecords(records: Record<string, unknown>): void {
    this.#pending = records;
    if (this.#timer) return;
    this.#timer = this.#setTimer(() => {
      this.#timer = undefined;
      try {
        this.flush();
      } catch (err) {
        this.#logger.error('connection records could not be written', { error: err });
      }
    }, this.#coalesceMs);
  }

  /** Writes pending (coalesced) changes now; nothing pending means no write. */
  flush(): void {
    if (this.#pending) this.#writeRecords(this.#pending);
  }

  /** flush(), then waits until the refresh markers are on disk too (close). */
  async settled(): Promise<void> {
    this.flush();
    await this.#markers?.settled();
  }

  /**
   * #12: records that a refresh with the refresh token of `marker.generation` is starting; resolves
   * once the marker is on disk. In the marker file when there is one (written off the main thread,
   * refresh-markers.ts), otherwise in the record (a settings write at once). `update` with
   * `refreshAttempt: undefined` clears it either way.
   */
  async markRefresh(id: string, marker: RefreshMarker): Promise<void> {
    if (!this.#markers) {
      this.update(id, { refreshAttempt: marker });
      return;
    }
    if (!this.#ids().includes(id)) throw new StorelinkError(ErrorCode.ConnectionNotFound, 'That connection does not exist (or its record is damaged).');
    await this.#markers.set(id, marker);
  }

  /** The refresh marker of a connection: the newer of the record's (older versions kept it there) and the marker file's. */
  refreshMarker(id: string): RefreshMarker | undefined {
    const inRecord = this.get(id)?.refreshAttempt;
    const inFile = this.#markers?.get(id);
    if (!inRecord || !inFile) return inRecord ?? inFile;
    return inFile.generation >= inRecord.generation ? inFile : inRecord;
  }

  #read(id: string, raw: unknown, problems: RecordProblem[]): ConnectionRecord | undefined {
    if (raw === undefined) {
      problems.push({ id, reason: 'the record is missing' });
      return undefined;
    }
    const parsed = connectionRecordSchema.safeParse(raw);
    if (!parsed.success) {
      problems.push({ id, reason: describe(parsed.error) });
      return undefined;
    }
    if (parsed.data.id !== id) {
      problems.push({ id, reason: 'the record is filed under another id' });
      return undefined;
    }
    return parsed.data as ConnectionRecord;
  }

  #report(problems: RecordProblem[]): void {
    for (const p of problems) {
      if (!this.#problems.some((q) => q.id === p.id && q.reason === p.reason)) {
        this.#logger.warn('connection record skipped', { connectionId: p.id, reason: p.reason });
      }
    }
    this.#problems = problems;
  }

  /** Valid records in the order they were added; invalid ones are skipped and listed by problems(). */
  list(): ConnectionRecord[] {
    const records = this.#rawRecords();
    const problems: RecordProblem[] = [];
    const out: ConnectionRecord[] = [];
    for (const id of this.#ids()) {
      const r = this.#read(id, Object.hasOwn(records, id) ? records[id] : undefined, problems);
      if (r) out.push(r);
    }
    this.#report(problems);
    return out;
  }

  /** Records the last list() skipped, with a plain reason (no values quoted). */
  problems(): RecordProblem[] {
    return [...this.#problems];
  }

  /** The record, or undefined when absent or invalid. */
  get(id: string): ConnectionRecord | undefined {
    if (!this.#ids().includes(id)) return undefined;
    const problems: RecordProblem[] = [];
    const records = this.#rawRecords();
    const r = this.#read(id, Object.hasOwn(records, id) ? records[id] : undefined, problems);
    if (problems.length > 0) this.#report([...this.#problems.filter((p) => p.id !== id), ...problems]);
    return r;
  }

  /** Inserts or replaces (written at once: durable); refuses a record the schema refuses (unknown keys included). */
  put(record: ConnectionRecord): void {
    this.#put(record, true);
  }

  #put(record: ConnectionRecord, durable: boolean): void {
    const parsed = connectionRecordSchema.safeParse(withoutUndefined(record));
    if (!parsed.success) throw new InputError(`The connection record is not valid (${describe(parsed.error)}).`, 'record');
    const value = withoutUndefined(parsed.data);
    const records = this.#rawRecords();
    records[value.id] = value;
    const ids = this.#ids();
    const isNew = !ids.includes(value.id);
    if (isNew) this.#index?.add(value.id); // the second index first: it may hold more ids, never fewer
    // Records first, ids second: a crash in between leaves an unlisted record, never a listed missing one.
    if (durable || isNew) this.#writeRecords(records);
    else this.#deferRecords(records);
    if (isNew) this.#settings.set(IDS_KEY, [...ids, value.id]);
  }

  /**
   * Merges `patch` into the stored record; a key set to `undefined` is removed. Status churn is
   * coalesced (#46); setting a refresh marker is written before this returns (#12).
   */
  update(id: string, patch: RecordPatch): ConnectionRecord {
    const current = this.get(id);
    if (!current) throw new StorelinkError(ErrorCode.ConnectionNotFound, 'That connection does not exist (or its record is damaged).');
    const next = { ...current, ...patch, id } as ConnectionRecord;
    for (const [k, v] of Object.entries(patch)) if (v === undefined) delete (next as unknown as Record<string, unknown>)[k];
    if (Object.hasOwn(patch, 'refreshAttempt') && patch.refreshAttempt === undefined) this.#markers?.clear(id);
    this.#put(next, patch.refreshAttempt !== undefined);
    return this.get(id) as ConnectionRecord;
  }

  /** Removes the id and the record (written at once); deleting an unknown id does nothing. */
  delete(id: string): void {
    const ids = this.#ids();
    if (ids.includes(id))
      this.#settings.set(
        IDS_KEY,
        ids.filter((x) => x !== id),
      );
    const records = this.#rawRecords();
    if (Object.hasOwn(records, id)) {
      delete records[id];
      this.#writeRecords(records);
    } else {
      this.flush();
    }
    this.#markers?.clear(id);
    this.#index?.remove(id);
    this.#problems = this.#problems.filter((p) => p.id !== id);
  }

  /** Ids in the list, valid or not (so a damaged record's keychain entry can still be deleted). */
  ids(): string[] {
    return this.#ids();
  }
}
