/**
 * What the admin typed into the connect forms, kept in memory (never in storage) so a cancelled or
 * failed sign-in can go back to the form with every value, secret included, and "Edit details".
 * Per provider, so switching platforms does not lose what was typed. Cleared once a connection is made.
 */
export interface ProviderDraft {
  values: Record<string, string>;
  /** Optional scopes the admin ticked. */
  optionalScopes: string[];
  /** The whole list for editable-scope (generic OpenID) providers. */
  scopes?: string[];
}

let chosen: string | null = null;
const drafts = new Map<string, ProviderDraft>();

export const connectDraft = {
  chosen: (): string | null => chosen,
  choose(providerId: string | null): void {
    chosen = providerId;
  },
  get: (providerId: string): ProviderDraft | undefined => drafts.get(providerId),
  set(providerId: string, draft: ProviderDraft): void {
    drafts.set(providerId, draft);
  },
  /** After a connection was made: nothing typed (no secret) stays in memory. */
  clear(): void {
    chosen = null;
    drafts.clear();
  },
};
