/**
 * Setup guide for Etsy. Sources (also in docs/setup-guides.md):
 * developers.etsy.com/documentation/essentials/authentication, www.etsy.com/developers/your-apps.
 */
import type { SetupGuideSpec } from '../setup-guide.ts';

export const ETSY_DOCS = {
  yourApps: 'https://www.etsy.com/developers/your-apps',
  authentication: 'https://developers.etsy.com/documentation/essentials/authentication',
} as const;

export const etsyGuide: SetupGuideSpec = {
  steps: [
    {
      text: 'Sign in at Etsy’s developer site, open “Your apps” and create an app (any name, for example “Storelink”).',
      link: { label: 'Open Etsy: Your apps', url: ETSY_DOCS.yourApps },
    },
    {
      text: 'Etsy only sends the sign-in answer to an https address. Save Storelink’s forwarding page (button below) and upload it to a web address you control that starts with https://.',
      link: { label: 'Etsy: authentication and callback URLs', url: ETSY_DOCS.authentication },
    },
    { text: 'In your app’s settings, add the https address of your forwarding page as a Callback URL and save.' },
    { text: 'Check the page with “Test my forwarding page” below.' },
    { text: 'Copy the app’s Keystring and Shared secret into this form, together with the forwarding page address.' },
  ],
  values: [{ label: 'Scopes Storelink asks for', value: 'transactions_r shops_r', note: 'Etsy shows them on its sign-in page; nothing to set in the app.' }],
};
