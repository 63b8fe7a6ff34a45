/**
 * Redaction for logs, diagnostics and error messages (security.md items 10, 38).
 * Two layers: values registered as secrets are replaced wherever they appear, and well-known
 * shapes (Bearer headers, token-ish query/body parameters, JSON fields) are masked by pattern.
 */

/**
 * The values masked by exact match (security.md #42: bounded, so masking cost does not grow with
 * uptime): the current secrets of each live connection, keyed by connection (replaced whole on every
 * change, dropped on removal), plus a small recency-ordered set of loose values (codes, verifiers,
 * secrets a component registers without an owner) capped at MAX_LOOSE_SECRETS.
 */
export const MAX_LOOSE_SECRETS = 256;
const MIN_SECRET_LENGTH = 6;
const owned = new Map<string, Set<string>>();
const loose = new Set<string>();

const worthMasking = (v: string | undefined | null): v is string => typeof v === 'string' && v.length >= MIN_SECRET_LENGTH;

/** Register a secret value without an owner; the oldest loose value is forgotten past the cap. */
export function registerSecret(value: string | undefined | null): void {
  if (!worthMasking(value)) return;
  loose.delete(value);
  loose.add(value);
  if (loose.size > MAX_LOOSE_SECRETS) loose.delete(loose.values().next().value!);
}

export function forgetSecret(value: string | undefined | null): void {
  if (value) loose.delete(value);
}

/**
 * Sets the secrets masked for `owner` (a connection id), replacing its previous ones: values it no
 * longer holds (a refreshed token, a rotated refresh token) are forgotten, loose copies included.
 */
export function setOwnedSecrets(owner: string, values: Iterable<string | undefined | null>): void {
  const next = new Set([...values].filter(worthMasking));
  for (const old of owned.get(owner) ?? []) if (!next.has(old)) loose.delete(old);
  if (next.size === 0) owned.delete(owner);
  else owned.set(owner, next);
}

/** Forgets every secret of a removed owner. */
export function forgetOwnedSecrets(owner: string): void {
  setOwnedSecrets(owner, []);
}

/** How many values are masked by exact match (tests, diagnostics). */
export function registeredSecretCount(): number {
  let n = loose.size;
  for (const set of owned.values()) n += set.size;
  return n;
}

export function isRegisteredSecret(value: string): boolean {
  if (loose.has(value)) return true;
  for (const set of owned.values()) if (set.has(value)) return true;
  return false;
}

function maskRegistered(text: string): string {
  let out = text;
  const mask = (secret: string) => {
    if (out.includes(secret)) out = out.split(secret).join('[redacted]');
  };
  for (const set of owned.values()) for (const secret of set) mask(secret);
  for (const secret of loose) mask(secret);
  return out;
}

const SENSITIVE_KEYS =
  'access_token|refresh_token|id_token|code|code_verifier|client_secret|password|secret|token|state|authorization|x-shopify-access-token|x-api-key|consumer_secret|consumer_key|api_key|apikey';

const PATTERNS: Array<[RegExp, string]> = [
  [/\b(Bearer|Basic|Client)\s+[A-Za-z0-9\-._~+/=:]+/gi, '$1 [redacted]'],
  [new RegExp(`([?&;\\s](?:${SENSITIVE_KEYS})=)[^&\\s"']+`, 'gi'), '$1[redacted]'],
  [new RegExp(`("(?:${SENSITIVE_KEYS}|accessToken|refreshToken|idToken|clientSecret|apiKey|codeVerifier)"\\s*:\\s*)"[^"]*"`, 'gi'), '$1"[redacted]"'],
];

export function redactText(text: string): string {
  let out = maskRegistered(text);
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
