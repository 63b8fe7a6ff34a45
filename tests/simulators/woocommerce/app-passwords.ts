/**
 * WordPress application passwords as the WooCommerce simulator answers them. Each answer and its source:
 *  - Sent as HTTP Basic `username:password` to REST requests "served over https://"
 *    (developer.wordpress.org/rest-api/using-the-rest-api/authentication/, "Basic Authentication with
 *    Application Passwords"; make.wordpress.org/core/2020/11/05/application-passwords-integration-guide/).
 *  - A plain-http site: `wp_validate_application_password()` returns early when
 *    `wp_is_application_passwords_available()` is false, which it is unless `is_ssl()` (or a `local`
 *    environment type), so the credentials are ignored and the request runs as a visitor: WooCommerce's
 *    permission check then answers 401 `woocommerce_rest_cannot_view` (wp-includes/user.php,
 *    wp-includes/rest-api.php `rest_authorization_required_code()`: 401 when nobody is logged in).
 *  - Unknown username: 401 `invalid_username` ("Unknown username. Check again or try your email
 *    address."); the email address also works as the username (wp_authenticate_application_password()).
 *  - Wrong password: 401 `incorrect_password` ("The provided password is an invalid application
 *    password."). Characters other than letters and digits are stripped first, so a password pasted
 *    with its display spaces works (same function). The REST API reports these errors with status 401
 *    (`rest_application_password_check_errors()`).
 *  - A user without the capability to read orders (for example a Customer): WooCommerce answers 403
 *    `woocommerce_rest_cannot_view` "Sorry, you cannot list resources." (the logged-in case of
 *    `rest_authorization_required_code()`; woocommerce-rest-api-docs _introduction.md "Errors").
 */
export interface AppPasswordUser {
  login: string;
  email?: string;
  /** 24 letters and digits, as WordPress generates them. */
  password: string;
  /** Administrator / Shop manager: true; Customer, Subscriber: false. */
  canReadOrders: boolean;
}

export type AuthOutcome = { ok: true } | { ok: false; status: number; code: string; message: string };

export function appPasswordAuth(
  users: readonly AppPasswordUser[],
  username: string,
  password: string,
  site: { siteIsHttps: boolean; cannot: string },
): AuthOutcome {
  if (!site.siteIsHttps) return { ok: false, status: 401, code: 'woocommerce_rest_cannot_view', message: site.cannot };
  const user = users.find((u) => u.login === username) ?? (username.includes('@') ? users.find((u) => u.email === username) : undefined);
  if (!user) {
    return username.includes('@')
      ? { ok: false, status: 401, code: 'invalid_email', message: 'Unknown email address. Check again or try your username.' }
      : { ok: false, status: 401, code: 'invalid_username', message: 'Unknown username. Check again or try your email address.' };
  }
  if (password.replace(/[^a-z\d]/gi, '') !== user.password) {
    return { ok: false, status: 401, code: 'incorrect_password', message: 'The provided password is an invalid application password.' };
  }
  if (!user.canReadOrders) return { ok: false, status: 403, code: 'woocommerce_rest_cannot_view', message: site.cannot };
  return { ok: true };
}
