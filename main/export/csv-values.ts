/**
 * Values as they go into export cells: exact decimal amounts and ISO 8601 dates with their offset.
 * Plain Node; no floats ever touch an amount (main/sync/money.ts).
 */
import { MAX_EXPONENT } from '../sync/money.ts';

/**
 * An exact amount `minor / 10^exponent` as a decimal number: (1250, 2) -> "12.50", (-5, 2) -> "-0.05",
 * (1200, 0) -> "1200", (10125, 3) -> "10.125". Every digit comes from the integer; nothing is rounded.
 */
export function decimalAmount(minor: number | bigint, exponent: number): string {
  if (!Number.isInteger(exponent) || exponent < 0 || exponent > MAX_EXPONENT) throw new RangeError(`bad exponent ${exponent}`);
  if (typeof minor === 'number' && !Number.isSafeInteger(minor)) throw new RangeError(`not an exact integer amount: ${minor}`);
  const value = BigInt(minor);
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString();
  if (exponent === 0) return `${negative ? '-' : ''}${digits}`;
  const padded = digits.padStart(exponent + 1, '0');
  return `${negative ? '-' : ''}${padded.slice(0, -exponent)}.${padded.slice(-exponent)}`;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The OS time zone's offset (minutes east of UTC) at an instant: +60 for Paris in winter. */
export function osOffsetMinutes(atMs: number): number {
  const offset = -new Date(atMs).getTimezoneOffset();
  return offset === 0 ? 0 : offset; // never -0
}

/**
 * ISO 8601 / RFC 3339 date-time with the offset it was read in (https://www.rfc-editor.org/rfc/rfc3339#section-5.6):
 * `2025-01-31T19:05:00.000-05:00`. The instant is exact (milliseconds); `offsetMinutes` only says how
 * it is written. UTC is written `+00:00`, never `Z`, so every cell has the same shape.
 */
export function isoWithOffset(atMs: number, offsetMinutes: number): string {
  if (!Number.isSafeInteger(atMs)) throw new RangeError(`not an epoch-milliseconds time: ${atMs}`);
  if (!Number.isInteger(offsetMinutes) || Math.abs(offsetMinutes) > 18 * 60) throw new RangeError(`bad offset ${offsetMinutes}`);
  const local = new Date(atMs + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const year = local.getUTCFullYear();
  if (year < 0 || year > 9999) throw new RangeError(`year ${year} cannot be written in ISO 8601 basic form`);
  return (
    `${pad(year, 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}.${pad(local.getUTCMilliseconds(), 3)}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}
