/**
 * Every order adapter by id. The id is what a provider profile names as its order adapter and what
 * SyncTarget.adapterId carries (main/sync/sync-host.ts).
 */
import type { OrderAdapter } from '../order-adapter.ts';
import { demoOrders } from './demo-orders.ts';
import { etsyOrderAdapter } from './etsy-orders.ts';
import { shopifyOrderAdapter } from './shopify-orders.ts';
import { squareOrderAdapter } from './square-orders.ts';
import { woocommerceOrderAdapter } from './woocommerce-orders.ts';

export const ORDER_ADAPTERS: Readonly<Record<string, OrderAdapter>> = Object.freeze({
  demo: demoOrders,
  shopify: shopifyOrderAdapter,
  woocommerce: woocommerceOrderAdapter,
  square: squareOrderAdapter,
  etsy: etsyOrderAdapter,
});
