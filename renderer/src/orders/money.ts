import { formatMoney } from '../format/intl.ts';

/** ISO 4217 minor-unit exponent: the summary's value when known, otherwise Intl's currency default. */
export function exponentOf(currency: string, known: Map<string, number>): number {
  const k = known.get(currency);
  if (k !== undefined) return k;
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

export function money(minor: number, currency: string, known: Map<string, number>): string {
  try {
    return formatMoney(minor, currency, exponentOf(currency, known));
  } catch {
    return `${minor} ${currency} (minor units)`;
  }
}
