/**
 * Streams a JSON Lines file (https://jsonlines.org: UTF-8, one JSON value per `\n`-terminated line)
 * line by line, never holding more than the current chunk and one partial line. Used for Shopify
 * Bulk Operation results: a signed URL on a storage host, fetched WITHOUT the store's credentials.
 * Resumes at a byte offset with `Range: bytes=N-` (RFC 9110 §14.2); a server that ignores the range
 * (200) is skipped forward instead. No redirects are followed (security.md #37); https only, except
 * plain http to 127.0.0.1 (the test simulator).
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { ApiError, ErrorCode } from '../../core/errors.ts';
import { TransientApiError } from '../order-adapter.ts';

/** One line longer than this is refused: an order line is a few kilobytes. */
export const MAX_LINE_BYTES = 1024 * 1024;

export class JsonlReader {
  #pos: number;
  #it: AsyncIterator<Buffer>;
  #res: IncomingMessage;
  #rest: Buffer = Buffer.alloc(0);
  #eof = false;
  #skip: number;

  private constructor(res: IncomingMessage, pos: number, skip: number) {
    this.#res = res;
    this.#pos = pos;
    this.#skip = skip;
    this.#it = res[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  }

  /** Byte offset of the first line not yet returned. */
  get pos(): number {
    return this.#pos;
  }

  static async open(url: string, fromByte: number, signal: AbortSignal, timeoutMs = 30_000): Promise<JsonlReader> {
    const u = new URL(url);
    const local = u.protocol === 'http:' && u.hostname === '127.0.0.1';
    if (u.protocol !== 'https:' && !local) throw new ApiError(ErrorCode.BadResponse, 'Shopify sent a bulk result address that is not https.');
    const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = send(u, { method: 'GET', headers: fromByte > 0 ? { range: `bytes=${fromByte}-` } : {}, signal, timeout: timeoutMs }, resolve);
      req.on('timeout', () => req.destroy(new TransientApiError('The bulk result download timed out.')));
      req.on('error', (e) =>
        reject(e instanceof TransientApiError || signal.aborted ? e : new TransientApiError(`The bulk result download failed: ${e.message}`)),
      );
      req.end();
    });
    const status = res.statusCode ?? 0;
    if (status === 206 || status === 200) return new JsonlReader(res, fromByte, status === 200 ? fromByte : 0);
    res.resume();
    if (status >= 500) throw new TransientApiError(`The bulk result download answered HTTP ${status}.`);
    throw new ApiError(ErrorCode.BadResponse, `The bulk result file could not be downloaded (HTTP ${status}).`, { status });
  }

  /** Up to `n` complete lines (without `\n`); `eof` once the file is exhausted. Empty lines are skipped. */
  async take(n: number): Promise<{ lines: string[]; eof: boolean }> {
    const lines: string[] = [];
    while (lines.length < n) {
      const nl = this.#rest.indexOf(0x0a);
      if (nl >= 0) {
        const raw = this.#rest.subarray(0, nl);
        this.#rest = this.#rest.subarray(nl + 1);
        this.#pos += nl + 1;
        const text = raw.toString('utf8').trim();
        if (text) lines.push(text);
        continue;
      }
      if (this.#eof) {
        if (this.#rest.length > 0) {
          this.#pos += this.#rest.length;
          const text = this.#rest.toString('utf8').trim();
          this.#rest = Buffer.alloc(0);
          if (text) lines.push(text);
        }
        return { lines, eof: true };
      }
      if (this.#rest.length > MAX_LINE_BYTES) throw new ApiError(ErrorCode.BadResponse, 'The bulk result file has a line that is far too long.');
      const next = await this.#it.next();
      if (next.done) {
        this.#eof = true;
        continue;
      }
      let chunk = next.value;
      if (this.#skip > 0) {
        const drop = Math.min(this.#skip, chunk.length);
        chunk = chunk.subarray(drop);
        this.#skip -= drop;
      }
      this.#rest = this.#rest.length ? Buffer.concat([this.#rest, chunk]) : chunk;
    }
    return { lines, eof: false };
  }

  close(): void {
    this.#res.destroy();
  }
}
