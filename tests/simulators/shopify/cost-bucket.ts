/**
 * Leaky buckets as Shopify documents them (shopify.dev/docs/api/usage/rate-limits):
 * GraphQL Admin: points, `maximumAvailable` 2000 restored at 100/s (standard plan);
 * REST Admin: 40 requests restored at 2/s, reported in `X-Shopify-Shop-Api-Call-Limit: n/40`.
 */
export interface BucketStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export class CostBucket {
  private available: number;
  private at: number;
  readonly max: number;
  readonly restoreRate: number;
  private readonly clock: () => number;

  constructor(max: number, restoreRate: number, clock: () => number) {
    this.max = max;
    this.restoreRate = restoreRate;
    this.clock = clock;
    this.available = max;
    this.at = clock();
  }

  private restore(): void {
    const now = this.clock();
    this.available = Math.min(this.max, this.available + ((now - this.at) / 1000) * this.restoreRate);
    this.at = now;
  }

  /** Takes `cost` points if available; returns false (taking nothing) when the bucket is short. */
  take(cost: number): boolean {
    this.restore();
    if (cost > this.available) return false;
    this.available -= cost;
    return true;
  }

  /** Returns unused points (requested minus actual cost, as Shopify refunds them). */
  refund(points: number): void {
    this.available = Math.min(this.max, this.available + points);
  }

  /** Milliseconds until `cost` points would be available. */
  msUntil(cost: number): number {
    this.restore();
    return cost <= this.available ? 0 : Math.ceil(((cost - this.available) / this.restoreRate) * 1000);
  }

  status(): BucketStatus {
    this.restore();
    return { maximumAvailable: this.max, currentlyAvailable: Math.floor(this.available), restoreRate: this.restoreRate };
  }
}
