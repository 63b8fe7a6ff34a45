import type { ProviderProfile } from './profile.ts';

/**
 * A provider that runs on this computer and is composed outside the core (the built-in Demo store,
 * main/demo-store/): the shell passes it in as a port, so the core never imports it. The core adds
 * `profile` to its profiles, asks for `runtimeFields()` when a connect or reconnect of that profile
 * begins (starting the provider then, once), and calls `close()` when the core closes.
 */
export interface LocalProviderPort {
  readonly profile: ProviderProfile;
  /**
   * Values the profile needs that only exist at run time, e.g. the issuer of a store listening on
   * 127.0.0.1 with an OS-chosen port. They are merged over the form's plain fields.
   */
  runtimeFields(): Promise<Record<string, string>>;
  /** Stops whatever `runtimeFields` started; safe to call when nothing was started. */
  close(): Promise<void>;
}
