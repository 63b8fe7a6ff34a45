/**
 * security.md #12 and #46: the refresh markers, in their own small file beside the settings file
 * (`refresh-markers.json`). A marker (`{ generation, startedAt }`, no token, no secret) says a refresh of
 * that connection was started with the refresh token of that generation; it must be on disk before
 * the refresh token is sent, so that a crash between the provider's answer and the saving of its
 * successor is noticed at the next launch (token-refresher.ts, recoverInterruptedRefreshes).
 *
 * Written in the settings file, every refresh was a synchronous rewrite and fsync of the whole file
 * on the main thread (conf / electron-store only write synchronously): under 50 refreshing
 * connections that fsync, not the serialising, was the main thread's settings cost, and it grows
 * with the disk's latency. Here the write (temp file, fsync, rename: atomic as #34) runs on libuv's
 * thread pool: `set` resolves once the marker is on disk, and the refresh awaits it before sending,
 * so the guarantee is the same and the event loop never waits for the disk. Markers set while a write
 * is under way go to disk together in the next one (group commit).
 *
 * A marker is cleared when its refresh has ended; the clearing is written with the next write and
 * need not be durable: a marker left behind names a generation older than the saved tokens', which
 * recovery recognises as a refresh that completed (and clears).
 */
import fs from 'node:fs';
import path from 'node:path';
import { silentLogger, type LoggerPort } from '../ports.ts';

export const REFRESH_MARKERS_FILE = 'refresh-markers.json';

export interface RefreshMarker {
  generation: number;
  startedAt: number;
}

const isMarker = (v: unknown): v is RefreshMarker =>
  !!v &&
  typeof v === 'object' &&
  Number.isInteger((v as RefreshMarker).generation) &&
  (v as RefreshMarker).generation >= 0 &&
  Number.isInteger((v as RefreshMarker).startedAt) &&
  (v as RefreshMarker).startedAt >= 0;

export class RefreshMarkers {
  readonly #file: string;
  readonly #logger: LoggerPort;
  readonly #markers: Map<string, RefreshMarker>;
  /** The write on disk now, if any. */
  #writing: Promise<void> | undefined;
  /** The next write, not yet started: every change made before it starts goes into it. */
  #queued: Promise<void> | undefined;

  constructor(file: string, logger: LoggerPort = silentLogger) {
    this.#file = file;
    this.#logger = logger;
    this.#markers = RefreshMarkers.#read(file);
  }

  static inDataDir(dataDir: string, logger?: LoggerPort): RefreshMarkers {
    return new RefreshMarkers(path.join(dataDir, REFRESH_MARKERS_FILE), logger);
  }

  /** Read once at launch; a missing or unreadable file holds no markers (records may still carry one: #12). */
  static #read(file: string): Map<string, RefreshMarker> {
    const out = new Map<string, RefreshMarker>();
    try {
      const value: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
      const markers = value && typeof value === 'object' ? (value as { markers?: unknown }).markers : undefined;
      if (markers && typeof markers === 'object' && !Array.isArray(markers)) {
        for (const [id, m] of Object.entries(markers)) if (isMarker(m)) out.set(id, { generation: m.generation, startedAt: m.startedAt });
      }
    } catch {
      // no file yet, or unreadable: no markers
    }
    return out;
  }

  get(id: string): RefreshMarker | undefined {
    const m = this.#markers.get(id);
    return m && { ...m };
  }

  /** Sets the marker; resolves once it is on disk (rejects when it could not be written). */
  set(id: string, marker: RefreshMarker): Promise<void> {
    this.#markers.set(id, { generation: marker.generation, startedAt: marker.startedAt });
    return this.#persist();
  }

  /** Clears the marker; written with the next write, not waited for (see the module comment). */
  clear(id: string): void {
    if (!this.#markers.delete(id)) return;
    this.#persist().catch((err: unknown) => this.#logger.warn('refresh marker could not be cleared on disk', { connectionId: id, error: err }));
  }

  /** Resolves when everything set or cleared so far is on disk (close). */
  async settled(): Promise<void> {
    await (this.#queued ?? this.#writing)?.catch(() => undefined);
  }

  #persist(): Promise<void> {
    if (this.#queued) return this.#queued;
    const previous = this.#writing;
    const next: Promise<void> = previous ? previous.catch(() => undefined).then(() => this.#start(next)) : Promise.resolve().then(() => this.#start(next));
    this.#queued = next;
    return next;
  }

  /** Starts the queued write: what is in memory now is what it writes. */
  async #start(self: Promise<void>): Promise<void> {
    this.#queued = undefined; // changes from here on go to the write after this one
    this.#writing = self;
    try {
      await this.#write(JSON.stringify({ markers: Object.fromEntries(this.#markers) }) + '\n');
    } finally {
      if (this.#writing === self) this.#writing = undefined;
    }
  }

  async #write(data: string): Promise<void> {
    const tmp = `${this.#file}.${process.pid}.tmp`;
    const handle = await fs.promises.open(tmp, 'w', 0o600);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(tmp, this.#file);
  }
}
