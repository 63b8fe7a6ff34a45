/**
 * A platform's mark: its own colour and a short name, never a bare shared letter (Shopify and
 * Square both used to be "S"). Drawn with text and CSS only: no remote images under the CSP, no
 * trademark artwork. Fixed size that never shrinks in a flex row. Decorative: the platform's name
 * is always written beside it, so the mark is hidden from screen readers.
 *
 * One mark per PLATFORM (issue 10): every way of connecting a platform (its connection kinds, e.g.
 * Shopify's own app, Admin API token, Dev Dashboard app) carries that platform's colour and name, so
 * it is recognisable as that platform. The platform's main kind is filled; its other kinds are
 * outlined in the same colour.
 */
const PLATFORMS: Record<string, { short: string; tone: string }> = {
  demo: { short: 'Demo', tone: 'demo' },
  shopify: { short: 'Shop', tone: 'shopify' },
  square: { short: 'Sq', tone: 'square' },
  woocommerce: { short: 'Woo', tone: 'woocommerce' },
  etsy: { short: 'Etsy', tone: 'etsy' },
  oidc: { short: 'ID', tone: 'oidc' },
};

/** Each connection kind (provider id) → its platform, and whether it is the platform's main (filled) kind. */
const KINDS: Record<string, { platform: string; variant: 'filled' | 'outlined' }> = {
  demo: { platform: 'demo', variant: 'filled' },
  shopify: { platform: 'shopify', variant: 'filled' },
  'shopify-app': { platform: 'shopify', variant: 'filled' },
  'shopify-token': { platform: 'shopify', variant: 'outlined' },
  'shopify-client-credentials': { platform: 'shopify', variant: 'outlined' },
  square: { platform: 'square', variant: 'filled' },
  'square-loopback': { platform: 'square', variant: 'outlined' },
  'square-token': { platform: 'square', variant: 'outlined' },
  woocommerce: { platform: 'woocommerce', variant: 'filled' },
  'woocommerce-app-password': { platform: 'woocommerce', variant: 'outlined' },
  etsy: { platform: 'etsy', variant: 'filled' },
  'generic-oidc': { platform: 'oidc', variant: 'filled' },
};

/** The kind's platform from its id: a known kind, else the id's first word when that is a known platform ("square-x" → square). */
function kindOf(providerId: string): { platform: string; variant: 'filled' | 'outlined' } | undefined {
  const known = KINDS[providerId];
  if (known) return known;
  const head = providerId.split('-')[0] ?? '';
  return PLATFORMS[head] ? { platform: head, variant: 'outlined' } : undefined;
}

/** The mark's text, colour class and variant for a provider id; an unknown provider gets its profile monogram in a neutral tone. */
export function markOf(providerId: string, fallbackIcon: string): { short: string; tone: string; platform: string; variant: 'filled' | 'outlined' } {
  const kind = kindOf(providerId);
  const platform = kind ? PLATFORMS[kind.platform] : undefined;
  if (!kind || !platform) return { short: fallbackIcon.slice(0, 4) || '?', tone: 'other', platform: 'other', variant: 'filled' };
  return { ...platform, platform: kind.platform, variant: kind.variant };
}

export function PlatformMark({ providerId, icon, size = 'normal' }: { providerId: string; icon: string; size?: 'normal' | 'small' }) {
  const m = markOf(providerId, icon);
  return (
    <span
      className={`platform-mark tone-${m.tone}${m.variant === 'outlined' ? ' outlined' : ''}${size === 'small' ? ' small' : ''}`}
      aria-hidden="true"
      data-mark={m.short}
      data-platform={m.platform}
    >
      {m.short}
    </span>
  );
}
