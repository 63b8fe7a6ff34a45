/**
 * Providers whose admin has a page for one order, so "Open in <platform> admin" is offered (issue 9).
 * The URL itself is built only in the main process (main/core/providers/admin-url.ts, which handles
 * exactly these ids); the renderer uses this list to show or hide the button.
 */
export const ADMIN_LINK_PROVIDERS: readonly string[] = ['shopify-app', 'shopify-token', 'woocommerce', 'square', 'etsy'];
