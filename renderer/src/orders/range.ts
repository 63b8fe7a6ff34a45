/** Date ranges for the orders view, in local days: the last N days including today, or custom days. */
export type RangePreset = 7 | 30 | 90 | 'custom';

export interface DayRange {
  fromMs: number;
  toMs: number;
}

export function startOfLocalDay(ms: number): number {
  const d = new Date(ms);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/** [midnight N-1 days ago, end of today]. */
export function lastDays(days: number, now: number): DayRange {
  const today = startOfLocalDay(now);
  const from = new Date(today);
  from.setDate(from.getDate() - (days - 1));
  const end = new Date(today);
  end.setDate(end.getDate() + 1);
  return { fromMs: from.getTime(), toMs: end.getTime() - 1 };
}

/** "YYYY-MM-DD" inputs -> local-day range; null when missing or reversed. */
export function customRange(from: string, to: string): DayRange | null {
  const parse = (s: string) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).getTime() : null;
  };
  const a = parse(from);
  const b = parse(to);
  if (a === null || b === null || b < a) return null;
  const end = new Date(b);
  end.setDate(end.getDate() + 1);
  return { fromMs: a, toMs: end.getTime() - 1 };
}

/** Local "YYYY-MM-DD" for a date input's value. */
export function toDateInput(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** Every calendar day key from `first` to `last` inclusive ("YYYY-MM-DD", calendar arithmetic in UTC). */
export function dayKeysBetween(first: string, last: string): string[] {
  const out: string[] = [];
  const start = Date.parse(`${first}T00:00:00Z`);
  const end = Date.parse(`${last}T00:00:00Z`);
  if (Number.isNaN(start) || Number.isNaN(end)) return [first];
  for (let t = start; t <= end && out.length < 4000; t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}
