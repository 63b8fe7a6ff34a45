/**
 * Plain labels for the order and payment statuses the platforms send (Shopify financial and
 * fulfillment statuses, WooCommerce order statuses, Square order and payment states, Etsy receipt
 * statuses, the demo store's), so the admin never reads a raw value like `partially_refunded`.
 * A value not listed here is still shown in words: separators become spaces, first letter capital.
 */
const LABELS: Record<string, string> = {
  // payment
  paid: 'Paid',
  unpaid: 'Not paid',
  pending: 'Payment pending',
  authorized: 'Payment authorized',
  partially_paid: 'Partly paid',
  partially_refunded: 'Partly refunded',
  'partially refunded': 'Partly refunded',
  refunded: 'Refunded',
  'fully refunded': 'Refunded',
  voided: 'Payment voided',
  expired: 'Payment expired',
  approved: 'Payment approved',
  'payment processing': 'Payment processing',
  // fulfillment and order state
  fulfilled: 'Fulfilled',
  unfulfilled: 'Not fulfilled',
  partially_fulfilled: 'Partly fulfilled',
  partial: 'Partly fulfilled',
  scheduled: 'Scheduled',
  on_hold: 'On hold',
  'on-hold': 'On hold',
  in_progress: 'In progress',
  restocked: 'Restocked',
  processing: 'Processing',
  completed: 'Completed',
  complete: 'Completed',
  cancelled: 'Cancelled',
  canceled: 'Cancelled',
  failed: 'Failed',
  open: 'Open',
  draft: 'Draft',
  'checkout-draft': 'Checkout not finished',
  trash: 'Deleted',
  shipped: 'Shipped',
};

/** The label for a raw platform status (case-insensitive); never the raw token itself. */
export function statusLabel(raw: string): string {
  const key = raw.trim().toLowerCase();
  const known = LABELS[key];
  if (known) return known;
  const words = key.replace(/[_-]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (!words) return 'Unknown';
  return words.charAt(0).toUpperCase() + words.slice(1);
}
