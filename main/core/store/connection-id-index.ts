/**
 * security.md #48: a second, small index of connection ids, in its own file beside the settings
 * file (`connection-ids.json`). When the settings file is lost or recovered (moved aside as corrupt,
 * #34), the ids it listed survive here, so the keychain entries (by id, never by enumerating the
 * keychain: #20) and the synced orders of connections no longer known can still be found and removed.
 * An id is added before the connection's record is written and removed after it is deleted, so the
 * index always holds every id the settings file holds. Written atomically (temp file, fsync, rename:
 * #34); it changes only on connect, disconnect and clean-up, so these small synchronous writes are rare.
 */
import fs from 'node:fs';
import path from 'node:path';

export const CONNECTION_ID_INDEX_FILE = 'connection-ids.json';

export class ConnectionIdIndex {
  readonly #file: string;
  #ids: string[];
  /** False when there was no readable index yet (first launch of a version that keeps one). */
  readonly existed: boolean;

  constructor(file: string) {
    this.#file = file;
    const read = ConnectionIdIndex.#read(file);
    this.existed = read !== undefined;
    this.#ids = read ?? [];
  }

  static inDataDir(dataDir: string): ConnectionIdIndex {
    return new ConnectionIdIndex(path.join(dataDir, CONNECTION_ID_INDEX_FILE));
  }

  static #read(file: string): string[] | undefined {
    try {
      const value: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
      const ids = value && typeof value === 'object' && Array.isArray((value as { ids?: unknown }).ids) ? (value as { ids: unknown[] }).ids : undefined;
      return ids?.filter((x): x is string => typeof x === 'string');
    } catch {
      return undefined;
    }
  }

  list(): string[] {
    return [...this.#ids];
  }

  add(id: string): void {
    if (this.#ids.includes(id)) return;
    this.#write([...this.#ids, id]);
  }

  remove(id: string): void {
    if (!this.#ids.includes(id)) return;
    this.#write(this.#ids.filter((x) => x !== id));
  }

  /** Replaces the whole list (first launch: seeded from the settings file). */
  reset(ids: string[]): void {
    this.#write([...new Set(ids)]);
  }

  #write(ids: string[]): void {
    const tmp = `${this.#file}.${process.pid}.tmp`;
    const fd = fs.openSync(tmp, 'w', 0o600);
    try {
      fs.writeSync(fd, JSON.stringify({ ids }) + '\n');
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, this.#file);
    this.#ids = ids;
  }
}
