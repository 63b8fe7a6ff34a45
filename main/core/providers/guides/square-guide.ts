/**
 * Setup guides for Square's three connection kinds. Sources (also in docs/setup-guides.md):
 * developer.squareup.com/docs/oauth-api/overview, .../create-urls-for-square-authorization,
 * .../build-basics/access-tokens, developer.squareup.com/apps (the Developer Console).
 */
import type { SetupGuideSpec } from '../setup-guide.ts';

export const SQUARE_DOCS = {
  console: 'https://developer.squareup.com/apps',
  oauthOverview: 'https://developer.squareup.com/docs/oauth-api/overview',
  redirectUrls: 'https://developer.squareup.com/docs/oauth-api/create-urls-for-square-authorization',
  accessTokens: 'https://developer.squareup.com/docs/build-basics/access-tokens',
} as const;

const PERMISSIONS = {
  label: 'Permissions Storelink asks for',
  value: 'ORDERS_READ MERCHANT_PROFILE_READ',
  note: 'Square shows them on its sign-in page; nothing to set in the app.',
};

export const squareForwarderGuide: SetupGuideSpec = {
  steps: [
    {
      text: 'Sign in to the Square Developer Console and create an application (any name, for example “Storelink”).',
      link: { label: 'Open the Square Developer Console', url: SQUARE_DOCS.console },
    },
    {
      text: 'Square only sends the sign-in answer to an https address. Save Storelink’s forwarding page (button below) and upload it to a web address you control that starts with https://, for example your shop’s website.',
      link: { label: 'Square: redirect URL rules', url: SQUARE_DOCS.redirectUrls },
    },
    { text: 'In your application, open OAuth, switch to Production, paste the https address of your forwarding page as the Redirect URL and save.' },
    { text: 'Check the page with “Test my forwarding page” below.' },
    {
      text: 'Copy the Production Application ID from the same OAuth page into this form, together with the forwarding page address.',
      link: { label: 'Square: OAuth overview', url: SQUARE_DOCS.oauthOverview },
    },
  ],
  values: [{ label: 'Environment', value: 'Production' }, PERMISSIONS],
};

export const squareLoopbackGuide: SetupGuideSpec = {
  steps: [
    {
      text: 'Sign in to the Square Developer Console and create an application (any name, for example “Storelink”).',
      link: { label: 'Open the Square Developer Console', url: SQUARE_DOCS.console },
    },
    {
      text: 'In your application, open OAuth and enter the Redirect URL below. Square’s documentation only promises this kind of address for its Sandbox: if Square shows a redirect error, connect with “Square” (forwarding page) instead.',
      link: { label: 'Square: redirect URL rules', url: SQUARE_DOCS.redirectUrls },
    },
    { text: 'Copy the Application ID from the same OAuth page into this form.', link: { label: 'Square: OAuth overview', url: SQUARE_DOCS.oauthOverview } },
  ],
  values: [
    { label: 'Redirect URL', value: 'http://127.0.0.1/callback', note: 'Storelink adds a free port number each time it waits for a sign-in.' },
    PERMISSIONS,
  ],
};

export const squareTokenGuide: SetupGuideSpec = {
  steps: [
    {
      text: 'Sign in to the Square Developer Console and open your application (or create one, any name).',
      link: { label: 'Open the Square Developer Console', url: SQUARE_DOCS.console },
    },
    {
      text: 'Switch to Production, open Credentials and copy the Production access token. It reaches everything in your own Square account: Storelink only reads orders and keeps the token in your computer’s keychain.',
      link: { label: 'Square: access tokens', url: SQUARE_DOCS.accessTokens },
    },
    { text: 'Paste the token into this form. No browser sign-in is needed.' },
  ],
  values: [{ label: 'Where to find it', value: 'Credentials > Production access token' }],
};
