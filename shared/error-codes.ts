/**
 * Every error the core can report, by code. Only `{ code, message }` crosses the IPC boundary
 * (style.md: Electron's ipcMain.handle keeps only `message`), and the renderer maps codes to
 * plain words and a next step (renderer/src/errors/explain.ts).
 */
export const ErrorCode = {
  // connect flow (security.md A, D)
  ConsentDenied: 'consent_denied',
  StateMismatch: 'state_mismatch',
  IssuerMismatch: 'issuer_mismatch',
  CallbackInvalid: 'callback_invalid',
  FlowTimeout: 'flow_timeout',
  FlowCancelled: 'flow_cancelled',
  FlowAlreadyPending: 'flow_already_pending',
  ListenerFailed: 'listener_failed',
  BrowserOpenFailed: 'browser_open_failed',
  HmacInvalid: 'hmac_invalid',
  // authorization error responses (RFC 6749 §4.1.2.1), one code each so the UI can say what to do
  ScopeRefused: 'scope_refused',
  ClientNotAllowed: 'client_not_allowed',
  ResponseTypeUnsupported: 'response_type_unsupported',
  AuthorizationRequestInvalid: 'authorization_request_invalid',
  ProviderServerError: 'provider_server_error',
  ProviderBusy: 'provider_busy',
  // token endpoint errors (RFC 6749 §5.2) beyond invalid_grant / invalid_client
  GrantTypeUnsupported: 'grant_type_unsupported',
  TokenRequestInvalid: 'token_request_invalid',
  // authorization server / provider
  AsUnreachable: 'as_unreachable',
  DiscoveryFailed: 'discovery_failed',
  BadTokenResponse: 'bad_token_response',
  InvalidGrant: 'invalid_grant',
  InvalidClient: 'invalid_client',
  TokenEndpointError: 'token_endpoint_error',
  InsufficientScope: 'insufficient_scope',
  Unauthorized: 'unauthorized',
  RateLimited: 'rate_limited',
  // http
  HttpTimeout: 'http_timeout',
  HttpNetwork: 'http_network',
  ResponseTooLarge: 'response_too_large',
  UnexpectedRedirect: 'unexpected_redirect',
  BadResponse: 'bad_response',
  // storage
  KeychainUnavailable: 'keychain_unavailable',
  KeychainCorrupt: 'keychain_corrupt',
  SettingsCorrupt: 'settings_corrupt',
  // connections
  ConnectionNotFound: 'connection_not_found',
  NeedsReauthorization: 'needs_reauthorization',
  InvalidInput: 'invalid_input',
  UnknownProvider: 'unknown_provider',
  // ipc
  ForbiddenSender: 'forbidden_sender',
  // sync
  SyncFailed: 'sync_failed',
  SyncCancelled: 'sync_cancelled',
  Internal: 'internal',
  // export and order details (issue 9)
  ExportFailed: 'export_failed',
  AdminLinkUnavailable: 'admin_link_unavailable',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** What crosses IPC in place of an Error. */
export interface ErrorView {
  code: ErrorCode;
  message: string;
}
