import { ErrorCode, StorelinkError } from '../errors.ts';
import type { TokenClient } from '../oauth/token-request.ts';
import type { ProviderProfile } from '../providers/profile.ts';
import type { ResolvedEndpoints } from './endpoints.ts';

/** The OAuth client id of a connection: a fixed public id, or the admin's own from the form. */
export function clientIdOf(profile: ProviderProfile, fields: Record<string, string>): string {
  const id = profile.client?.fixedId ?? fields[profile.client?.idField ?? 'clientId'];
  if (!id) throw new StorelinkError(ErrorCode.InvalidInput, `${profile.name} needs a client id.`);
  return id;
}

/** The token-endpoint client for a connection; the secret (if any) comes from the keychain copy. */
export function tokenClientOf(
  profile: ProviderProfile,
  endpoints: ResolvedEndpoints,
  fields: Record<string, string>,
  secrets: Record<string, string>,
): TokenClient {
  const secret = secrets[profile.client?.secretField ?? 'clientSecret'];
  return {
    tokenEndpoint: endpoints.token,
    spec: profile.tokenRequest,
    clientId: clientIdOf(profile, fields),
    ...(secret ? { clientSecret: secret } : {}),
  };
}
