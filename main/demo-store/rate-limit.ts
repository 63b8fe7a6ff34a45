/**
 * Token-bucket rate limiting per access token: `capacity` requests at once, refilled at
 * `refillPerSec`. When a request finds the bucket empty it learns how long to wait, sent as
 * `Retry-After` in seconds (RFC 6585 §4, RFC 9110 §10.2.3).
 */

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export type TakeResult = { ok: true; remaining: number } | { ok: false; retryAfterSec: number };

export class RateLimiter {
  readonly capacity: number;
  readonly #refillPerSec: number;
  readonly #now: () => number;
  readonly #buckets = new Map<string, Bucket>();

  constructor(capacity: number, refillPerSec: number, now: () => number) {
    if (!(capacity >= 1) || !(refillPerSec > 0)) throw new RangeError('rate limit needs capacity >= 1 and refillPerSec > 0');
    this.capacity = capacity;
    this.#refillPerSec = refillPerSec;
    this.#now = now;
  }

  /** Takes one token from the bucket of `key` (created full on first use). */
  take(key: string): TakeResult {
    const now = this.#now();
    const bucket = this.#buckets.get(key) ?? { tokens: this.capacity, updatedAt: now };
    const elapsedSec = Math.max(0, now - bucket.updatedAt) / 1000;
    bucket.tokens = Math.min(this.capacity, bucket.tokens + elapsedSec * this.#refillPerSec);
    bucket.updatedAt = now;
    this.#buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true, remaining: Math.floor(bucket.tokens) };
    }
    const retryAfterSec = Math.max(1, Math.ceil((1 - bucket.tokens) / this.#refillPerSec));
    return { ok: false, retryAfterSec };
  }
}
