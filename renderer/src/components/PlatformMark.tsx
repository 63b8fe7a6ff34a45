/**
 * A platform's mark: its own colour and a short name, never a bare shared letter (Shopify and
 * Square both used to be "S"). Drawn with text and CSS only: no remote images under the CSP, no
 * trademark artwork. Fixed size that never shrinks in a flex row. Decorative: the platform's name
 * is always written beside it, so the mark is hidden from screen readers.
 */
const MARKS: Record<string, { short: string; tone: string }> = {
  demo: { short: 'Demo', tone: 'demo' },
  'shopify-app': { short: 'Shop', tone: 'shopify' },
  // The same platform through an Admin API token: Shopify's colour, outlined, so the two never look alike.
  'shopify-token': { short: 'Shop', tone: 'shopify-token' },
  shopify: { short: 'Shop', tone: 'shopify' },
  square: { short: 'Sq', tone: 'square' },
  woocommerce: { short: 'Woo', tone: 'woocommerce' },
  etsy: { short: 'Etsy', tone: 'etsy' },
  'generic-oidc': { short: 'ID', tone: 'oidc' },
};

/** The mark's text and colour class for a provider id; an unknown provider gets its profile monogram in a neutral tone. */
export function markOf(providerId: string, fallbackIcon: string): { short: string; tone: string } {
  return MARKS[providerId] ?? { short: fallbackIcon.slice(0, 4) || '?', tone: 'other' };
}

export function PlatformMark({ providerId, icon, size = 'normal' }: { providerId: string; icon: string; size?: 'normal' | 'small' }) {
  const m = markOf(providerId, icon);
  return (
    <span className={`platform-mark tone-${m.tone}${size === 'small' ? ' small' : ''}`} aria-hidden="true" data-mark={m.short}>
      {m.short}
    </span>
  );
}
