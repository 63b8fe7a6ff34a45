import type { ProviderProfile } from './profile.ts';

/**
 * Any OAuth 2.0 / OpenID Connect provider that follows RFC 8252 for native apps: the admin gives
 * the issuer URL, a public client id and the scopes; endpoints come from RFC 8414 / OpenID
 * discovery. `prompt=consent` is sent because OpenID Connect Core §11 issues refresh tokens for
 * `offline_access` only after explicit consent.
 */
export const genericOidcProfile: ProviderProfile = {
  id: 'generic-oidc',
  name: 'OAuth 2.0 / OpenID provider',
  icon: 'ID',
  kind: 'oauth-pkce',
  fields: [
    {
      name: 'issuer',
      label: 'Issuer URL',
      kind: 'url',
      required: true,
      placeholder: 'https://login.example.com',
      help: 'The address of the sign-in server (its /.well-known metadata is read from here).',
    },
    {
      name: 'clientId',
      label: 'Client ID',
      kind: 'text',
      required: true,
      pattern: '^[\\x21-\\x7e]{1,200}$',
      help: 'A public (native) client registered with http://127.0.0.1 as redirect URI.',
    },
  ],
  endpoints: { kind: 'discovery', issuerField: 'issuer' },
  authorization: { pkce: 'S256', extraParams: { prompt: 'consent' } },
  tokenRequest: { encoding: 'form', clientAuth: 'none' },
  tokenResponse: { expiry: 'expires_in', requireTokenType: true },
  scopeSeparator: ' ',
  scopes: [
    { name: 'openid', description: 'Confirm who you are', required: true },
    { name: 'email', description: 'See your email address (used as the account label)', required: false },
    { name: 'profile', description: 'See your name', required: false },
    { name: 'offline_access', description: 'Stay connected: renew access without asking you again', required: true },
  ],
  refresh: { kind: 'rotating' },
  revocation: { kind: 'rfc7009' },
  callbackChecks: [],
  accountLabel: { from: 'id-token', claims: ['email', 'preferred_username', 'name', 'sub'] },
  redirect: 'loopback',
  apiAuth: { kind: 'bearer' },
};
