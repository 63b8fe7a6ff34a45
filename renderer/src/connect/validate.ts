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

const CLASS_WORDS: [RegExp, string][] = [
  [/A-Za-z0-9|a-zA-Z0-9|0-9A-Za-z/, 'letters, digits'],
  [/\\x21-\\x7e/, 'letters, digits, symbols; no spaces'],
  [/0-9a-f/, 'digits, a to f'],
];

/** The characters a `[...]` class allows, in words: "letters, digits, _ or -". */
function classWords(cls: string): string {
  const base = CLASS_WORDS.find(([re]) => re.test(cls))?.[1] ?? 'allowed characters';
  const extras = [...cls.replace(/A-Za-z0-9|a-zA-Z0-9|0-9A-Za-z|0-9a-f|\\x21-\\x7e/g, '')].filter((c) => c !== '\\');
  if (extras.length === 0) return base;
  return `${base}, ${extras.slice(0, -1).join(', ')}${extras.length > 1 ? ' or ' : ''}${extras[extras.length - 1]}`;
}

/**
 * The expected format of a field in words: from its pattern when it is a simple one
 * (`^prefix[class]{m,n}$`, `^\S{m,n}$`), else "for example <placeholder>", else its help.
 */
export function expectedFormat(field: ProviderFieldView): string | null {
  if (field.kind === 'shop-domain') return 'your shop’s myshopify.com address, for example my-shop.myshopify.com';
  if (field.kind === 'url') return `a full address starting with https://${field.placeholder ? `, for example ${field.placeholder}` : ''}`;
  const m = field.pattern ? /^\^?([A-Za-z_]*)(?:\[([^\]]+)\]|\\S)(?:\{(\d+)(?:,(\d+))?\}|\+)\$?$/.exec(field.pattern) : null;
  if (m) {
    const [, prefix, cls, min, max] = m;
    const chars = `(${cls ? classWords(cls) : 'no spaces'})`;
    const count = min && max ? `${min} to ${max} characters ${chars}` : min ? `${min} characters ${chars}` : `characters ${chars}`;
    return prefix ? `${prefix} followed by ${count}` : count;
  }
  if (field.placeholder) return `for example ${field.placeholder}`;
  return field.help ?? null;
}

/** Returns a message for the person, or null when the value is acceptable. Every message says the expected format. */
export function validateField(field: ProviderFieldView, raw: string): string | null {
  // The value main will see: pasted addresses normalised the same way (shared/field-rules.ts).
  const value = normalizeFieldValue(field.kind, raw).trim();
  const format = expectedFormat(field);
  if (value === '') return field.required ? `${field.label} is required${format ? `: ${format}` : ''}.` : null;
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
    if (re && !re.test(value)) {
      if (/\s/.test(value)) return `${field.label} cannot contain spaces${format ? `; expected: ${format}` : ''}.`;
      return `${field.label} does not have the expected format${format ? `; expected: ${format}` : ''}.`;
    }
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
