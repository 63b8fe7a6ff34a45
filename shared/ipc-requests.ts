/**
 * Request schemas of the IPC contract: every argument the renderer sends is parsed from `unknown`
 * with these (security.md item 30; style.md "guarded boundary": Fiddle runs each IPC argument
 * through a type guard). Objects are strict (unknown keys are refused); strings and collections are
 * bounded so a compromised renderer cannot make the main process allocate without limit.
 * The request types are inferred from these schemas (shared/ipc-contract.ts).
 */
import { z } from 'zod';
import { SCOPE_TOKEN } from './field-rules.ts';
import { CONNECTION_NAME_MAX_LENGTH, connectionNameProblem } from './field-rules.ts';
import { activityKindSchema as activityKind } from './activity-kinds.ts';

/** Connection, provider and flow ids. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const MAX_FIELDS = 32;
export const MAX_FIELD_VALUE = 4096;
export const MAX_SCOPES = 100;
export const MAX_ACTIVITY = 1000;
export const MAX_PAGE_LIMIT = 500;
export const MAX_OFFSET = 10_000_000;
export const MAX_ACTIVITY_KINDS = 32;

const id = z.string().regex(ID_PATTERN);
const fieldName = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/);
/** Scope token characters of RFC 6749 §3.3 (`NQCHAR`), one length limit (shared/field-rules.ts). */
const scope = z.string().regex(SCOPE_TOKEN);
const epochMs = z.number().int().min(0).max(8_640_000_000_000_000);
const label = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\p{L}\p{N} _.:-]+$/u);

const fields = z
  .record(fieldName, z.string().max(MAX_FIELD_VALUE))
  .refine((r) => Object.keys(r).length <= MAX_FIELDS, { message: `at most ${MAX_FIELDS} fields` });

const range = <T extends { fromMs: number; toMs: number }>(v: T): boolean => v.fromMs <= v.toMs;

/** No argument: only `undefined` is accepted. */
export const noArgument = z.void();
export const byConnection = z.strictObject({ connectionId: id });
export const startConnectRequest = z.strictObject({ providerId: id, fields, scopes: z.array(scope).max(MAX_SCOPES).optional() });
export const cancelConnectRequest = z.strictObject({ flowId: id });
export const connectWithKeyRequest = z.strictObject({ providerId: id, fields });
export const listActivityRequest = z.strictObject({
  limit: z.number().int().min(1).max(MAX_ACTIVITY),
  /** Issue 10 item 5: only this store's rows. */
  connectionId: id.optional(),
  /** Only these kinds (activityKindSchema values). */
  kinds: z.array(activityKind).min(1).max(MAX_ACTIVITY_KINDS).optional(),
});
export const syncNowRequest = z.strictObject({ connectionId: id.optional() });
/** The name rules of shared/field-rules.ts (the core checks them again). */
export const renameConnectionRequest = z.strictObject({
  connectionId: id,
  name: z
    .string()
    .max(CONNECTION_NAME_MAX_LENGTH * 4)
    .refine((n) => connectionNameProblem(n) === null, { message: 'not a valid connection name' }),
});

const summaryQueryObject = z.strictObject({
  /** All stores when absent. */
  connectionId: id.optional(),
  fromMs: epochMs,
  toMs: epochMs,
});
export const summaryQuery = summaryQueryObject.refine(range, { message: 'fromMs after toMs' });
export type SummaryQuery = z.output<typeof summaryQueryObject>;

const ordersPageQueryObject = z.strictObject({
  connectionId: id.optional(),
  fromMs: epochMs,
  toMs: epochMs,
  sort: z.enum(['createdAt', 'totalMinor', 'orderNumber', 'status']),
  direction: z.enum(['asc', 'desc']),
  status: label.optional(),
  search: z.string().max(200).optional(),
  offset: z.number().int().min(0).max(MAX_OFFSET),
  limit: z.number().int().min(1).max(MAX_PAGE_LIMIT),
});
export const ordersPageQuery = ordersPageQueryObject.refine(range, { message: 'fromMs after toMs' });
export type OrdersPageQuery = z.output<typeof ordersPageQueryObject>;

/** The orders-table filter without paging: what the CSV export writes (issue 9). */
const ordersFilterObject = ordersPageQueryObject.omit({ offset: true, limit: true });
export const ordersFilterQuery = ordersFilterObject.refine(range, { message: 'fromMs after toMs' });

/** An order of a connection, to open in its platform's admin. Order ids are platform ids (digits, letters, `-`, `_`). */
export const openOrderInAdminRequest = z.strictObject({ connectionId: id, orderId: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/) });
/** Setup guide: a docs page of a platform's guide (main opens only URLs listed in a guide). */
export const openSetupDocRequest = z.strictObject({ url: z.string().min(1).max(2048) });
export const forwardingPageRequest = z.strictObject({ providerId: id });
/** The address where the admin hosts the forwarding page (https; http only on 127.0.0.1 for tests). */
export const testForwardingPageRequest = z.strictObject({ providerId: id, pageUrl: z.string().min(1).max(2048) });
