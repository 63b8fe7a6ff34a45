/**
 * WooCommerce profile (providers.md "WooCommerce"): REST API keys created in the store's admin,
 * sent with HTTP Basic over https (developer.woocommerce.com/docs/apis/rest-api/authentication).
 * The `/wc-auth/v1/authorize` key-grant flow posts keys to a public https callback, which a desktop
 * loopback cannot receive, so this is an `api-key` connection.
 * Test seam: `storeUrl` may be `http://127.0.0.1:{port}` (the simulator); every other store needs https.
 */
import type { ProviderProfile } from './profile.ts';
import { woocommerceAppPasswordGuide, woocommerceKeysGuide } from './guides/woocommerce-guide.ts';

/** https://host[/path] without a trailing slash, query or fragment; plain http only for 127.0.0.1. */
export const STORE_URL_PATTERN = '^(?:https://[A-Za-z0-9.-]+(?::\\d{1,5})?|http://127\\.0\\.0\\.1(?::\\d{1,5})?)(?:/[^\\s?#]*[^\\s?#/])?$';

export const WOOCOMMERCE_REVOCATION_REASON = "WooCommerce keys are revoked in your store's admin: WooCommerce > Settings > Advanced > REST API";

export const woocommerceProfile: ProviderProfile = {
  id: 'woocommerce',
  name: 'WooCommerce',
  icon: 'W',
  kind: 'api-key',
  fields: [
    {
      name: 'storeUrl',
      label: 'Store address',
      help: 'The address of your WordPress site, starting with https://',
      kind: 'url',
      required: true,
      pattern: STORE_URL_PATTERN,
      placeholder: 'https://shop.example.com',
    },
    {
      name: 'consumerKey',
      label: 'Consumer key',
      help: 'WooCommerce > Settings > Advanced > REST API > Add key (Permissions: Read).',
      kind: 'secret',
      required: true,
      pattern: '^ck_[A-Za-z0-9]+$',
    },
    {
      name: 'consumerSecret',
      label: 'Consumer secret',
      kind: 'secret',
      required: true,
      pattern: '^cs_[A-Za-z0-9]+$',
    },
  ],
  endpoints: {
    kind: 'static',
    // api-key connections have no authorization or token endpoint; these are never called, but the
    // core resolves (and https-checks) every endpoint of a profile, so they name the site itself.
    authorization: '{storeUrl}/',
    token: '{storeUrl}/',
    // The site root with a trailing slash: the adapter asks for `wp-json/wc/v3/orders` and, on
    // sites with plain permalinks, `?rest_route=/wc/v3/orders`.
    apiBase: '{storeUrl}/',
  },
  authorization: { pkce: 'none' },
  tokenRequest: { encoding: 'form', clientAuth: 'none' },
  tokenResponse: { expiry: 'none', requireTokenType: false },
  scopeSeparator: ',',
  scopes: [
    {
      name: 'read',
      description: 'Read your orders (a key with Read permission is enough; Storelink never writes).',
      required: true,
    },
  ],
  refresh: { kind: 'none' },
  revocation: { kind: 'unsupported', reason: WOOCOMMERCE_REVOCATION_REASON },
  callbackChecks: [],
  accountLabel: { from: 'field', field: 'storeUrl' },
  redirect: 'loopback',
  apiAuth: { kind: 'basic', userField: 'consumerKey', passwordField: 'consumerSecret' },
  // `?rest_route=` works with pretty and plain permalinks alike, so the key check never trips on them.
  verify: { method: 'GET', path: '?rest_route=/wc/v3/orders&per_page=1&_fields=id' },
  orders: 'woocommerce',
  guide: woocommerceKeysGuide,
};

/**
 * WordPress application passwords: a second key kind for WooCommerce. The admin creates one on
 * their WordPress profile page (Users > Profile > Application Passwords, WordPress 5.6+) and pastes
 * their WordPress username and that password; Storelink sends them with HTTP Basic, over https only.
 * Sources: developer.wordpress.org/rest-api/using-the-rest-api/authentication/ ("Basic Authentication
 * with Application Passwords": requests served over https://), make.wordpress.org/core/2020/11/05/
 * application-passwords-integration-guide/, developer.woocommerce.com/docs/apis/rest-api/authentication/
 * (WooCommerce accepts any WP REST API authentication method). The orders are read with the
 * user's own capabilities, so the user must be allowed to read orders (Administrator or Shop manager).
 */
export const WOOCOMMERCE_APP_PASSWORD_REVOCATION_REASON = 'Application passwords are revoked in WordPress: Users > Profile > Application Passwords > Revoke';

export const woocommerceAppPasswordProfile: ProviderProfile = {
  ...woocommerceProfile,
  id: 'woocommerce-app-password',
  name: 'WooCommerce (application password)',
  fields: [
    woocommerceProfile.fields[0]!,
    {
      name: 'username',
      label: 'WordPress username',
      help: 'The username (or email address) you sign in to WordPress with. The user must be an Administrator or Shop manager.',
      kind: 'text',
      required: true,
      // RFC 7617 §2: the user-id of HTTP Basic cannot contain a colon. WordPress logins may contain spaces.
      pattern: '^[^:\\r\\n]{1,100}$',
    },
    {
      name: 'applicationPassword',
      label: 'Application password',
      help: 'WordPress > Users > Profile > Application Passwords > Add New Application Password. Paste it with or without its spaces.',
      kind: 'secret',
      required: true,
      // WordPress generates 24 letters and digits, shown in groups of four (wp-includes/class-wp-application-passwords.php).
      pattern: '^\\s*(?:[A-Za-z0-9]{4} ?){5}[A-Za-z0-9]{4}\\s*$',
    },
  ],
  scopes: [
    {
      name: 'read',
      description: 'Read your orders with this WordPress user’s permissions (Storelink never writes).',
      required: true,
    },
  ],
  revocation: { kind: 'unsupported', reason: WOOCOMMERCE_APP_PASSWORD_REVOCATION_REASON },
  apiAuth: { kind: 'basic', userField: 'username', passwordField: 'applicationPassword' },
  guide: woocommerceAppPasswordGuide,
  verify: {
    method: 'GET',
    path: '?rest_route=/wc/v3/orders&per_page=1&_fields=id',
    refusals: {
      unauthorized:
        'WordPress did not accept this username and application password. Check both (the password is the one WordPress showed once, not your sign-in password) and that the store address starts with https://.',
      forbidden:
        'WordPress accepted the password, but this user may not read orders. Use an Administrator or Shop manager account, or create the application password for one.',
    },
  },
};
