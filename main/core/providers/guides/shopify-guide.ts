/**
 * Setup guides for Shopify's own-app and Admin API token kinds. Sources (also in docs/setup-guides.md):
 * shopify.dev/docs/apps/build/dev-dashboard/create-apps-using-dev-dashboard,
 * shopify.dev/docs/apps/build/authentication-authorization, help.shopify.com custom apps.
 */
import type { SetupGuideSpec } from '../setup-guide.ts';

export const SHOPIFY_DOCS = {
  devDashboard: 'https://shopify.dev/docs/apps/build/dev-dashboard/create-apps-using-dev-dashboard',
  authorization: 'https://shopify.dev/docs/apps/build/authentication-authorization',
  customApps: 'https://help.shopify.com/en/manual/apps/app-types/custom-apps',
} as const;

export const shopifyAppGuide: SetupGuideSpec = {
  steps: [
    {
      text: 'In the Shopify Dev Dashboard, create an app for your own store.',
      link: { label: 'Shopify: create an app in the Dev Dashboard', url: SHOPIFY_DOCS.devDashboard },
    },
    {
      text: 'In the app’s configuration, add the redirect URL and the scope below, then release the version and install the app on your store.',
      link: { label: 'Shopify: authentication and authorization', url: SHOPIFY_DOCS.authorization },
    },
    { text: 'Copy the Client ID and the Client secret into this form, with your store’s myshopify.com address.' },
  ],
  values: [
    { label: 'Allowed redirection URL', value: 'http://127.0.0.1/callback', note: 'Storelink adds a free port number each time it waits for a sign-in.' },
    { label: 'Scope', value: 'read_orders' },
  ],
};

export const shopifyTokenGuide: SetupGuideSpec = {
  steps: [
    {
      text: 'Only for a custom app created in your Shopify admin before 2026: open Settings > Apps > Develop apps > your app > API credentials.',
      link: { label: 'Shopify: custom apps', url: SHOPIFY_DOCS.customApps },
    },
    { text: 'Make sure the app has the scope below, then copy the Admin API access token (it starts with shpat_) into this form.' },
  ],
  values: [{ label: 'Scope', value: 'read_orders' }],
};
