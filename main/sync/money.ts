/**
 * Money as integer minor units, never floats (issue 4). Every platform format converts here:
 * decimal strings (Shopify MoneyV2, WooCommerce), integer minor units (Square), {amount, divisor}
 * (Etsy), and floats (Ecwid) which are parsed from their shortest decimal text.
 */

/** ISO 4217 minor-unit exponents that differ from 2. */
const EXPONENTS: Record<string, number> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

export class MoneyFormatError extends Error {
  readonly code = 'bad_response';
  override readonly name = 'MoneyFormatError';
}

export function currencyExponent(currency: string): number {
  const c = currency.toUpperCase();
  if (!/^[A-Z]{3}$/.test(c)) throw new MoneyFormatError(`not an ISO 4217 currency code: ${JSON.stringify(currency)}`);
  return EXPONENTS[c] ?? 2;
}

/** "12.3" USD -> 1230; "1200" JPY -> 1200; "-0.5" -> -50. Extra precision must be zeros. */
export function decimalToMinor(amount: string, currency: string): number {
  const exp = currencyExponent(currency);
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!m) throw new MoneyFormatError(`not a decimal amount: ${JSON.stringify(amount)}`);
  const [, sign, whole, frac = ''] = m;
  if (frac.length > exp && /[1-9]/.test(frac.slice(exp))) {
    throw new MoneyFormatError(`amount ${amount} has more precision than ${currency} allows`);
  }
  const minor = BigInt(whole! + frac.slice(0, exp).padEnd(exp, '0'));
  const value = Number(sign ? -minor : minor);
  if (!Number.isSafeInteger(value)) throw new MoneyFormatError(`amount out of range: ${amount}`);
  return value;
}

/** Etsy-style `{amount, divisor}`: amount / divisor in major units -> minor units of the currency. */
export function amountDivisorToMinor(amount: number, divisor: number, currency: string): number {
  if (!Number.isSafeInteger(amount) || !Number.isSafeInteger(divisor) || divisor <= 0) {
    throw new MoneyFormatError(`bad amount/divisor: ${amount}/${divisor}`);
  }
  const scale = 10 ** currencyExponent(currency);
  const scaled = BigInt(amount) * BigInt(scale);
  if (scaled % BigInt(divisor) !== 0n) throw new MoneyFormatError(`amount ${amount}/${divisor} is not a whole number of minor units`);
  return Number(scaled / BigInt(divisor));
}

/** Integer minor units as sent (Square `Money.amount`), validated. */
export function minorUnits(amount: unknown): number {
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount)) throw new MoneyFormatError(`not integer minor units: ${String(amount)}`);
  return amount;
}

/** A float amount (Ecwid): formatted via its shortest round-trip text, then parsed as a decimal. */
export function floatToMinor(amount: number, currency: string): number {
  if (!Number.isFinite(amount)) throw new MoneyFormatError(`not a finite amount: ${amount}`);
  const exp = currencyExponent(currency);
  return decimalToMinor(amount.toFixed(exp), currency);
}
