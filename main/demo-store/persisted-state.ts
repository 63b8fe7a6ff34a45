/**
 * The Demo store's state across restarts (issue 10 item 4): its store id, the port it listened on,
 * when its orders were seeded, and its token families and token records, in one JSON file in
 * Storelink's data folder.
 *
 * No secret is written: the registry keeps only the SHA-256 of each 256-bit random token
 * (./token-registry.ts), which cannot be turned back into a usable token, and the store has no
 * signing key (its tokens are opaque) and one fixed public client (./config.ts: no client secret).
 * The file is still private: created 0600 in the (0700) data folder, written to a temp file and
 * renamed so a crash never leaves half a file. A file that does not parse is set aside and the
 * store starts fresh: demo connections then say "sign in again", never crash the app.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import type { RegistrySnapshot } from './token-registry.ts';

export const DEMO_STATE_FILE = 'demo-store.json';

const epochMs = z.number().int().nonnegative();
const tokenRecord = z.object({
  key: z.string().min(1).max(100),
  kind: z.enum(['access', 'refresh']),
  familyId: z.string().min(1).max(100),
  clientId: z.string().max(200),
  scopes: z.array(z.string().max(200)),
  issuedAt: epochMs,
  expiresAt: epochMs,
  used: z.boolean().optional(),
});

const stateSchema = z.object({
  version: z.literal(1),
  storeId: z.string().regex(/^demo_[A-Za-z0-9_-]{8,64}$/),
  port: z.number().int().min(1).max(65535).optional(),
  seededAt: epochMs,
  registry: z.object({
    families: z.array(
      z.object({
        id: z.string().min(1).max(100),
        clientId: z.string().max(200),
        scopes: z.array(z.string().max(200)),
        revoked: z.boolean(),
        accessKeys: z.array(z.string().max(100)),
        refreshKeys: z.array(z.string().max(100)),
      }),
    ),
    tokens: z.array(tokenRecord),
  }),
});

export interface DemoState {
  version: 1;
  /** The store's permanent id, sent as `store_id` in token responses: the account id Storelink keys a connection by. */
  storeId: string;
  port?: number;
  /** The moment the seeded orders are generated relative to, so they are the same orders after a restart. */
  seededAt: number;
  registry: RegistrySnapshot;
}

export function newDemoState(now: number): DemoState {
  return { version: 1, storeId: `demo_${randomBytes(9).toString('base64url')}`, seededAt: now, registry: { families: [], tokens: [] } };
}

/** The saved state, or undefined when there is none; a damaged file is moved aside (`.damaged-{time}`). */
export function loadDemoState(file: string, now: number): DemoState | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const parsed = stateSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.success) return parsed.data as DemoState;
  } catch {
    // falls through: unreadable or not JSON
  }
  try {
    renameSync(file, `${file}.damaged-${now}`);
  } catch {
    // cannot move it: it is overwritten by the next save
  }
  return undefined;
}

export function saveDemoState(file: string, state: DemoState): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state), { mode: 0o600 });
  renameSync(tmp, file);
}
