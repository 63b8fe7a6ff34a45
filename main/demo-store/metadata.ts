/**
 * Authorization server metadata for the Demo store.
 */
import { SCOPE_NAMES } from './config.ts';

/**
 * The metadata document served at `/.well-known/oauth-authorization-server`
 * (RFC 8414 §2 fields, §3 location; RFC 9207 §3 `authorization_response_iss_parameter_supported`).
 * https://www.rfc-editor.org/rfc/rfc8414#section-2
 */
export function authorizationServerMetadata(issuer: string): Record<string, unknown> {
  return {
    issuer,
    authorization_endpoint: `${issuer}/oauth/authorize`,
    token_endpoint: `${issuer}/oauth/token`,
    revocation_endpoint: `${issuer}/oauth/revoke`,
    introspection_endpoint: `${issuer}/oauth/introspect`,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['none'],
    revocation_endpoint_auth_methods_supported: ['none'],
    introspection_endpoint_auth_methods_supported: ['none'],
    scopes_supported: [...SCOPE_NAMES],
    authorization_response_iss_parameter_supported: true,
  };
}
