/**
 * The activity log: an append-only JSON-lines file in the data folder (one ActivityView per line).
 * Reasons are redacted before they are written (security.md #38) and capped in length. A damaged line
 * (a crash mid-write, a hand edit) is skipped on read, and the next append starts on a fresh line.
 * Past ~5 MB the file is rotated to `<name>.1.jsonl` (one generation kept).
 * A failing append (disk full, no permission, a folder where the file should be) never throws
 * (security.md #47): the entry is still returned, the first failure is kept for a notice and reported
 * once through `onWriteFailure`.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { redactText } from '../log/redact.ts';
import { activityKindSchema, type ActivityKind, type ActivityView } from '../../../shared/view-models.ts';

export const ACTIVITY_ROTATE_BYTES = 5 * 1024 * 1024;
const MAX_REASON = 500;

const entrySchema = z.object({
  id: z.string().min(1),
  at: z.number().int().nonnegative(),
  kind: activityKindSchema,
  connectionId: z.string(),
  providerName: z.string(),
  accountLabel: z.string(),
  storeAddress: z.string().optional(),
  reason: z.string().optional(),
  trigger: z.enum(['automatic', 'on-request']).optional(),
  orderCount: z.number().int().nonnegative().optional(),
  durationMs: z.number().int().nonnegative().optional(),
});

/** Rows to list (issue 10 item 5): one store, some kinds; absent = all. */
export interface ActivityFilter {
  connectionId?: string;
  kinds?: readonly ActivityKind[];
}

export interface ActivityInput {
  kind: ActivityKind;
  connectionId: string;
  providerName: string;
  accountLabel: string;
  /** The platform's store address, where known (issue 10 item 3). */
  storeAddress?: string;
  reason?: string;
  trigger?: 'automatic' | 'on-request';
  orderCount?: number;
  durationMs?: number;
}

/** `activity.jsonl` -> `activity.1.jsonl`. */
export function rotatedPath(filePath: string): string {
  const ext = path.extname(filePath);
  return path.join(path.dirname(filePath), `${path.basename(filePath, ext)}.1${ext}`);
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/** True when a non-empty file does not end with a newline (its last line was cut short). */
function endsMidLine(file: string, size: number): boolean {
  if (size === 0) return false;
  const fd = fs.openSync(file, 'r');
  try {
    const b = Buffer.alloc(1);
    fs.readSync(fd, b, 0, 1, size - 1);
    return b[0] !== 0x0a;
  } finally {
    fs.closeSync(fd);
  }
}

function readEntries(file: string): ActivityView[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const out: ActivityView[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const parsed = entrySchema.safeParse(JSON.parse(line));
      if (parsed.success) out.push(parsed.data as ActivityView);
    } catch {
      // a damaged line is skipped
    }
  }
  return out;
}

/** The first failed append, in words for the admin. */
export interface ActivityWriteFailure {
  at: number;
  reason: string;
}

/** Plain words for a file-system error code (never a path or the entry). */
function failureReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return 'the disk is full';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'Storelink may not write to its data folder';
  if (code === 'EISDIR' || code === 'ENOTDIR' || code === 'EEXIST') return 'something else is in the place of the activity file';
  return `the file could not be written${typeof code === 'string' && /^[A-Z]{2,12}$/.test(code) ? ` (${code})` : ''}`;
}

export class ActivityLog {
  readonly #file: string;
  readonly #clock: () => number;
  readonly #rotateBytes: number;
  readonly #onWriteFailure: ((failure: ActivityWriteFailure, err: unknown) => void) | undefined;
  #failure: ActivityWriteFailure | undefined;

  constructor(
    filePath: string,
    clock: () => number,
    options: { rotateBytes?: number; onWriteFailure?: (failure: ActivityWriteFailure, err: unknown) => void } = {},
  ) {
    this.#file = filePath;
    this.#clock = clock;
    this.#rotateBytes = options.rotateBytes ?? ACTIVITY_ROTATE_BYTES;
    this.#onWriteFailure = options.onWriteFailure;
  }

  get filePath(): string {
    return this.#file;
  }

  /** The first append that failed since start, if any (shown once as a notice). */
  get writeFailure(): ActivityWriteFailure | undefined {
    return this.#failure;
  }

  /** Appends one entry and returns it as it was written (reason redacted). */
  append(e: ActivityInput): ActivityView {
    const entry: ActivityView = {
      id: randomUUID(),
      at: this.#clock(),
      kind: e.kind,
      connectionId: e.connectionId,
      providerName: e.providerName,
      accountLabel: e.accountLabel,
      ...(e.storeAddress ? { storeAddress: e.storeAddress } : {}),
      ...(e.trigger ? { trigger: e.trigger } : {}),
      ...(e.orderCount !== undefined ? { orderCount: Math.max(0, Math.floor(e.orderCount)) } : {}),
      ...(e.durationMs !== undefined ? { durationMs: Math.max(0, Math.round(e.durationMs)) } : {}),
    };
    if (e.reason !== undefined) {
      const r = redactText(e.reason);
      entry.reason = r.length > MAX_REASON ? `${r.slice(0, MAX_REASON - 1)}…` : r;
    }
    try {
      this.#write(entry);
    } catch (err) {
      if (!this.#failure) {
        this.#failure = { at: entry.at, reason: failureReason(err) };
        try {
          this.#onWriteFailure?.(this.#failure, err);
        } catch {
          // a reporting hook must not turn a lost line into a failed connect
        }
      }
    }
    return entry;
  }

  #write(entry: ActivityView): void {
    fs.mkdirSync(path.dirname(this.#file), { recursive: true });
    let size = sizeOf(this.#file);
    if (size >= this.#rotateBytes) {
      fs.renameSync(this.#file, rotatedPath(this.#file));
      size = 0;
    }
    const prefix = endsMidLine(this.#file, size) ? '\n' : '';
    fs.appendFileSync(this.#file, `${prefix}${JSON.stringify(entry)}\n`, { mode: 0o600 });
  }

  /**
   * Every entry, newest first, across the rotated file too (the CSV export). One file is read at a
   * time; each is at most ~ACTIVITY_ROTATE_BYTES, so memory stays bounded however old the log is.
   */
  *entries(): Generator<ActivityView> {
    yield* readEntries(this.#file).reverse();
    yield* readEntries(rotatedPath(this.#file)).reverse();
  }

  /**
   * Up to `limit` entries, newest first (in the order they were appended), across the rotated file too;
   * with a filter, only the rows that match it (the limit counts matching rows).
   */
  list(limit: number, filter: ActivityFilter = {}): ActivityView[] {
    const n = Math.max(0, Math.floor(limit));
    if (n === 0) return [];
    const kinds = filter.kinds ? new Set(filter.kinds) : undefined;
    const keep = (e: ActivityView): boolean => (filter.connectionId === undefined || e.connectionId === filter.connectionId) && (!kinds || kinds.has(e.kind));
    const current = readEntries(this.#file).reverse().filter(keep);
    if (current.length >= n) return current.slice(0, n);
    const older = readEntries(rotatedPath(this.#file)).reverse().filter(keep);
    return [...current, ...older].slice(0, n);
  }

  /**
   * Deletes the log and its rotated generation ("Remove all Storelink data", issue 9). Returns why it
   * could not, in plain words, or undefined when both are gone.
   */
  clear(): string | undefined {
    for (const file of [this.#file, rotatedPath(this.#file)]) {
      try {
        fs.rmSync(file, { force: true });
      } catch (err) {
        return failureReason(err).replace('the file could not be written', 'the file could not be deleted');
      }
    }
    return undefined;
  }
}
