/**
 * Error codes -> plain words and what to do next. `Record<ErrorCode, ...>` makes the compiler
 * refuse a code from shared/error-codes.ts without an explanation.
 */
import type { ErrorCode, ErrorView } from '../../../shared/error-codes.ts';

export interface Explanation {
  /** What happened, in plain words. */
  title: string;
  /** What the person can do about it. */
  next: string;
}

export const EXPLANATIONS: Record<ErrorCode, Explanation> = {
  consent_denied: {
    title: 'You declined access in the browser.',
    next: 'Nothing was connected. Try again and choose Authorize if you want to connect this store.',
  },
  state_mismatch: {
    title: 'The browser came back with a sign-in that Storelink did not start.',
    next: 'Nothing was connected. Start connecting again from Storelink and finish in the same browser tab.',
  },
  issuer_mismatch: {
    title: 'The answer came from a different sign-in server than the one Storelink asked.',
    next: 'Nothing was connected. Check the address you entered, then try again.',
  },
  callback_invalid: {
    title: 'The browser came back with an incomplete or malformed answer.',
    next: 'Nothing was connected. Try again; if it keeps happening, the platform may not support this app.',
  },
  flow_timeout: {
    title: 'Signing in took too long, so Storelink stopped waiting.',
    next: 'Start connecting again and finish in the browser within a few minutes.',
  },
  flow_cancelled: { title: 'You cancelled connecting.', next: 'Nothing was connected. Start again whenever you are ready.' },
  flow_already_pending: { title: 'Another sign-in is already waiting in your browser.', next: 'Finish or cancel that one first.' },
  listener_failed: {
    title: 'Storelink could not open a local address to receive the answer from your browser.',
    next: 'Try again. If it keeps failing, security software may be blocking local connections.',
  },
  browser_open_failed: { title: 'Storelink could not open your web browser.', next: 'Check that a default browser is set, then try again.' },
  hmac_invalid: {
    title: 'The answer from the store failed its signature check.',
    next: 'Nothing was connected. Check your app credentials (client secret), then try again.',
  },
  scope_refused: {
    title: 'The platform refused the permissions Storelink asked for.',
    next: 'Nothing was connected. Untick optional permissions your app at the platform is not set up for (or add them to the app there), then press Edit details and try again.',
  },
  client_not_allowed: {
    title: 'The platform does not allow this app to connect this way.',
    next: 'Nothing was connected. In your app’s settings at the platform, allow sign-in from a desktop app (authorization code), then try again.',
  },
  response_type_unsupported: {
    title: 'The platform does not offer the kind of sign-in Storelink uses.',
    next: 'Nothing was connected. Check that the address points to the right platform; this platform may not work with Storelink.',
  },
  authorization_request_invalid: {
    title: 'The platform found the sign-in request incomplete.',
    next: 'Nothing was connected. Check the details you entered (press Edit details), then try again.',
  },
  provider_server_error: {
    title: 'The platform had a problem on its side during sign-in.',
    next: 'Nothing was connected. Wait a few minutes, then try again.',
  },
  provider_busy: {
    title: 'The platform is busy or under maintenance right now.',
    next: 'Nothing was connected. Wait a few minutes, then try again.',
  },
  grant_type_unsupported: {
    title: 'The platform does not let this app keep a connection the way Storelink needs.',
    next: 'In your app’s settings at the platform, allow the authorization code and refresh token sign-in types, then reconnect.',
  },
  token_request_invalid: {
    title: 'The platform found Storelink’s request for access incomplete.',
    next: 'Check the app details you entered (client id and secret) with Edit details, then try again.',
  },
  as_unreachable: { title: 'The sign-in server could not be reached.', next: 'Check your internet connection and the address you entered, then try again.' },
  discovery_failed: {
    title: 'The address you entered does not describe a sign-in server Storelink can use.',
    next: 'Check the issuer address (it usually ends without /.well-known/...) and try again.',
  },
  bad_token_response: {
    title: 'The platform answered the sign-in with something Storelink could not understand.',
    next: 'Try again later. If it keeps happening, the platform may have changed how it works.',
  },
  invalid_grant: { title: 'The platform no longer accepts this sign-in.', next: 'Reconnect to sign in again.' },
  invalid_client: {
    title: 'The platform does not recognise the app’s client id or secret.',
    next: 'Copy the client id and secret again from your app’s settings at the platform, press Edit details, paste them and try again.',
  },
  token_endpoint_error: { title: 'The platform refused to give Storelink access.', next: 'Try again later. If it keeps failing, reconnect.' },
  insufficient_scope: { title: 'This connection is missing a permission Storelink needs.', next: 'Reconnect and allow the missing permission.' },
  unauthorized: { title: 'The platform no longer accepts this connection’s access.', next: 'Reconnect to sign in again.' },
  rate_limited: { title: 'The platform asked Storelink to slow down.', next: 'Storelink will try again by itself shortly; no action needed.' },
  http_timeout: { title: 'The platform took too long to answer.', next: 'Check your internet connection, then try again.' },
  http_network: { title: 'Storelink could not reach the platform.', next: 'Check your internet connection and the store address, then try again.' },
  response_too_large: {
    title: 'The platform sent an unexpectedly large answer, so Storelink stopped reading it.',
    next: 'Try again later; if it keeps happening, contact the platform’s support.',
  },
  unexpected_redirect: {
    title: 'The platform tried to send Storelink to another address.',
    next: 'Check the store address you entered (for example https vs http, or www), then try again.',
  },
  bad_response: {
    title: 'The platform answered with something Storelink could not understand.',
    next: 'Check the store address; a security plugin or maintenance page may be answering instead of the store.',
  },
  keychain_unavailable: {
    title: 'Your computer’s keychain (password store) is not available.',
    next: 'Unlock or set up your system keychain, then try again. Storelink never saves keys anywhere else.',
  },
  keychain_corrupt: { title: 'The saved keys for this connection could not be read.', next: 'Reconnect to save fresh keys.' },
  settings_corrupt: {
    title: 'Storelink’s settings file was damaged and has been set aside.',
    next: 'Your connections may need to be added again. The damaged file was kept for diagnostics.',
  },
  connection_not_found: { title: 'This connection no longer exists.', next: 'It may have been disconnected in another window. The list has been refreshed.' },
  needs_reauthorization: { title: 'This connection needs you to sign in again.', next: 'Press Reconnect to sign in; your data stays in place.' },
  invalid_input: { title: 'Some of the details entered are not valid.', next: 'Check the highlighted fields and try again.' },
  unknown_provider: { title: 'Storelink does not know this platform.', next: 'Choose a platform from the list.' },
  forbidden_sender: {
    title: 'A request came from outside Storelink’s own window and was refused.',
    next: 'Restart Storelink. If it happens again, please report it.',
  },
  sync_failed: { title: 'Getting orders from the store failed.', next: 'Storelink will try again at the next scheduled run, or press Sync now.' },
  sync_cancelled: { title: 'The order sync was cancelled.', next: 'Orders synced so far are kept; press Sync now to continue.' },
  internal: { title: 'Something went wrong inside Storelink.', next: 'Try again. If it keeps happening, the diagnostics log has details (without any keys).' },
  export_failed: {
    title: 'The export file could not be saved.',
    next: 'Nothing was changed in your stores. Choose another folder or free some disk space, then export again.',
  },
  admin_link_unavailable: {
    title: 'Storelink cannot open this order in the platform’s admin.',
    next: 'Open your store’s admin in the browser yourself and search for the order number.',
  },
};

/** The explanation of an error, falling back to `internal` for a code this build does not know. */
export function explain(error: ErrorView): Explanation {
  return EXPLANATIONS[error.code] ?? EXPLANATIONS.internal;
}
