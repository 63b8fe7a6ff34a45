/**
 * The secrets kept for one connection, and their compact keychain serialization (security.md #17).
 * Wire form (short keys, ASCII only): `{"v":1,"t":{"a":..,"r":..,"y":..,"i":..,"e":..,"x":..,"g":..},"s":{..}}`.
 * Domain types stay camelCase; conversion is explicit both ways (style.md: wire vs domain types).
 */
import { z } from 'zod';
import { ErrorCode, InputError, StorageError } from '../errors.ts';

export interface TokenSet {
  accessToken: string;
  refreshToken?: string;
  tokenType: string;
  idToken?: string;
  /** Epoch ms. */
  accessExpiresAt?: number;
  refreshExpiresAt?: number;
  /** Bumped on every refresh; lets a refresh that crashed between response and save be detected (#12). */
  generation: number;
}

export interface StoredSecrets {
  tokens?: TokenSet;
  /** Admin-supplied secrets by form field name: client secret, API keys. */
  secrets: Record<string, string>;
}

const WIRE_VERSION = 1;

const wireTokens = z.strictObject({
  a: z.string().min(1),
  r: z.string().min(1).optional(),
  y: z.string().min(1),
  i: z.string().min(1).optional(),
  e: z.number().int().nonnegative().optional(),
  x: z.number().int().nonnegative().optional(),
  g: z.number().int().nonnegative(),
});

const wireSecrets = z.strictObject({
  v: z.literal(WIRE_VERSION),
  t: wireTokens.optional(),
  s: z.record(z.string(), z.string()),
});

/** JSON with every non-ASCII character escaped as `\uXXXX`, so bytes == characters in any keychain. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Compact, ASCII-only serialization of a connection's secrets (security.md #17). */
export function serializeSecrets(s: StoredSecrets): string {
  const wire: z.infer<typeof wireSecrets> = { v: WIRE_VERSION, s: { ...s.secrets } };
  if (s.tokens) {
    const t = s.tokens;
    const wt: z.infer<typeof wireTokens> = { a: t.accessToken, y: t.tokenType, g: t.generation };
    if (t.refreshToken !== undefined) wt.r = t.refreshToken;
    if (t.idToken !== undefined) wt.i = t.idToken;
    if (t.accessExpiresAt !== undefined) wt.e = t.accessExpiresAt;
    if (t.refreshExpiresAt !== undefined) wt.x = t.refreshExpiresAt;
    wire.t = wt;
  }
  // Fail closed on the way in too: never store something the parser would later refuse.
  const checked = wireSecrets.safeParse(wire);
  if (!checked.success) {
    throw new InputError('The credentials to save are incomplete (missing access token, token type or generation).');
  }
  return asciiJson(wire);
}

/**
 * Strict parser for what `serializeSecrets` wrote. Anything else (truncated JSON, unknown keys, wrong
 * types, another version) is a StorageError with code `keychain_corrupt`; the message never quotes the
 * stored text, which may hold a token.
 */
export function parseSecrets(text: string): StoredSecrets {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new StorageError(ErrorCode.KeychainCorrupt, 'The saved credentials in the system keychain are damaged (not readable).');
  }
  const parsed = wireSecrets.safeParse(raw);
  if (!parsed.success) {
    throw new StorageError(ErrorCode.KeychainCorrupt, 'The saved credentials in the system keychain are damaged (unexpected format).');
  }
  const w = parsed.data;
  const out: StoredSecrets = { secrets: { ...w.s } };
  if (w.t) {
    const tokens: TokenSet = { accessToken: w.t.a, tokenType: w.t.y, generation: w.t.g };
    if (w.t.r !== undefined) tokens.refreshToken = w.t.r;
    if (w.t.i !== undefined) tokens.idToken = w.t.i;
    if (w.t.e !== undefined) tokens.accessExpiresAt = w.t.e;
    if (w.t.x !== undefined) tokens.refreshExpiresAt = w.t.x;
    out.tokens = tokens;
  }
  return out;
}
