import { InputError } from '../errors.ts';
import { isAllowedStoreUrl, isValidShopDomain, normalizeFieldValue } from '../../../shared/field-rules.ts';
import type { ProviderProfile } from '../providers/profile.ts';

export interface SplitFields {
  /** Non-secret values: stored in the connection record. */
  plain: Record<string, string>;
  /** Secret values (client secret, API keys): stored only in the keychain. */
  secret: Record<string, string>;
}

/**
 * Validates the connect form's values against the profile (again in main: the renderer's checks
 * are a convenience only) and splits them into plain and secret values. Unknown fields are refused.
 */
export function validateFields(profile: ProviderProfile, input: Record<string, string>): SplitFields {
  const known = new Set(profile.fields.map((f) => f.name));
  for (const name of Object.keys(input)) {
    if (!known.has(name)) throw new InputError(`"${name}" is not a field of ${profile.name}.`, name);
  }
  const plain: Record<string, string> = {};
  const secret: Record<string, string> = {};
  for (const f of profile.fields) {
    const raw = input[f.name];
    // Paste normalisation (shared/field-rules.ts), the same the form applies: secrets untouched.
    const value = typeof raw === 'string' ? normalizeFieldValue(f.kind, raw) : '';
    if (!value) {
      if (f.required) throw new InputError(`${f.label} is required.`, f.name);
      continue;
    }
    if (value.length > 4096) throw new InputError(`${f.label} is too long.`, f.name);
    if (f.kind === 'url' && !isAllowedStoreUrl(value)) throw new InputError(`${f.label} must be an https:// address.`, f.name);
    if (f.kind === 'shop-domain' && !isValidShopDomain(value)) throw new InputError(`${f.label} must look like your-store.myshopify.com.`, f.name);
    if (f.pattern && !new RegExp(f.pattern).test(value)) throw new InputError(`${f.label} does not have the expected format.`, f.name);
    (f.kind === 'secret' ? secret : plain)[f.name] = value;
  }
  return { plain, secret };
}
