import type { ProviderProfile } from '../core/providers/profile.ts';
import { CLIENT_ID } from './config.ts';

/**
 * The built-in Demo store's profile: a standards-following marketplace on 127.0.0.1. Its issuer is
 * a runtime field supplied by the demo's LocalProviderPort (./local-provider.ts) when a connect
 * begins, so the admin fills in nothing. Its client registers a fixed scope list (`scopesFixed`).
 */
export const demoStoreProfile: ProviderProfile = {
  id: 'demo',
  name: 'Demo store',
  icon: 'D',
  kind: 'oauth-pkce',
  fields: [],
  endpoints: { kind: 'discovery', issuerField: 'issuer' },
  authorization: { pkce: 'S256' },
  tokenRequest: { encoding: 'form', clientAuth: 'none' },
  tokenResponse: { expiry: 'expires_in', requireTokenType: true, tenantField: 'store_id' },
  scopeSeparator: ' ',
  scopesFixed: true,
  scopes: [
    { name: 'store:read', description: "See your store's name and currency", required: true },
    { name: 'orders:read', description: 'Read your orders: numbers, dates, status and totals (no customer addresses)', required: true },
    { name: 'offline_access', description: 'Stay connected: renew access without asking you again', required: true },
    { name: 'refunds:read', description: 'See refunds (not needed by Storelink)', required: false },
  ],
  refresh: { kind: 'rotating', refreshTokenLifetimeSec: 30 * 86400 },
  revocation: { kind: 'rfc7009' },
  callbackChecks: [],
  accountLabel: { from: 'token-response', field: 'store_name' },
  redirect: 'loopback',
  apiAuth: { kind: 'bearer' },
  orders: 'demo',
};

/** The client id the demo store registers for Storelink (public client, no secret). */
export const DEMO_CLIENT_ID = CLIENT_ID;
demoStoreProfile.client = { fixedId: DEMO_CLIENT_ID };
