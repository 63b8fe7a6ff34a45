/**
 * Setup guides for Shopify's own-app and Admin API token kinds. Sources (also in docs/setup-guides.md):
 * shopify.dev/docs/apps/build/dev-dashboard/create-apps-using-dev-dashboard,
 * shopify.dev/docs/apps/build/authentication-authorization, help.shopify.com custom apps.
 * The Dev Dashboard app with the client credentials grant (`shopify-client-credentials`):
 * shopify.dev/docs/apps/build/dev-dashboard/get-api-access-tokens (create, choose scopes on the
 * app's version, install, then exchange the Client ID and secret for a token),
 * shopify.dev/docs/apps/build/authentication-authorization/client-secrets (Dev Dashboard > Apps >
 * your app > Settings holds the Client ID and secret),
 * shopify.dev/docs/apps/build/authentication-authorization/access-tokens/client-credentials-grant
 * (only for your own organization's apps installed on stores you own; no browser step).
 */
import type { SetupGuideSpec } from '../setup-guide.ts';

export const SHOPIFY_DOCS = {
  devDashboard: 'https://shopify.dev/docs/apps/build/dev-dashboard/create-apps-using-dev-dashboard',
  authorization: 'https://shopify.dev/docs/apps/build/authentication-authorization',
  customApps: 'https://help.shopify.com/en/manual/apps/app-types/custom-apps',
  getApiAccessTokens: 'https://shopify.dev/docs/apps/build/dev-dashboard/get-api-access-tokens',
  clientSecrets: 'https://shopify.dev/docs/apps/build/authentication-authorization/client-secrets',
  clientCredentialsGrant: 'https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/client-credentials-grant',
} as const;

export const shopifyClientCredentialsGuide: SetupGuideSpec = {
  steps: [
    {
      text: 'In the Shopify Dev Dashboard, create an app for your own store.',
      link: { label: 'Shopify: create an app in the Dev Dashboard', url: SHOPIFY_DOCS.devDashboard },
    },
    {
      text: 'On the app’s version, choose the scope below in Access scopes, release the version, then install the app on your store.',
      link: { label: 'Shopify: get API access tokens for Dev Dashboard apps', url: SHOPIFY_DOCS.getApiAccessTokens },
    },
    {
      text: 'Open Apps, choose your app, then Settings: copy the Client ID and the Client secret into this form, with your store’s myshopify.com address.',
      link: { label: 'Shopify: find your app’s client ID and secret', url: SHOPIFY_DOCS.clientSecrets },
    },
    {
      text: 'No browser sign-in follows: Storelink asks Shopify for a new access token with these details every day. This works only for an app you made, installed on a store you own.',
      link: { label: 'Shopify: the client credentials grant', url: SHOPIFY_DOCS.clientCredentialsGrant },
    },
  ],
  values: [
    { label: 'Scope', value: 'read_orders' },
    { label: 'Optional scope', value: 'read_all_orders', note: 'For orders older than 60 days; Shopify must approve it for your app.' },
  ],
};

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
