/**
 * Runtime validation of every IPC request, parsed from `unknown` (security.md item 30; style.md
 * "guarded boundary": Fiddle runs each IPC argument through a type guard). One schema per request
 * channel of `IpcRequests`; objects are strict (unknown keys are refused), strings and collections
 * are bounded so a compromised renderer cannot make the main process allocate without limit.
 */
import { z } from 'zod';
import type { RequestChannel, RequestOf } from '../../shared/ipc-contract.ts';

/** Connection, provider and flow ids. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const MAX_FIELDS = 32;
export const MAX_FIELD_VALUE = 4096;
export const MAX_SCOPES = 100;
export const MAX_ACTIVITY = 1000;
export const MAX_PAGE_LIMIT = 500;
export const MAX_OFFSET = 10_000_000;

const id = z.string().regex(ID_PATTERN);
const fieldName = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/);
/** Scope token characters of RFC 6749 §3.3 (`NQCHAR`), no spaces. */
const scope = z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]{1,256}$/);
const epochMs = z.number().int().min(0).max(8_640_000_000_000_000);
const label = z.string().min(1).max(64).regex(/^[\p{L}\p{N} _.:-]+$/u);

const fields = z
  .record(fieldName, z.string().max(MAX_FIELD_VALUE))
  .refine((r) => Object.keys(r).length <= MAX_FIELDS, { message: `at most ${MAX_FIELDS} fields` });

const none = z.undefined();
const byConnection = z.strictObject({ connectionId: id });
const range = <T extends { fromMs: number; toMs: number }>(v: T): boolean => v.fromMs <= v.toMs;

/** One schema per request channel; `satisfies` keeps them in step with the contract's types. */
export const requestSchemas = {
  listProviders: none,
  listConnections: none,
  startConnect: z.strictObject({ providerId: id, fields, scopes: z.array(scope).max(MAX_SCOPES).optional() }),
  reconnect: byConnection,
  cancelConnect: z.strictObject({ flowId: id }),
  connectWithKey: z.strictObject({ providerId: id, fields }),
  refreshConnection: byConnection,
  disconnect: byConnection,
  listActivity: z.strictObject({ limit: z.number().int().min(1).max(MAX_ACTIVITY) }),
  startDemoStore: none,
  listNotices: none,
  syncNow: z.strictObject({ connectionId: id.optional() }),
  cancelSync: byConnection,
  listSyncStatus: none,
  ordersSummary: z
    .strictObject({ connectionId: id.optional(), fromMs: epochMs, toMs: epochMs })
    .refine(range, { message: 'fromMs after toMs' }),
  ordersPage: z
    .strictObject({
      connectionId: id.optional(),
      fromMs: epochMs,
      toMs: epochMs,
      sort: z.enum(['createdAt', 'totalMinor', 'orderNumber', 'status']),
      direction: z.enum(['asc', 'desc']),
      status: label.optional(),
      search: z.string().max(200).optional(),
      offset: z.number().int().min(0).max(MAX_OFFSET),
      limit: z.number().int().min(1).max(MAX_PAGE_LIMIT),
    })
    .refine(range, { message: 'fromMs after toMs' }),
} satisfies { [C in RequestChannel]: z.ZodType<RequestOf<C>> };

export type ValidationResult<C extends RequestChannel> =
  | { ok: true; value: RequestOf<C> }
  | { ok: false; issue: string };

/**
 * Parses a raw IPC argument for `channel`. The issue text names the failing path only, never the
 * value (a pasted secret must not end up in an error message: security.md item 10).
 */
export function validateRequest<C extends RequestChannel>(channel: C, raw: unknown): ValidationResult<C> {
  const schema = requestSchemas[channel] as z.ZodType<RequestOf<C>>;
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const first = parsed.error.issues[0];
  // Only the top-level key: deeper segments may be record keys the renderer chose.
  const where = first && first.path.length > 0 ? String(first.path[0]) : 'argument';
  return { ok: false, issue: `${where}: ${first?.code ?? 'invalid'}` };
}
