/**
 * "Open in <platform> admin" (issue 9 item 6): the URL of one order in its platform's admin, built in
 * the main process from the connection's own store and the order's platform id (the renderer sends
 * only ids, never a URL: security.md #29), and the allow-list it must pass before it reaches
 * openExternal: https, no credentials, no port, and exactly that platform's admin host (for WooCommerce,
 * the connection's own store host, since each store runs its own wp-admin).
 *
 * URL shapes, per platform:
 *  - Shopify: `https://admin.shopify.com/store/<store handle>/orders/<order id>`. The handle is the
 *    `<handle>.myshopify.com` name; the Shopify admin lives at admin.shopify.com/store/<handle> (Shopify's
 *    admin-link docs, https://shopify.dev/docs/apps/admin/admin-links, describe links into it) and an
 *    order's page is `/orders/<id>` beneath it. No shopify.dev page states the order-page path as a
 *    contract; it is the admin's own address. The id is the numeric id of `gid://shopify/Order/<id>`.
 *  - WooCommerce: `<store URL>/wp-admin/post.php?post=<order id>&action=edit`, the classic order edit
 *    screen; with High-Performance Order Storage on (the default since WooCommerce 8.2) WooCommerce
 *    redirects it to `admin.php?page=wc-orders&action=edit&id=<id>` itself
 *    (woocommerce/woocommerce src/Internal/Admin/Orders/PostsRedirectionController.php), so one URL
 *    works for both storages. https only: a store reached over plain http is not opened.
 *  - Square: `https://app.squareup.com/dashboard/orders/overview/<order id>`, the Square Dashboard's
 *    order page. NOT documented by Square (its developer docs describe the Orders API, not Dashboard
 *    URLs); the shape is what the Dashboard shows in the address bar. Host: app.squareup.com.
 *  - Etsy: `https://www.etsy.com/your/orders/sold?order_id=<receipt id>`, Shop Manager > Orders with that
 *    receipt open. NOT documented by Etsy's Open API v3 docs either (same caveat). Host: www.etsy.com.
 * Any other provider (the demo store, generic OpenID Connect) has no admin page to open.
 */
import { ErrorCode, StorelinkError } from '../errors.ts';

export class AdminLinkError extends StorelinkError {
  override readonly name = 'AdminLinkError';
}

export interface AdminLinkConnection {
  providerId: string;
  providerName: string;
  /** The shop domain (Shopify) or store URL (WooCommerce) of the connection. */
  store?: string | undefined;
}

export interface AdminLink {
  url: string;
  /** The only host this link may open. */
  host: string;
}

const SHOPIFY_SHOP = /^([a-z0-9][a-z0-9-]{0,62})\.myshopify\.com$/i;
const DIGITS = /^[1-9]\d{0,19}$/;
const SQUARE_ID = /^[A-Za-z0-9_-]{1,128}$/;

function unavailable(c: AdminLinkConnection, why: string): AdminLinkError {
  return new AdminLinkError(ErrorCode.AdminLinkUnavailable, `Storelink cannot open this order in ${c.providerName}: ${why}`);
}

function orderId(c: AdminLinkConnection, id: string, pattern: RegExp): string {
  if (!pattern.test(id)) throw unavailable(c, 'the order id is not one this platform uses.');
  return encodeURIComponent(id);
}

/** The admin URL of order `id` of connection `c`, or AdminLinkError (never another host: see the tests). */
export function adminOrderLink(c: AdminLinkConnection, id: string): AdminLink {
  switch (c.providerId) {
    case 'shopify-app':
    case 'shopify-token': {
      const m = SHOPIFY_SHOP.exec(c.store ?? '');
      if (!m) throw unavailable(c, 'the store address is not a myshopify.com address.');
      const handle = m[1]!.toLowerCase();
      return { url: `https://admin.shopify.com/store/${handle}/orders/${orderId(c, id, DIGITS)}`, host: 'admin.shopify.com' };
    }
    case 'woocommerce': {
      let store: URL;
      try {
        store = new URL(c.store ?? '');
      } catch {
        throw unavailable(c, 'the store address could not be read.');
      }
      if (store.protocol !== 'https:' || store.username || store.password || store.port || store.search || store.hash || !store.hostname) {
        throw unavailable(c, 'the store is not reached over a plain https address.');
      }
      const base = store.pathname.replace(/\/+$/, '');
      return { url: `https://${store.hostname}${base}/wp-admin/post.php?post=${orderId(c, id, DIGITS)}&action=edit`, host: store.hostname };
    }
    case 'square':
      return { url: `https://app.squareup.com/dashboard/orders/overview/${orderId(c, id, SQUARE_ID)}`, host: 'app.squareup.com' };
    case 'etsy':
      return { url: `https://www.etsy.com/your/orders/sold?order_id=${orderId(c, id, DIGITS)}`, host: 'www.etsy.com' };
    default:
      throw unavailable(c, 'this platform has no admin page for single orders.');
  }
}

/** The allow-list: https, no credentials, default port, and exactly `host`. */
export function isAllowedAdminUrl(url: string, host: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return u.protocol === 'https:' && u.username === '' && u.password === '' && u.port === '' && u.hostname === host.toLowerCase() && host !== '';
}
