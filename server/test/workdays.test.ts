import { describe, expect, it } from 'vitest';
import { createWorkdayCalendar } from '../src/lib/workdays';

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

  it('falls back to Monday–Friday plus overrides for a year whose schedule is not published yet', () => {
    const year = 2099;
    expect(calendar.isKnownYear(2026)).toBe(true);
    expect(calendar.isKnownYear(year)).toBe(false);
    expect(calendar.isWorkday(`${year}-01-01`)).toBe(true); // a Thursday: unknown holidays are not guessed
    expect(calendar.isWorkday(`${year}-01-03`)).toBe(false); // Saturday
    const withNewYear = createWorkdayCalendar({ overrides: [{ date: `${year}-01-01`, workday: false }] });
    expect(withNewYear.firstWorkdayOnOrAfter(`${year}-01-01`)).toBe(`${year}-01-02`);
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
