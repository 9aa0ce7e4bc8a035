import { createRequire } from 'node:module';
import { shanghaiParts } from '@coordnet/shared/domain/period';
import { statutoryHolidays } from './statutory-holidays';

/**
 * China's official work-day calendar: weekends, public holidays and the adjusted working days (调休)
 * that fall on weekends, from the `chinese-days` package, plus province-level overrides. A year the
 * package does not have yet (the State Council publishes the next year's schedule around November)
 * is estimated: weekends plus the statutory holidays themselves (statutory-holidays.ts), without
 * the 调休 swaps, until the province enters the official schedule as overrides.
 *
 * The package's own isWorkday() reads dates in the host's time zone and is wrong on hosts west of
 * UTC, so its published data file (documented in its README) is read directly by date key instead.
 */
interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}
const data = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as ChineseDaysData;
/** Years whose schedule the package has; the State Council publishes next year's in November or so. */
const knownYears = new Set(Object.keys(data.holidays).map((date) => Number(date.slice(0, 4))));
/** The years the package has, ascending. */
export const PUBLISHED_YEARS: readonly number[] = [...knownYears].sort((a, b) => a - b);

/** From 1 November the next year's schedule is expected (it is usually published in November). */
const WATCH_NEXT_YEAR_FROM_MONTH = 11;

/**
 * The years whose schedule should be known on a (Shanghai) date but is only estimated: the current
 * year, and from 1 November the next one. Empty when all is well.
 */
export function missingScheduleYears(
  calendar: Pick<WorkdayCalendar, 'isEstimatedYear'>,
  today: string,
): number[] {
  const year = Number(today.slice(0, 4));
  const watched = Number(today.slice(5, 7)) >= WATCH_NEXT_YEAR_FROM_MONTH ? [year, year + 1] : [year];
  return watched.filter((y) => calendar.isEstimatedYear(y));
}

export interface WorkdayOverride {
  /** YYYY-MM-DD */
  date: string;
  workday: boolean;
}

/** Routine reminders go out only on work days within this Shanghai-time window [from, until). */
export interface RoutineWindow {
  /** HH:MM */
  from: string;
  /** HH:MM */
  until: string;
}

export const DEFAULT_ROUTINE_WINDOW: RoutineWindow = { from: '08:30', until: '20:00' };

export interface WorkdayCalendar {
  isWorkday(date: string): boolean;
  /** Whether the calendar package has the official schedule of that year. */
  isKnownYear(year: number): boolean;
  /**
   * Whether that year's days are an estimate: the package lacks the year and the province has not
   * confirmed that its overrides hold the whole official schedule.
   */
  isEstimatedYear(year: number): boolean;
  firstWorkdayOnOrAfter(date: string): string;
  /** The last n work days of a month (YYYY-MM), in calendar order. */
  lastWorkdaysOfMonth(yearMonth: string, n: number): string[];
  isRoutineSendTime(instant: Date, window?: RoutineWindow): boolean;
}

const DAY_MS = 86_400_000;
/** Longer than any run of days off, however the overrides are set. */
const MAX_SEARCH_DAYS = 366;

/** Statutory days off of the years the package lacks, computed once per year. */
const statutoryByYear = new Map<number, Set<string>>();
function statutoryDaysOff(year: number): Set<string> {
  let days = statutoryByYear.get(year);
  if (!days) {
    days = new Set(statutoryHolidays(year).map((h) => h.date));
    statutoryByYear.set(year, days);
  }
  return days;
}

export function createWorkdayCalendar({
  overrides = [],
  confirmedYears = [],
}: {
  overrides?: readonly WorkdayOverride[];
  /** Years whose official schedule the province has entered in full as overrides (工作日调整). */
  confirmedYears?: readonly number[];
} = {}) {
  const overridden = new Map<string, boolean>();
  for (const { date, workday } of overrides) overridden.set(dateKey(toUtcDays(date)), workday);
  const confirmed = new Set(confirmedYears);

  function isWorkdayAt(days: number): boolean {
    const key = dateKey(days);
    const override = overridden.get(key);
    if (override !== undefined) return override;
    const year = Number(key.slice(0, 4));
    if (knownYears.has(year)) {
      if (key in data.workdays) return true;
      if (key in data.holidays) return false;
    } else if (statutoryDaysOff(year).has(key)) return false;
    const weekday = new Date(days * DAY_MS).getUTCDay();
    return weekday >= 1 && weekday <= 5;
  }

  const calendar: WorkdayCalendar = {
    isWorkday: (date) => isWorkdayAt(toUtcDays(date)),
    isKnownYear: (year) => knownYears.has(year),
    isEstimatedYear: (year) => !knownYears.has(year) && !confirmed.has(year),
    firstWorkdayOnOrAfter(date) {
      const start = toUtcDays(date);
      for (let days = start; days < start + MAX_SEARCH_DAYS; days++)
        if (isWorkdayAt(days)) return dateKey(days);
      throw new RangeError(`no work day within a year of ${date}`);
    },
    lastWorkdaysOfMonth(yearMonth, n) {
      const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(yearMonth);
      if (!m) throw new RangeError(`Invalid month: ${yearMonth}`);
      const first = Date.UTC(Number(m[1]), Number(m[2]) - 1, 1) / DAY_MS;
      const next = Date.UTC(Number(m[1]), Number(m[2]), 1) / DAY_MS;
      const found: string[] = [];
      for (let days = next - 1; days >= first && found.length < n; days--)
        if (isWorkdayAt(days)) found.unshift(dateKey(days));
      return found;
    },
    isRoutineSendTime(instant, window = DEFAULT_ROUTINE_WINDOW) {
      const { year, month, day, hour, minute } = shanghaiParts(instant);
      if (!isWorkdayAt(Date.UTC(year, month - 1, day) / DAY_MS)) return false;
      const minutes = hour * 60 + minute;
      return minutes >= toMinutes(window.from) && minutes < toMinutes(window.until);
    },
  };
  return calendar;
}

/** Days since 1970-01-01 of a YYYY-MM-DD calendar date (no time zone involved). */
function toUtcDays(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const days = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS : NaN;
  if (!m || Number.isNaN(days) || dateKey(days) !== date) throw new RangeError(`Invalid date: ${date}`);
  return days;
}

function dateKey(days: number): string {
  return new Date(days * DAY_MS).toISOString().slice(0, 10);
}

function toMinutes(hhmm: string): number {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(hhmm);
  if (!m) throw new RangeError(`Invalid time of day: ${hhmm}`);
  return Number(m[1]) * 60 + Number(m[2]);
}
