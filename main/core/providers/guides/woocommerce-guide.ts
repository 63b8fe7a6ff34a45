/**
 * Setup guides for WooCommerce's two key kinds. Sources (also in docs/setup-guides.md):
 * developer.woocommerce.com/docs/apis/rest-api/authentication/,
 * developer.wordpress.org/rest-api/using-the-rest-api/authentication/,
 * make.wordpress.org/core/2020/11/05/application-passwords-integration-guide/.
 */
import type { SetupGuideSpec } from '../setup-guide.ts';

export const WOOCOMMERCE_DOCS = {
  restKeys: 'https://developer.woocommerce.com/docs/apis/rest-api/authentication/',
  wpAuthentication: 'https://developer.wordpress.org/rest-api/using-the-rest-api/authentication/',
  appPasswords: 'https://make.wordpress.org/core/2020/11/05/application-passwords-integration-guide/',
} as const;

export const woocommerceKeysGuide: SetupGuideSpec = {
  steps: [
    {
      text: 'Sign in to your WordPress admin and open WooCommerce > Settings > Advanced > REST API, then click “Add key”.',
      link: { label: 'WooCommerce: REST API keys', url: WOOCOMMERCE_DOCS.restKeys },
    },
    { text: 'Enter the description below, choose a user who is an Administrator or Shop manager, set Permissions to Read and click “Generate API key”.' },
    {
      text: 'Copy the Consumer key and the Consumer secret into this form now: WooCommerce shows the secret only once. Your store address must start with https://.',
    },
  ],
  values: [
    { label: 'Description', value: 'Storelink' },
    { label: 'Permissions', value: 'Read' },
  ],
};

export const woocommerceAppPasswordGuide: SetupGuideSpec = {
  steps: [
    {
      text: 'Sign in to your WordPress admin as an Administrator or Shop manager and open Users > Profile. Scroll to “Application Passwords”.',
      link: { label: 'WordPress: application passwords', url: WOOCOMMERCE_DOCS.appPasswords },
    },
    { text: 'Enter the name below and click “Add New Application Password”. Copy the password WordPress shows: it is shown only once.' },
    {
      text: 'Enter your store address (it must start with https://; WordPress refuses application passwords on plain http), your WordPress username and that password into this form.',
      link: { label: 'WordPress: REST API authentication', url: WOOCOMMERCE_DOCS.wpAuthentication },
    },
  ],
  values: [{ label: 'New Application Password Name', value: 'Storelink' }],
};
