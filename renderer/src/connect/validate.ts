/**
 * Connect-form checks, run as the admin types. The main process checks everything again from
 * `unknown` (security.md #30); these exist to explain mistakes early, in plain words.
 */
import { isValidShopDomain, normalizeFieldValue, storeUrlProblem, type StoreUrlProblem } from '../../../shared/field-rules.ts';
import type { ProviderFieldView } from '../../../shared/view-models.ts';

const URL_PROBLEMS: Record<StoreUrlProblem, string> = {
  'not-a-url': 'Enter a full address starting with https://',
  'not-https': 'The address must start with https:// (plain http is only allowed for http://127.0.0.1).',
  credentials: 'Leave the user name and password out of the address.',
  fragment: 'Leave out the part after # in the address.',
};

/** An address must be https, except a plain-http address on this computer (127.0.0.1) for testing (shared/field-rules.ts). */
export function checkUrl(value: string): string | null {
  const problem = storeUrlProblem(value);
  return problem ? URL_PROBLEMS[problem] : null;
}

/** Returns a message for the person, or null when the value is acceptable. */
export function validateField(field: ProviderFieldView, raw: string): string | null {
  // The value main will see: pasted addresses normalised the same way (shared/field-rules.ts).
  const value = normalizeFieldValue(field.kind, raw).trim();
  if (value === '') return field.required ? `${field.label} is required.` : null;
  if (field.kind === 'url') {
    const problem = checkUrl(value);
    if (problem) return problem;
  }
  if (field.kind === 'shop-domain' && !isValidShopDomain(value)) {
    return 'Enter the shop’s myshopify.com address, for example my-shop.myshopify.com';
  }
  if (field.pattern) {
    let re: RegExp | null;
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
