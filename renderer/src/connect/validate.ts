/**
 * Connect-form checks, run as the admin types. The main process checks everything again from
 * `unknown` (security.md #30); these exist to explain mistakes early, in plain words.
 */
import type { ProviderFieldView } from '../../../shared/view-models.ts';

/** Shopify's shop-domain rule (providers.md, Shopify "callback check"). */
export const SHOP_DOMAIN = /^[a-zA-Z0-9][a-zA-Z0-9-_]*\.myshopify\.com$/;

/** An address must be https, except a plain-http address on this computer (127.0.0.1) for testing. */
export function checkUrl(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Enter a full address starting with https://';
  }
  if (url.protocol === 'https:') return url.hostname ? null : 'The address needs a host name.';
  if (url.protocol === 'http:' && url.hostname === '127.0.0.1') return null;
  if (url.protocol === 'http:') return 'The address must start with https:// (plain http is only allowed for http://127.0.0.1).';
  return 'The address must start with https://';
}

/** Returns a message for the person, or null when the value is acceptable. */
export function validateField(field: ProviderFieldView, raw: string): string | null {
  const value = raw.trim();
  if (value === '') return field.required ? `${field.label} is required.` : null;
  if (field.kind === 'url') {
    const problem = checkUrl(value);
    if (problem) return problem;
  }
  if (field.kind === 'shop-domain' && !SHOP_DOMAIN.test(value)) {
    return 'Enter the shop’s myshopify.com address, for example my-shop.myshopify.com';
  }
  if (field.pattern) {
    let re: RegExp | null = null;
    try {
      re = new RegExp(`^(?:${field.pattern})$`, 'u');
    } catch {
      re = null;
    }
    if (re && !re.test(value)) return field.help ? `This does not look right. ${field.help}` : `${field.label} does not have the expected format.`;
  }
  return null;
}

export function validateAll(fields: ProviderFieldView[], values: Record<string, string>): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const f of fields) {
    const p = validateField(f, values[f.name] ?? '');
    if (p) problems[f.name] = p;
  }
  return problems;
}
