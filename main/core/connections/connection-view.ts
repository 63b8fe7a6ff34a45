import type { ConnectionView, ProviderView, ScopeView } from '../../../shared/view-models.ts';
import type { ProviderProfile } from '../providers/profile.ts';
import type { ConnectionRecord } from '../store/connection-records.ts';
import { deriveHealth, type HealthSync } from '../lifecycle/connection-health.ts';

/** What the view needs beyond the record: the time now and the last order sync (from the sync service). */
export interface ViewContext {
  now: number;
  sync?: HealthSync;
}

/** The platform's store address of a connection: its store field, else the account id the platform reported. */
export function storeAddressOf(record: Pick<ConnectionRecord, 'store' | 'accountId'>): string | undefined {
  return record.store ?? record.accountId?.replace(/^[^:]*:/, '');
}

/**
 * Record + profile -> the plain view model the renderer gets. Built only from the non-secret
 * record: there is no path from a token to a view (security.md #10, #30).
 */
export function connectionView(record: ConnectionRecord, profile: ProviderProfile, nextRefreshAt: number | undefined, at?: ViewContext): ConnectionView {
  const granted = new Set(record.grantedScopes);
  const spec = new Map(profile.scopes.map((s) => [s.name, s]));
  const names = [...new Set([...record.requestedScopes, ...record.grantedScopes])];
  const scopes: ScopeView[] = names.map((name) => ({
    name,
    description: spec.get(name)?.description ?? name,
    granted: granted.has(name),
    required: spec.get(name)?.required ?? record.requestedScopes.includes(name),
  }));
  const rev = profile.revocation;
  const derived = at
    ? deriveHealth({
        kind: profile.kind,
        providerName: profile.name,
        status: record.status,
        ...(record.accessExpiresAt !== undefined ? { accessExpiresAt: record.accessExpiresAt } : {}),
        hasRefreshToken: record.hasRefreshToken,
        ...(record.refreshExpiresAt !== undefined ? { refreshExpiresAt: record.refreshExpiresAt } : {}),
        scopes,
        ...(at.sync ? { sync: at.sync } : {}),
        now: at.now,
      })
    : undefined;
  const storeAddress = storeAddressOf(record);
  return {
    id: record.id,
    providerId: profile.id,
    providerName: profile.name,
    providerIcon: profile.icon,
    kind: profile.kind,
    accountLabel: record.accountLabel,
    ...(record.store ? { store: record.store } : {}),
    status: record.status,
    scopes,
    ...(record.accessExpiresAt !== undefined ? { accessExpiresAt: record.accessExpiresAt } : {}),
    ...(record.refreshExpiresAt !== undefined ? { refreshExpiresAt: record.refreshExpiresAt } : {}),
    hasRefreshToken: record.hasRefreshToken,
    ...(record.lastRefreshAt !== undefined ? { lastRefreshAt: record.lastRefreshAt } : {}),
    ...(nextRefreshAt !== undefined ? { nextRefreshAt } : {}),
    ...(record.lastActivityAt !== undefined ? { lastActivityAt: record.lastActivityAt } : {}),
    createdAt: record.createdAt,
    revocation: rev.kind === 'rfc7009' ? 'rfc7009' : rev.kind === 'shopify-uninstall' ? 'provider-uninstall' : 'unsupported',
    ...(rev.kind === 'unsupported' ? { revocationNote: rev.reason } : {}),
    ...(derived ? { health: derived.health, scopeStates: derived.scopeStates } : {}),
    name: record.name ?? record.accountLabel,
    ...(storeAddress ? { storeAddress } : {}),
    ...(record.reconnectedExistingAt !== undefined ? { reconnectedExistingAt: record.reconnectedExistingAt } : {}),
  };
}

export function providerView(profile: ProviderProfile): ProviderView {
  const notes: string[] = [];
  if (profile.redirect === 'https-forwarder') {
    notes.push(`${profile.name} only returns to an https address, so enter the https forwarding page you host: it passes the sign-in on to Storelink here.`);
  }
  if (profile.kind === 'oauth-app-credentials')
    notes.push('Uses your own app at the platform: paste its client id and secret (the secret is kept in your system keychain).');
  if (profile.kind === 'api-key') notes.push('Uses keys created in your store admin. They are kept in your system keychain.');
  if (profile.kind === 'oauth-client-credentials')
    notes.push(
      'Uses your own app at the platform, installed on your store: paste its client id and secret. No browser sign-in; the secret is kept in your system keychain and Storelink asks for a new access token before the current one runs out.',
    );
  if (profile.revocation.kind === 'unsupported') notes.push(profile.revocation.reason);
  return {
    id: profile.id,
    name: profile.name,
    icon: profile.icon,
    kind: profile.kind,
    fields: profile.fields.map((f) => ({ ...f })),
    scopes: profile.scopes.map((s) => ({ name: s.name, description: s.description, required: s.required })),
    scopesEditable: profile.endpoints.kind === 'discovery' && !profile.scopesFixed,
    redirect: profile.redirect,
    notes,
    ...(profile.guide
      ? {
          guide: {
            steps: profile.guide.steps.map((s) => ({ ...s, ...(s.link ? { link: { ...s.link } } : {}) })),
            values: profile.guide.values.map((v) => ({ ...v })),
            forwardingPage: profile.redirect === 'https-forwarder',
          },
        }
      : {}),
  };
}
