// Calendar periods in China Standard Time (UTC+8 all year, no DST). All arithmetic is done on the
// fixed offset, so the host time zone never matters.
export type PeriodKind = 'month' | 'quarter' | 'year';

export type Period =
  | { kind: 'month'; year: number; month: number }
  | { kind: 'quarter'; year: number; quarter: number }
  | { kind: 'year'; year: number };

export interface ShanghaiParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 0 = Sunday. */
  weekday: number;
}

export const PERIOD_LABELS: Record<PeriodKind, string> = { month: '月度', quarter: '季度', year: '年度' };

const OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const MONTHS_IN: Record<PeriodKind, number> = { month: 1, quarter: 3, year: 12 };
const QUARTER_NUMERALS = ['一', '二', '三', '四'];
const pad2 = (n: number): string => String(n).padStart(2, '0');

export function shanghaiParts(instant: Date): ShanghaiParts {
  if (Number.isNaN(instant.getTime())) throw new RangeError('Invalid date');
  const d = new Date(instant.getTime() + OFFSET_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    weekday: d.getUTCDay(),
  };
}

export function shanghaiDate(instant: Date): string {
  const { year, month, day } = shanghaiParts(instant);
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

export function parsePeriod(key: string): Period | null {
  const m = /^([1-9]\d{3})(?:-(0[1-9]|1[0-2])|-Q([1-4]))?$/.exec(key);
  if (!m) return null;
  const year = Number(m[1]);
  if (m[2]) return { kind: 'month', year, month: Number(m[2]) };
  if (m[3]) return { kind: 'quarter', year, quarter: Number(m[3]) };
  return { kind: 'year', year };
}

export function periodKindOf(key: string): PeriodKind | null {
  return parsePeriod(key)?.kind ?? null;
}

function mustParse(key: string): Period {
  const period = parsePeriod(key);
  if (!period) throw new RangeError(`Invalid period key: ${key}`);
  return period;
}

function firstMonth(p: Period): number {
  if (p.kind === 'month') return p.month;
  return p.kind === 'quarter' ? (p.quarter - 1) * 3 + 1 : 1;
}

/** Key of the period of `kind` containing the given year and month (month may overflow either way). */
function keyAt(kind: PeriodKind, year: number, month: number): string {
  const y = year + Math.floor((month - 1) / 12);
  const m = ((((month - 1) % 12) + 12) % 12) + 1;
  if (kind === 'month') return `${y}-${pad2(m)}`;
  return kind === 'quarter' ? `${y}-Q${Math.ceil(m / 3)}` : String(y);
}

export function periodOf(instant: Date, kind: PeriodKind): string {
  const { year, month } = shanghaiParts(instant);
  return keyAt(kind, year, month);
}

function shanghaiMidnight(year: number, month: number, day = 1): Date {
  return new Date(Date.UTC(year, month - 1, day) - OFFSET_MS);
}

/** Start inclusive, end exclusive. */
export function periodRange(key: string): { start: Date; end: Date } {
  const p = mustParse(key);
  const first = firstMonth(p);
  return {
    start: shanghaiMidnight(p.year, first),
    end: shanghaiMidnight(p.year, first + MONTHS_IN[p.kind]),
  };
}

export function isPeriodClosed(key: string, now: Date): boolean {
  return now.getTime() >= periodRange(key).end.getTime();
}

export function previousPeriod(key: string): string {
  const p = mustParse(key);
  return keyAt(p.kind, p.year, firstMonth(p) - MONTHS_IN[p.kind]);
}

export function nextPeriod(key: string): string {
  const p = mustParse(key);
  return keyAt(p.kind, p.year, firstMonth(p) + MONTHS_IN[p.kind]);
}

/** Shanghai calendar days from today (inclusive) to the period's end; the whole length if not yet started. */
export function daysLeftInPeriod(key: string, now: Date): number {
  const { start, end } = periodRange(key);
  const { year, month, day } = shanghaiParts(now);
  const from = Math.max(start.getTime(), shanghaiMidnight(year, month, day).getTime());
  return Math.max(0, Math.round((end.getTime() - from) / DAY_MS));
}

export function monthsOfQuarter(key: string): string[] {
  const p = mustParse(key);
  if (p.kind !== 'quarter') throw new RangeError(`Not a quarter: ${key}`);
  const first = firstMonth(p);
  return [0, 1, 2].map((i) => keyAt('month', p.year, first + i));
}

export function formatPeriod(key: string): string {
  const p = mustParse(key);
  if (p.kind === 'month') return `${p.year}年${p.month}月`;
  if (p.kind === 'quarter') return `${p.year}年第${QUARTER_NUMERALS[p.quarter - 1]}季度`;
  return `${p.year}年`;
}
