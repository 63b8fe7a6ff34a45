/**
 * What the sync engine needs from the connection core (main/core): which connections to sync and a
 * way to make authorized calls for them. The core implements `request` with its authorizedRequest
 * (credentials added; a 401 `invalid_token` refreshes once and retries once, security.md #14), so
 * no token ever reaches main/sync.
 */
import type { HttpRequest, HttpResponse } from '../core/ports.ts';

export interface SyncTarget {
  connectionId: string;
  /** Order adapter id: 'demo', 'shopify', 'woocommerce', 'square', 'etsy'. */
  adapterId: string;
  /** Non-secret connection fields (shop domain, store URL, location ids...). */
  fields: Record<string, string>;
  /** False while the connection needs re-authorization or is revoked: not synced on schedule. */
  active: boolean;
}

export interface SyncHost {
  listTargets(): SyncTarget[];
  request(connectionId: string, req: HttpRequest): Promise<HttpResponse>;
}
