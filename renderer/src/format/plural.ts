/**
 * Counted nouns through Intl.PluralRules in the OS locale ("1 order", "2 orders"), so no count is
 * ever shown with the wrong form. The words are English; the plural category comes from the locale.
 */
import { formatInteger } from './intl.ts';

export interface NounForms {
  one: string;
  other: string;
}

export const NOUNS = {
  order: { one: 'order', other: 'orders' },
  page: { one: 'page', other: 'pages' },
  connection: { one: 'connection', other: 'connections' },
  store: { one: 'store', other: 'stores' },
  notice: { one: 'notice', other: 'notices' },
  day: { one: 'day', other: 'days' },
} satisfies Record<string, NounForms>;

let rules: Intl.PluralRules | null = null;
function pluralRules(): Intl.PluralRules {
  // English words, English rules: a locale with other categories (e.g. "few") would pick a form these words do not have.
  rules ??= new Intl.PluralRules('en-US');
  return rules;
}

/** The noun form for `n`: "order" for 1, "orders" otherwise (0 included). */
export function nounFor(n: number, forms: NounForms): string {
  return pluralRules().select(n) === 'one' ? forms.one : forms.other;
}

/** "1 order", "1,234 orders": the number in the locale's digits with the right noun form. */
export function countOf(n: number, forms: NounForms): string {
  return `${formatInteger(n)} ${nounFor(n, forms)}`;
}
