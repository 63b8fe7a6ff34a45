import type { ProviderProfile } from '../providers/profile.ts';
import type { ConnectionRecord } from '../store/connection-records.ts';

/**
 * What a browser sign-in needs to know: the profile, the admin's field values (plain ones go to
 * the record, secret ones to the keychain), the scopes asked for. Shared by connect-flow.ts and
 * save-connection.ts, in a file of its own so neither imports the other.
 */
export interface FlowInput {
  profile: ProviderProfile;
  plain: Record<string, string>;
  secret: Record<string, string>;
  scopes: string[];
  /** Re-authorize this connection in place. */
  reconnectOf?: ConnectionRecord;
}
