/**
 * Every date, time, number and amount goes through Intl in the OS locale (navigator.language).
 * Money arrives as integer minor units and is divided by 10^exponent only here, for display.
 */
const locale = (): string => (typeof navigator !== 'undefined' && navigator.language) || 'en-US';

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function dtf(key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const k = `d:${key}`;
  let f = cache.get(k) as Intl.DateTimeFormat | undefined;
  if (!f) cache.set(k, (f = new Intl.DateTimeFormat(locale(), options)));
  return f;
}
function nf(key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const k = `n:${key}`;
  let f = cache.get(k) as Intl.NumberFormat | undefined;
  if (!f) cache.set(k, (f = new Intl.NumberFormat(locale(), options)));
  return f;
}

export function formatDateTime(ms: number): string {
  return dtf('dt', { dateStyle: 'medium', timeStyle: 'medium' }).format(ms);
}
/** Date and time to the minute ("Dec 2, 2026, 5:07 PM"): fits a table column. */
export function formatDateTimeShort(ms: number): string {
  return dtf('dts', { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}
/** Month, day and year ("Mar 4, 2025"): chart axis labels over ranges that span years. */
export function formatShortDayWithYear(ms: number): string {
  return dtf('sdy', { month: 'short', day: 'numeric', year: 'numeric' }).format(ms);
}
export function formatDate(ms: number): string {
  return dtf('d', { dateStyle: 'medium' }).format(ms);
}
export function formatShortDay(ms: number): string {
  return dtf('sd', { month: 'short', day: 'numeric' }).format(ms);
}
export function formatInteger(n: number): string {
  return nf('int', { maximumFractionDigits: 0 }).format(n);
}

/** Integer minor units -> localized currency text (e.g. 123456 USD exp 2 -> "$1,234.56"). */
export function formatMoney(minor: number, currency: string, exponent: number): string {
  const digits = { minimumFractionDigits: exponent, maximumFractionDigits: exponent };
  // Intl takes only well-formed 3-letter codes: Shopify's `USDC` is shown as a number and its code.
  if (!/^[A-Za-z]{3}$/.test(currency)) return `${nf(`dec:${exponent}`, digits).format(minor / 10 ** exponent)} ${currency}`;
  const f = nf(`cur:${currency}:${exponent}`, { style: 'currency', currency, ...digits });
  return f.format(minor / 10 ** exponent);
}

/** A duration as "1 hr, 5 min, 3 sec" in the locale's unit words (largest two units). */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const parts: [number, 'day' | 'hour' | 'minute' | 'second'][] = [
    [Math.floor(total / 86400), 'day'],
    [Math.floor((total % 86400) / 3600), 'hour'],
    [Math.floor((total % 3600) / 60), 'minute'],
    [total % 60, 'second'],
  ];
  const first = parts.findIndex(([v]) => v > 0);
  if (first === -1) return nf('u:second', { style: 'unit', unit: 'second', unitDisplay: 'short' }).format(0);
  return parts
    .slice(first, first + 2)
    .filter(([v]) => v > 0)
    .map(([v, unit]) => nf(`u:${unit}`, { style: 'unit', unit, unitDisplay: 'short' }).format(v))
    .join(' ');
}

/** "in 5 minutes" / "3 hours ago" for a moment relative to now. */
export function formatRelative(ms: number, now: number): string {
  const rtf = new Intl.RelativeTimeFormat(locale(), { numeric: 'auto' });
  const diff = (ms - now) / 1000;
  const abs = Math.abs(diff);
  if (abs < 60) return rtf.format(Math.round(diff), 'second');
  if (abs < 3600) return rtf.format(Math.round(diff / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(diff / 3600), 'hour');
  return rtf.format(Math.round(diff / 86400), 'day');
}

/** "2025-03-04" (a day key from the core) -> local midnight epoch ms. */
export function dayKeyToMs(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1).getTime();
}
