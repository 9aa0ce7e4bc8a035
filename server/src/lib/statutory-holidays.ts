import chineseDays from 'chinese-days';

// A CommonJS (UMD) module: Node's ES module loader only sees its default export.
const { getSolarTermDate, getYearLeapMonth, monthDays } = chineseDays;

/**
 * The statutory public holidays of a year, from 《全国年节及纪念日放假办法》 as revised in 2024
 * (in force from 2025), for a year whose State Council schedule is not published yet:
 *   元旦 1 January · 春节 除夕 and 正月初一至初三 (4 days) · 清明 the day of the solar term ·
 *   劳动节 1–2 May · 端午 农历五月初五 · 中秋 农历八月十五 · 国庆 1–3 October.
 * Article 6: a holiday on a Saturday or Sunday is made up on the following work day(s) (补假).
 * Which weekends become 调休 work days is decided by each year's schedule and cannot be derived.
 *
 * Lunar dates come from chinese-days' lunar table (monthDays, getYearLeapMonth). Its date-string
 * helpers format in the host's time zone, so the day counting is done here in UTC days.
 */

const DAY_MS = 86_400_000;
/** Lunar 1900-01-01 (the table's epoch) is 1900-01-31. */
const LUNAR_EPOCH_DAYS = Date.UTC(1900, 0, 31) / DAY_MS;
/** The table covers lunar years 1900–2100. */
const FIRST_LUNAR_YEAR = 1900;
const LAST_LUNAR_YEAR = 2099;
/** The 2024 revision applies from this year on; earlier years are all in the package's data. */
export const STATUTORY_RULES_SINCE = 2025;

function lunarYearDays(year: number): number {
  let days = getYearLeapMonth(year).days;
  for (let month = 1; month <= 12; month++) days += monthDays(year, month);
  return days;
}

/** UTC day number of a (non-leap) lunar month and day. */
export function lunarToUtcDays(year: number, month: number, day: number): number {
  if (year < FIRST_LUNAR_YEAR || year > LAST_LUNAR_YEAR)
    throw new RangeError(`Lunar year out of range: ${year}`);
  let days = 0;
  for (let y = FIRST_LUNAR_YEAR; y < year; y++) days += lunarYearDays(y);
  const { leapMonth, days: leapDays } = getYearLeapMonth(year);
  for (let m = 1; m < month; m++) days += monthDays(year, m) + (m === leapMonth ? leapDays : 0);
  return LUNAR_EPOCH_DAYS + days + day - 1;
}

/** 清明: chinese-days computes the day of the month; only its formatting depends on the host's zone. */
function qingmingDay(year: number): number {
  const formatted = Number(getSolarTermDate(year, 4, 'pure_brightness').slice(8, 10));
  // West of UTC the package's UTC midnight prints as the day before.
  const hostShift = new Date(Date.UTC(year, 3, 15)).getDate() - 15;
  return formatted - hostShift;
}

export interface StatutoryHoliday {
  /** YYYY-MM-DD */
  date: string;
  name: string;
}

const utc = (year: number, month: number, day: number) => Date.UTC(year, month - 1, day) / DAY_MS;
const dateKey = (days: number) => new Date(days * DAY_MS).toISOString().slice(0, 10);
const isWeekend = (days: number) => {
  const weekday = new Date(days * DAY_MS).getUTCDay();
  return weekday === 0 || weekday === 6;
};

/** The statutory days off of a Gregorian year (with 补假), or none outside the rules' and the table's range. */
export function statutoryHolidays(year: number): StatutoryHoliday[] {
  if (year < STATUTORY_RULES_SINCE || year > LAST_LUNAR_YEAR) return [];
  const newYear = lunarToUtcDays(year, 1, 1);
  const blocks: { name: string; first: number; length: number }[] = [
    { name: '元旦', first: utc(year, 1, 1), length: 1 },
    { name: '春节', first: newYear - 1, length: 4 },
    { name: '清明节', first: utc(year, 4, qingmingDay(year)), length: 1 },
    { name: '劳动节', first: utc(year, 5, 1), length: 2 },
    { name: '端午节', first: lunarToUtcDays(year, 5, 5), length: 1 },
    { name: '中秋节', first: lunarToUtcDays(year, 8, 15), length: 1 },
    { name: '国庆节', first: utc(year, 10, 1), length: 3 },
  ];
  const off = new Map<number, string>();
  for (const block of blocks)
    for (let days = block.first; days < block.first + block.length; days++) off.set(days, block.name);
  for (const block of blocks) {
    let owed = 0;
    for (let days = block.first; days < block.first + block.length; days++) if (isWeekend(days)) owed++;
    for (let days = block.first + block.length; owed > 0; days++) {
      if (isWeekend(days) || off.has(days)) continue;
      off.set(days, `${block.name}(补假)`);
      owed--;
    }
  }
  return [...off.entries()]
    .filter(([days]) => dateKey(days).startsWith(String(year)))
    .sort(([a], [b]) => a - b)
    .map(([days, name]) => ({ date: dateKey(days), name }));
}
