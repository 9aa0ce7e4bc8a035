import { describe, expect, it } from 'vitest';
import { statutoryHolidays } from '../src/lib/statutory-holidays';
import { createWorkdayCalendar, missingScheduleYears } from '../src/lib/workdays';

const calendar = createWorkdayCalendar();

describe('work-day calendar', () => {
  it('counts Sunday 2026-09-20 as a work day: 调休 for the National Day holiday', () => {
    expect(calendar.isWorkday('2026-09-20')).toBe(true);
    expect(calendar.isWorkday('2026-10-10')).toBe(true);
  });

  it('has no work days in the National Day holiday 2026-10-01..07, although four are weekdays', () => {
    for (let day = 1; day <= 7; day++) expect(calendar.isWorkday(`2026-10-0${day}`)).toBe(false);
  });

  it('puts the first work day after Q3 closes on Thursday 2026-10-08', () => {
    expect(calendar.firstWorkdayOnOrAfter('2026-10-01')).toBe('2026-10-08');
    expect(calendar.firstWorkdayOnOrAfter('2026-10-08')).toBe('2026-10-08');
  });

  it('finds the last 3 work days of November 2026 across the weekend of the 28th and 29th', () => {
    expect(calendar.lastWorkdaysOfMonth('2026-11', 3)).toEqual(['2026-11-26', '2026-11-27', '2026-11-30']);
  });

  it('counts the 调休 Saturday 2026-02-28 among the last work days of February', () => {
    expect(calendar.lastWorkdaysOfMonth('2026-02', 3)).toEqual(['2026-02-26', '2026-02-27', '2026-02-28']);
  });

  it('skips the whole Spring Festival holiday (15–23 Feb 2026) to Tuesday the 24th', () => {
    expect(calendar.firstWorkdayOnOrAfter('2026-02-15')).toBe('2026-02-24');
  });

  it('lets a province-level override flip a date either way', () => {
    const zhejiang = createWorkdayCalendar({
      overrides: [
        { date: '2026-11-30', workday: false },
        { date: '2026-11-29', workday: true },
      ],
    });
    expect(zhejiang.isWorkday('2026-11-30')).toBe(false);
    expect(zhejiang.isWorkday('2026-11-29')).toBe(true);
    expect(zhejiang.lastWorkdaysOfMonth('2026-11', 3)).toEqual(['2026-11-26', '2026-11-27', '2026-11-29']);
  });

  it('a year far beyond the lunar table (2100+) falls back to Monday–Friday plus overrides', () => {
    const year = 2101;
    expect(calendar.isKnownYear(year)).toBe(false);
    expect(calendar.isWorkday(`${year}-01-03`)).toBe(true); // a Monday: no statutory table that far
    const withNewYear = createWorkdayCalendar({ overrides: [{ date: `${year}-01-03`, workday: false }] });
    expect(withNewYear.firstWorkdayOnOrAfter(`${year}-01-03`)).toBe(`${year}-01-04`);
  });

  it('gives the same answers on a server whose clock is set to a time zone west of UTC', () => {
    const saved = process.env.TZ;
    process.env.TZ = 'America/Los_Angeles';
    try {
      expect(calendar.isWorkday('2026-09-20')).toBe(true);
      expect(calendar.isWorkday('2026-09-19')).toBe(false);
      expect(calendar.firstWorkdayOnOrAfter('2026-10-01')).toBe('2026-10-08');
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('rejects malformed dates instead of guessing', () => {
    expect(() => calendar.isWorkday('2026-02-30')).toThrow(RangeError);
    expect(() => calendar.isWorkday('2026-9-20')).toThrow(RangeError);
    expect(() => calendar.lastWorkdaysOfMonth('2026-13', 1)).toThrow(RangeError);
  });
});

describe('routine send time (Shanghai time, CST = UTC+8)', () => {
  it('allows 08:30 to before 20:00 CST on a work day', () => {
    // Thursday 2026-10-08
    expect(calendar.isRoutineSendTime(new Date('2026-10-08T00:29:00Z'))).toBe(false); // 08:29 CST
    expect(calendar.isRoutineSendTime(new Date('2026-10-08T00:30:00Z'))).toBe(true); // 08:30 CST
    expect(calendar.isRoutineSendTime(new Date('2026-10-08T11:59:00Z'))).toBe(true); // 19:59 CST
    expect(calendar.isRoutineSendTime(new Date('2026-10-08T12:00:00Z'))).toBe(false); // 20:00 CST
  });

  it('uses the Shanghai date, not the UTC date', () => {
    // 2026-09-30 23:30 UTC is 2026-10-01 07:30 CST (holiday); 2026-10-08 01:00 UTC is 09:00 CST Thursday
    expect(calendar.isRoutineSendTime(new Date('2026-09-30T23:30:00Z'))).toBe(false);
    expect(calendar.isRoutineSendTime(new Date('2026-10-01T07:00:00Z'))).toBe(false);
    expect(calendar.isRoutineSendTime(new Date('2026-09-30T07:00:00Z'))).toBe(true); // 15:00 CST Wednesday
  });

  it('sends on a 调休 Sunday but not on an ordinary Sunday', () => {
    expect(calendar.isRoutineSendTime(new Date('2026-09-20T02:00:00Z'))).toBe(true); // 10:00 CST
    expect(calendar.isRoutineSendTime(new Date('2026-09-13T02:00:00Z'))).toBe(false);
  });

  it('honours a custom window', () => {
    const window = { from: '09:00', until: '17:30' };
    expect(calendar.isRoutineSendTime(new Date('2026-10-08T00:45:00Z'), window)).toBe(false); // 08:45
    expect(calendar.isRoutineSendTime(new Date('2026-10-08T09:29:00Z'), window)).toBe(true); // 17:29
  });
});

describe('a year without a published schedule (2027): the statutory holidays of 《全国年节及纪念日放假办法》 (2024)', () => {
  it('knows 2026 from the package and estimates 2027', () => {
    expect(calendar.isKnownYear(2026)).toBe(true);
    expect(calendar.isEstimatedYear(2026)).toBe(false);
    expect(calendar.isKnownYear(2027)).toBe(false);
    expect(calendar.isEstimatedYear(2027)).toBe(true);
  });

  it('keeps 2027-01-01 (元旦), the Spring Festival from 除夕 2027-02-05 and 国庆 1–3 October as days off', () => {
    expect(calendar.isWorkday('2027-01-01')).toBe(false); // a Friday
    for (const day of ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08'])
      expect(calendar.isWorkday(day)).toBe(false);
    for (const day of ['2027-10-01', '2027-10-02', '2027-10-03']) expect(calendar.isWorkday(day)).toBe(false);
    expect(calendar.isWorkday('2027-02-04')).toBe(true); // Thursday before 除夕
  });

  it('has 清明 (solar term, Monday 2027-04-05), 劳动节 1–2 May, 端午 (2027-06-09) and 中秋 (2027-09-15) off', () => {
    for (const day of ['2027-04-05', '2027-06-09', '2027-09-15']) expect(calendar.isWorkday(day)).toBe(false);
    expect(calendar.isWorkday('2027-04-06')).toBe(true);
    expect(
      statutoryHolidays(2027)
        .filter((h) => h.name === '劳动节')
        .map((h) => h.date),
    ).toEqual(['2027-05-01', '2027-05-02']);
  });

  it('makes up holidays that fall on a weekend on the following work days (Article 6 补假)', () => {
    // 国庆 2027: Friday 1st, Saturday 2nd, Sunday 3rd → Monday 4th and Tuesday 5th off
    expect(calendar.isWorkday('2027-10-04')).toBe(false);
    expect(calendar.isWorkday('2027-10-05')).toBe(false);
    expect(calendar.isWorkday('2027-10-06')).toBe(true);
    expect(calendar.firstWorkdayOnOrAfter('2027-10-01')).toBe('2027-10-06');
  });

  it('so the December 2026 overdue notices wait for Monday 2027-01-04, not New Year’s Day', () => {
    expect(calendar.firstWorkdayOnOrAfter('2027-01-01')).toBe('2027-01-04');
  });

  it('matches the published schedules of 2025 and 2026 on every statutory day (the package agrees)', () => {
    for (const year of [2025, 2026])
      for (const { date } of statutoryHolidays(year)) expect(calendar.isWorkday(date), date).toBe(false);
  });

  it('with the official schedule entered as overrides and confirmed, 2027 is no longer an estimate', () => {
    const official = createWorkdayCalendar({
      overrides: [
        { date: '2027-02-09', workday: false },
        { date: '2027-02-10', workday: false },
        { date: '2027-02-11', workday: false },
        { date: '2027-02-20', workday: true }, // a 调休 Saturday
      ],
      confirmedYears: [2027],
    });
    expect(official.isEstimatedYear(2027)).toBe(false);
    expect(official.isWorkday('2027-02-11')).toBe(false);
    expect(official.isWorkday('2027-02-20')).toBe(true);
    // The statutory days stay off unless an override says otherwise.
    expect(official.isWorkday('2027-01-01')).toBe(false);
    expect(official.isWorkday('2027-10-01')).toBe(false);
  });

  it('warns from 1 November of the year before: 2027 is missing on 2026-11-01, not on 2026-10-31', () => {
    expect(missingScheduleYears(calendar, '2026-10-31')).toEqual([]);
    expect(missingScheduleYears(calendar, '2026-11-01')).toEqual([2027]);
    expect(missingScheduleYears(calendar, '2027-03-01')).toEqual([2027]);
    expect(missingScheduleYears(createWorkdayCalendar({ confirmedYears: [2027] }), '2026-12-06')).toEqual([]);
  });

  it('gives the same 2027 days off on a server west of UTC', () => {
    const saved = process.env.TZ;
    process.env.TZ = 'America/Los_Angeles';
    try {
      const dates = statutoryHolidays(2027).map((h) => h.date);
      expect(dates).toContain('2027-02-05');
      expect(dates).toContain('2027-04-05');
      expect(dates).toContain('2027-06-09');
      expect(dates).toContain('2027-09-15');
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});
