/**
 * How one serialized secret set is laid out over keychain entries (security.md #18).
 *
 * Windows Credential Manager caps one credential blob at 2,560 bytes (CRED_MAX_CREDENTIAL_BLOB_SIZE,
 * learn.microsoft.com/windows/win32/api/wincred/ns-wincred-credentialw), and keytar stores UTF-8 there.
 * The payload is ASCII (token-set.ts escapes the rest), so one character is one byte. A payload that
 * does not fit in one entry is split: the head entry (account = connection id) holds
 * `sl1.<count>.<writeGeneration>.<digest>:<chunk 0>`, and continuation entries
 * `<id>#<writeGeneration>.<i>` hold chunks 1..count-1. The digest (first 16 hex of SHA-256 of the
 * whole payload) lets a load tell a complete set from chunks of two different writes.
 */
import { createHash } from 'node:crypto';

/** Bytes of payload per entry; head prefix + chunk stays well under 2,000 bytes. */
export const CHUNK_CHARS = 1900;

export interface HeadEntry {
  count: number;
  writeGeneration: number;
  digest: string;
  firstChunk: string;
}

const HEAD_RE = /^sl1\.([1-9][0-9]{0,3})\.(0|[1-9][0-9]{0,14})\.([0-9a-f]{16}):/;

export function digestOf(payload: string): string {
  return createHash('sha256').update(payload, 'utf8').digest('hex').slice(0, 16);
}

export function continuationAccount(connectionId: string, writeGeneration: number, index: number): string {
  return `${connectionId}#${writeGeneration}.${index}`;
}

export function splitPayload(payload: string): string[] {
  const chunks: string[] = [];
  for (let i = 0; i < payload.length; i += CHUNK_CHARS) chunks.push(payload.slice(i, i + CHUNK_CHARS));
  return chunks.length > 0 ? chunks : [''];
}

export function formatHead(h: HeadEntry): string {
  return `sl1.${h.count}.${h.writeGeneration}.${h.digest}:${h.firstChunk}`;
}

/** The head entry's fields, or undefined when it is not in this format. */
export function parseHead(value: string): HeadEntry | undefined {
  const m = HEAD_RE.exec(value);
  if (!m) return undefined;
  return {
    count: Number(m[1]),
    writeGeneration: Number(m[2]),
    digest: m[3] as string,
    firstChunk: value.slice(m[0].length),
  };
}
