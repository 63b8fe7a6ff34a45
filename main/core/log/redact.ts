/**
 * Redaction for logs, diagnostics and error messages (security.md items 10, 38).
 * Two layers: values registered as secrets are replaced wherever they appear, and well-known
 * shapes (Bearer headers, token-ish query/body parameters, JSON fields) are masked by pattern.
 */

const registered = new Set<string>();

/** Register a secret value (token, verifier, code, client secret) so it is masked everywhere. */
export function registerSecret(value: string | undefined | null): void {
  if (value && value.length >= 6) registered.add(value);
}

export function forgetSecret(value: string | undefined | null): void {
  if (value) registered.delete(value);
}

const SENSITIVE_KEYS =
  'access_token|refresh_token|id_token|code|code_verifier|client_secret|password|secret|token|state|authorization|x-shopify-access-token|x-api-key|consumer_secret|consumer_key|api_key|apikey';

const PATTERNS: Array<[RegExp, string]> = [
  [/\b(Bearer|Basic|Client)\s+[A-Za-z0-9\-._~+/=:]+/gi, '$1 [redacted]'],
  [new RegExp(`([?&;\\s](?:${SENSITIVE_KEYS})=)[^&\\s"']+`, 'gi'), '$1[redacted]'],
  [new RegExp(`("(?:${SENSITIVE_KEYS}|accessToken|refreshToken|idToken|clientSecret|apiKey|codeVerifier)"\\s*:\\s*)"[^"]*"`, 'gi'), '$1"[redacted]"'],
];

export function redactText(text: string): string {
  let out = text;
  for (const secret of registered) {
    if (out.includes(secret)) out = out.split(secret).join('[redacted]');
  }
  for (const [re, replacement] of PATTERNS) out = out.replace(re, replacement);
  return out;
}

const SENSITIVE_FIELD = new RegExp(`^(?:${SENSITIVE_KEYS}|accessToken|refreshToken|idToken|clientSecret|apiKey|codeVerifier|tokens?)$`, 'i');

/** Deep-redacts a structured log payload. */
export function redactFields(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[depth]';
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map((v) => redactFields(v, depth + 1));
  if (value instanceof Error) return { name: value.name, message: redactText(value.message) };
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SENSITIVE_FIELD.test(k) ? '[redacted]' : redactFields(v, depth + 1);
    return out;
  }
  return value;
}
