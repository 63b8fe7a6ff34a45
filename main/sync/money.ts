/**
 * One money model for every platform (issues 4 and 8). An amount is an exact integer `minor` at a
 * decimal `exponent`: value = minor / 10^exponent. Never floats, never silently rounded.
 *
 *  - The exponent of an order's total is max(the currency's ISO 4217 exponent, the decimals the
 *    platform actually sent, trailing zeros ignored). "10.125" USD is {minor: 10125, exponent: 3};
 *    "10.1200" USD is {minor: 1012, exponent: 2}; "1200" JPY is {minor: 1200, exponent: 0}. A store set
 *    to more decimals than its currency (WooCommerce "Number of decimals", Shopify `Decimal`, which is
 *    arbitrary precision) is therefore kept exactly, and every ordinary amount keeps the currency's
 *    exponent, so nothing changes for them.
 *  - Summaries are exact: per currency, every amount is scaled to the largest exponent stored for that
 *    currency (BigInt arithmetic, `toCommonExponent`) before it is summed; the summary reports that
 *    exponent, and the orders table shows each row at it, so a column of USD totals lines up.
 *  - Exponents above MAX_EXPONENT, amounts beyond 2^53 at their exponent, unknown currency codes
 *    ("UNKNOWN_CURRENCY", "", "US$") and unreadable amount text throw MoneyFormatError. Adapters never
 *    let that fail a page: the order is stored as "needs attention" with its raw money values
 *    (`needsAttention` in order-adapter.ts), left out of the revenue figures and counted apart.
 *
 * Formats converted here: decimal strings (Shopify MoneyV2, WooCommerce), integer minor units (Square),
 * {amount, divisor} (Etsy), floats (Ecwid, parsed from their shortest round-trip text).
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

/**
 * Codes that are not ISO 4217 but that a platform sends as a currency: Shopify's CurrencyCode `USDC`
 * ("United States Dollars Coin", shopify.dev/docs/api/admin-graphql/latest/enums/CurrencyCode). No minor
 * unit is fixed for it here (Intl does not know the code either): its exponent is 0, so the decimals an
 * amount carries decide it (parseDecimalAmount), exactly; the summary uses the largest seen.
 */
const NON_ISO_EXPONENTS: Record<string, number> = { USDC: 0 };

export class MoneyFormatError extends Error {
  readonly code = 'bad_response';
  override readonly name = 'MoneyFormatError';
}

export function currencyExponent(currency: string): number {
  const c = currency.toUpperCase();
  if (NON_ISO_EXPONENTS[c] !== undefined) return NON_ISO_EXPONENTS[c];
  if (!/^[A-Z]{3}$/.test(c)) throw new MoneyFormatError(`not an ISO 4217 currency code: ${JSON.stringify(currency)}`);
  return EXPONENTS[c] ?? 2;
}

/**
 * Strict form at the currency's exponent: "12.3" USD -> 1230; "1200" JPY -> 1200; "-0.5" -> -50; throws
 * when the text has more significant decimals than the currency. New code uses parseDecimalAmount.
 */
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

/** Strict form of amountDivisorToExact at the currency's exponent (throws on extra precision). */
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

/** The largest exponent an amount may carry (ISO 4217's largest is 4; stores set to more decimals stay far below). */
export const MAX_EXPONENT = 9;

/** An exact amount: value = minor / 10^exponent, `minor` a safe integer. */
export interface ExactAmount {
  minor: number;
  exponent: number;
}

function exact(minor: bigint, exponent: number, what: string): ExactAmount {
  const value = Number(minor);
  if (!Number.isSafeInteger(value)) throw new MoneyFormatError(`amount out of range: ${what}`);
  return { minor: value === 0 ? 0 : value, exponent };
}

/**
 * A decimal string ("12.3", "-0.50", "10.125") in `currency`, exactly: the exponent is the currency's,
 * or more when the text has significant digits past it (see the file comment). Throws
 * MoneyFormatError for an unknown currency or text that is not a plain decimal.
 */
export function parseDecimalAmount(amount: string, currency: string): ExactAmount {
  const base = currencyExponent(currency);
  if (typeof amount !== 'string') throw new MoneyFormatError(`not a decimal amount: ${JSON.stringify(amount)}`);
  const m = /^([+-])?(\d+)(?:\.(\d*))?$/.exec(amount.trim()) ?? /^([+-])?()\.(\d+)$/.exec(amount.trim());
  if (!m) throw new MoneyFormatError(`not a decimal amount: ${JSON.stringify(amount)}`);
  const [, sign, whole = '', rawFrac = ''] = m;
  const frac = rawFrac.replace(/0+$/, '');
  const exponent = Math.max(base, frac.length);
  if (exponent > MAX_EXPONENT) throw new MoneyFormatError(`amount ${amount} has more than ${MAX_EXPONENT} decimals`);
  const minor = BigInt((whole || '0') + frac.padEnd(exponent, '0'));
  return exact(sign === '-' ? -minor : minor, exponent, amount);
}

/**
 * Etsy-style `{amount, divisor}` (Money in Etsy's Open API v3 spec: value = amount / divisor), exactly.
 * A power-of-ten divisor gives its decimals (USD 12345/1000 -> 12.345, exponent 3); any other divisor
 * must divide evenly at some exponent up to MAX_EXPONENT, else MoneyFormatError.
 */
export function amountDivisorToExact(amount: number, divisor: number, currency: string): ExactAmount {
  if (!Number.isSafeInteger(amount) || !Number.isSafeInteger(divisor) || divisor <= 0) {
    throw new MoneyFormatError(`bad amount/divisor: ${amount}/${divisor}`);
  }
  const base = currencyExponent(currency);
  for (let e = base; e <= MAX_EXPONENT; e++) {
    const scaled = BigInt(amount) * 10n ** BigInt(e);
    if (scaled % BigInt(divisor) === 0n) return exact(scaled / BigInt(divisor), e, `${amount}/${divisor}`);
  }
  throw new MoneyFormatError(`amount ${amount}/${divisor} has no exact decimal value`);
}

/** `minor` at `from` expressed at `to` (>= from), as a BigInt: exact by construction. */
export function toCommonExponent(minor: number | bigint, from: number, to: number): bigint {
  if (to < from) throw new RangeError(`cannot lower an exponent (${from} -> ${to}) without rounding`);
  return BigInt(minor) * 10n ** BigInt(to - from);
}

/** A BigInt sum back to a JS number for the view; throws rather than lose a digit past 2^53. */
export function safeNumber(value: bigint, what: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new MoneyFormatError(`${what} is too large to show exactly`);
  return n;
}

/** currencyExponent as an SQL expression over a currency column (for migrations): 2 unless listed. */
export function currencyExponentSql(column: string): string {
  const groups = new Map<number, string[]>();
  for (const [code, exp] of Object.entries(EXPONENTS)) groups.set(exp, [...(groups.get(exp) ?? []), `'${code}'`]);
  const whens = [...groups].map(([exp, codes]) => `WHEN upper(${column}) IN (${codes.join(',')}) THEN ${exp}`).join(' ');
  return `(CASE ${whens} ELSE 2 END)`;
}
