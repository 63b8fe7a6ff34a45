/**
 * Request validation at the IPC boundary (security.md item 30): every raw argument is parsed from
 * `unknown` with its channel's request schema from the one contract (shared/ipc-contract.ts).
 */
import { ipcContract, type RequestChannel, type RequestOf } from '../../shared/ipc-contract.ts';

export { ID_PATTERN, MAX_ACTIVITY, MAX_FIELDS, MAX_FIELD_VALUE, MAX_OFFSET, MAX_PAGE_LIMIT, MAX_SCOPES } from '../../shared/ipc-requests.ts';

export type ValidationResult<C extends RequestChannel> = { ok: true; value: RequestOf<C> } | { ok: false; issue: string };

/**
 * Parses a raw IPC argument for `channel`. The issue text names the failing path only, never the
 * value (a pasted secret must not end up in an error message: security.md item 10).
 */
export function validateRequest<C extends RequestChannel>(channel: C, raw: unknown): ValidationResult<C> {
  const parsed = ipcContract.requests[channel].request.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data as RequestOf<C> };
  const first = parsed.error.issues[0];
  // Only the top-level key: deeper segments may be record keys the renderer chose.
  const where = first && first.path.length > 0 ? String(first.path[0]) : 'argument';
  return { ok: false, issue: `${where}: ${first?.code ?? 'invalid'}` };
}
