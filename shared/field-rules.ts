/**
 * The one home of the connect form's field rules, used by the renderer (as the admin types), the
 * core (again in main, from `unknown`: security.md #30) and the IPC validators. Pure functions and
 * constants only: this file imports nothing, so main and renderer can both use it.
 */

/**
 * A Shopify shop's permanent address, `name.myshopify.com`: no scheme, port, path or other domain
 * (providers.md, Shopify "callback check"; same rule as @shopify/shopify-api's shop validator).
 * The source string is also a profile field `pattern`.
 */
export const SHOP_DOMAIN_PATTERN = '^[a-zA-Z0-9][a-zA-Z0-9-_]*\\.myshopify\\.com$';
const SHOP_DOMAIN = new RegExp(SHOP_DOMAIN_PATTERN);
/** Longest host name DNS allows (RFC 1035 §2.3.4). */
export const SHOP_DOMAIN_MAX_LENGTH = 255;

export function isValidShopDomain(value: unknown): value is string {
  return typeof value === 'string' && value.length <= SHOP_DOMAIN_MAX_LENGTH && SHOP_DOMAIN.test(value);
}

/** Why an address typed as a store URL or issuer is refused; null when it is acceptable. */
export type StoreUrlProblem = 'not-a-url' | 'not-https' | 'credentials' | 'fragment';

/**
 * A store address or issuer: https, or plain http only on this computer (127.0.0.1 / [::1], RFC 8252
 * §8.3) for local test stores; never user:password@ (it would be sent to every endpoint) nor a
 * #fragment (RFC 8414 §2 forbids one in an issuer).
 * https://www.rfc-editor.org/rfc/rfc8414#section-2
 */
export function storeUrlProblem(value: string): StoreUrlProblem | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'not-a-url';
  }
  const loopbackHttp = url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === '[::1]');
  if (url.protocol !== 'https:' && !loopbackHttp) return 'not-https';
  if (url.username || url.password) return 'credentials';
  if (url.hash || value.endsWith('#')) return 'fragment';
  return null;
}

export function isAllowedStoreUrl(value: string): boolean {
  return storeUrlProblem(value) === null;
}

/**
 * The one scope length limit, applied everywhere a scope is checked. RFC 6749 sets none; 256 leaves
 * room for long URI-style scopes (`https://www.googleapis.com/auth/...`) while bounding what main
 * accepts from the renderer. (Before: 128 in the core, 256 in the IPC validators.)
 */
export const SCOPE_MAX_LENGTH = 256;

/**
 * One scope token: 1 to SCOPE_MAX_LENGTH NQCHARs (%x21 / %x23-5B / %x5D-7E: printable ASCII except
 * space, `"` and `\`). https://www.rfc-editor.org/rfc/rfc6749#section-3.3
 */
export const SCOPE_TOKEN = new RegExp(`^[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,${SCOPE_MAX_LENGTH}}$`);

export function isValidScope(value: unknown): value is string {
  return typeof value === 'string' && SCOPE_TOKEN.test(value);
}

export const SCOPE_RULE_MESSAGE = `A scope contains characters OAuth does not allow, or is longer than ${SCOPE_MAX_LENGTH} characters (RFC 6749 §3.3).`;

/** Longest name an admin may give a connection (shown in every list and picker). */
export const CONNECTION_NAME_MAX_LENGTH = 80;

/** Why a connection name is refused; null when it is acceptable. */
export type ConnectionNameProblem = 'empty' | 'too-long' | 'control-characters';

/**
 * A connection name: 1 to CONNECTION_NAME_MAX_LENGTH characters once trimmed, any script, no control
 * or line/paragraph separator characters (it is shown on one line). Used by the rename form, the IPC
 * validator and the core.
 */
export function connectionNameProblem(value: unknown): ConnectionNameProblem | null {
  if (typeof value !== 'string' || value.trim() === '') return 'empty';
  if ([...value.trim()].length > CONNECTION_NAME_MAX_LENGTH) return 'too-long';
  if (/[\p{Cc}\p{Cf}\u2028\u2029]/u.test(value)) return 'control-characters';
  return null;
}

export const CONNECTION_NAME_RULE_MESSAGE: Record<ConnectionNameProblem, string> = {
  empty: 'Enter a name for this connection.',
  'too-long': `Use at most ${CONNECTION_NAME_MAX_LENGTH} characters for the name.`,
  'control-characters': 'Use letters, digits, spaces and punctuation only in the name (no tabs or line breaks).',
};
/**
 * Paste normalisation: what people copy from a browser's address bar or an admin page, turned into
 * the value a field wants. Used by the connect form (on blur) and again by the core before it
 * validates (main/core/connections/field-values.ts), so both see the same value. Never guesses
 * across schemes: an address without one gets https://, and an http:// address stays http:// (and
 * is then refused by the https rule): Storelink never silently downgrades to plain http.
 */

/** `admin.shopify.com/store/{name}` (the admin's address bar since 2023) -> the store's handle. */
const SHOPIFY_ADMIN_STORE = /^(?:https?:\/\/)?admin\.shopify\.com\/store\/([a-zA-Z0-9][a-zA-Z0-9-_]*)(?:[/?#].*)?$/i;
/** `[https://]name.myshopify.com[/anything]` -> `name.myshopify.com`. */
const MYSHOPIFY_WITH_EXTRAS = /^(?:https?:\/\/)?([a-zA-Z0-9][a-zA-Z0-9-_]*\.myshopify\.com)(?:[/?#].*)?$/i;

/**
 * A pasted Shopify store address -> `name.myshopify.com` (lower case, as Shopify's own admin shows it).
 * Anything that is not recognisably a Shopify store address is returned trimmed and unchanged, so
 * the shop-domain rule can explain what is wrong.
 */
export function normalizeShopDomain(raw: string): string {
  const value = raw.trim();
  const admin = SHOPIFY_ADMIN_STORE.exec(value);
  if (admin) return `${admin[1]!.toLowerCase()}.myshopify.com`;
  const shop = MYSHOPIFY_WITH_EXTRAS.exec(value);
  if (shop) return shop[1]!.toLowerCase();
  return value;
}

/**
 * A pasted web address: trimmed; `shop.example.com/wp` (no scheme) -> `https://shop.example.com/wp`.
 * An address that already names a scheme (http://, https://, anything else) is left as it is.
 */
export function normalizeHttpsUrl(raw: string): string {
  const value = raw.trim();
  if (value === '') return value;
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(value)) return value;
  // `//host/path` (scheme-relative) and a bare host both become https.
  if (/^\/\/[^/]/.test(value)) return `https:${value}`;
  if (/^[^\s/:?#]+(?::\d{1,5})?(?:[/?#]|$)/.test(value) && value.includes('.')) return `https://${value}`;
  return value;
}

/** Field kinds of the connect form (ProfileField / ProviderFieldView `kind`). */
export type FieldKind = 'url' | 'text' | 'shop-domain' | 'secret';

/**
 * The one normalisation of a pasted field value, by field kind. Secrets are never altered (a
 * password may end in a space); other values are trimmed.
 */
export function normalizeFieldValue(kind: FieldKind, raw: string): string {
  if (kind === 'secret') return raw;
  if (kind === 'shop-domain') return normalizeShopDomain(raw);
  if (kind === 'url') return normalizeHttpsUrl(raw);
  return raw.trim();
}
