import { describe, it, expect } from 'vitest';
import {
  PERIOD_LABELS,
  daysLeftInPeriod,
  formatPeriod,
  isPeriodClosed,
  monthsOfQuarter,
  nextPeriod,
  parsePeriod,
  periodKindOf,
  periodOf,
  periodRange,
  previousPeriod,
  shanghaiDate,
  shanghaiParts,
} from '../src/domain/period';

const at = (iso: string): Date => new Date(iso);

describe('periodOf', () => {
  it('DOMAIN §4: 2026-03-31T16:00:00Z is already April, Q2, 2026 in Shanghai', () => {
    const t = at('2026-03-31T16:00:00Z');
    expect(periodOf(t, 'month')).toBe('2026-04');
    expect(periodOf(t, 'quarter')).toBe('2026-Q2');
    expect(periodOf(t, 'year')).toBe('2026');
  });

  it('DOMAIN §4: 2026-03-31T15:59:59Z is still March and Q1', () => {
    const t = at('2026-03-31T15:59:59Z');
    expect(periodOf(t, 'month')).toBe('2026-03');
    expect(periodOf(t, 'quarter')).toBe('2026-Q1');
  });

  it('DOMAIN §4: 2025-12-31T16:00:00Z is already 2026', () => {
    const t = at('2025-12-31T16:00:00Z');
    expect(periodOf(t, 'month')).toBe('2026-01');
    expect(periodOf(t, 'quarter')).toBe('2026-Q1');
    expect(periodOf(t, 'year')).toBe('2026');
  });

  it('does not depend on the host time zone', () => {
    const saved = process.env.TZ;
    try {
      for (const tz of ['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati', 'Asia/Shanghai']) {
        process.env.TZ = tz;
        expect(periodOf(at('2026-03-31T16:00:00Z'), 'month')).toBe('2026-04');
        expect(shanghaiDate(at('2026-03-31T15:59:59Z'))).toBe('2026-03-31');
        expect(periodRange('2026-Q4').start.toISOString()).toBe('2026-09-30T16:00:00.000Z');
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});

describe('parsePeriod and periodKindOf', () => {
  it('parses the three key shapes', () => {
    expect(parsePeriod('2026-11')).toEqual({ kind: 'month', year: 2026, month: 11 });
    expect(parsePeriod('2026-Q4')).toEqual({ kind: 'quarter', year: 2026, quarter: 4 });
    expect(parsePeriod('2026')).toEqual({ kind: 'year', year: 2026 });
    expect(periodKindOf('2026-01')).toBe('month');
    expect(periodKindOf('2026-Q1')).toBe('quarter');
    expect(periodKindOf('2026')).toBe('year');
  });

  it('rejects bad keys', () => {
    for (const key of [
      '2026-13',
      '2026-00',
      '2026-Q5',
      '2026-Q0',
      '2026-1',
      '26',
      '2026-q4',
      ' 2026',
      '2026-11-01',
      '',
    ]) {
      expect(parsePeriod(key), key).toBeNull();
      expect(periodKindOf(key), key).toBeNull();
    }
  });

  it('other functions throw on bad keys', () => {
    expect(() => periodRange('2026-13')).toThrow(RangeError);
    expect(() => formatPeriod('2026-Q5')).toThrow(RangeError);
  });
});

describe('periodRange', () => {
  const iso = (key: string) => {
    const { start, end } = periodRange(key);
    return [start.toISOString(), end.toISOString()];
  };

  it('covers a quarter, end exclusive', () => {
    expect(iso('2026-Q4')).toEqual(['2026-09-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z']);
  });

  it('covers a month and a year', () => {
    expect(iso('2026-02')).toEqual(['2026-01-31T16:00:00.000Z', '2026-02-28T16:00:00.000Z']);
    expect(iso('2026-12')).toEqual(['2026-11-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z']);
    expect(iso('2026')).toEqual(['2025-12-31T16:00:00.000Z', '2026-12-31T16:00:00.000Z']);
  });
});

describe('isPeriodClosed', () => {
  it('closes at the exclusive end', () => {
    expect(isPeriodClosed('2026-03', at('2026-03-31T15:59:59.999Z'))).toBe(false);
    expect(isPeriodClosed('2026-03', at('2026-03-31T16:00:00Z'))).toBe(true);
    expect(isPeriodClosed('2026-Q2', at('2026-03-31T16:00:00Z'))).toBe(false);
  });
});

describe('previousPeriod and nextPeriod', () => {
  it('crosses year boundaries', () => {
    expect(previousPeriod('2026-01')).toBe('2025-12');
    expect(nextPeriod('2025-12')).toBe('2026-01');
    expect(previousPeriod('2026-Q1')).toBe('2025-Q4');
    expect(nextPeriod('2026-Q4')).toBe('2027-Q1');
    expect(previousPeriod('2026')).toBe('2025');
    expect(nextPeriod('2026')).toBe('2027');
  });

  it('steps within a year', () => {
    expect(previousPeriod('2026-11')).toBe('2026-10');
    expect(nextPeriod('2026-Q2')).toBe('2026-Q3');
  });
});

describe('shanghaiDate and shanghaiParts', () => {
  it('reads the wall clock in Shanghai', () => {
    expect(shanghaiDate(at('2026-03-31T16:00:00Z'))).toBe('2026-04-01');
    expect(shanghaiParts(at('2026-03-31T16:30:00Z'))).toEqual({
      year: 2026,
      month: 4,
      day: 1,
      hour: 0,
      minute: 30,
      weekday: 3,
    });
  });

  it('rejects an invalid date', () => {
    expect(() => shanghaiParts(new Date('nope'))).toThrow(RangeError);
  });
});

describe('daysLeftInPeriod', () => {
  it('counts Shanghai calendar days including today', () => {
    expect(daysLeftInPeriod('2026-11', at('2026-11-30T15:59:59Z'))).toBe(1);
    expect(daysLeftInPeriod('2026-11', at('2026-11-29T16:00:00Z'))).toBe(1);
    expect(daysLeftInPeriod('2026-11', at('2026-11-29T15:59:59Z'))).toBe(2);
    expect(daysLeftInPeriod('2026-11', at('2026-10-31T16:00:00Z'))).toBe(30);
    expect(daysLeftInPeriod('2026-Q4', at('2026-12-01T04:00:00Z'))).toBe(31);
  });

  it('is 0 when closed and the whole length when not started', () => {
    expect(daysLeftInPeriod('2026-11', at('2026-11-30T16:00:00Z'))).toBe(0);
    expect(daysLeftInPeriod('2026-02', at('2025-06-01T00:00:00Z'))).toBe(28);
  });
});

describe('monthsOfQuarter', () => {
  it('lists the three months', () => {
    expect(monthsOfQuarter('2026-Q4')).toEqual(['2026-10', '2026-11', '2026-12']);
    expect(monthsOfQuarter('2026-Q1')).toEqual(['2026-01', '2026-02', '2026-03']);
  });

  it('throws for a non-quarter key', () => {
    expect(() => monthsOfQuarter('2026-11')).toThrow(RangeError);
  });
});

describe('formatPeriod and PERIOD_LABELS', () => {
  it('formats keys in Chinese', () => {
    expect(formatPeriod('2026-11')).toBe('2026年11月');
    expect(formatPeriod('2026-01')).toBe('2026年1月');
    expect(formatPeriod('2026-Q4')).toBe('2026年第四季度');
    expect(formatPeriod('2026-Q1')).toBe('2026年第一季度');
    expect(formatPeriod('2026')).toBe('2026年');
    expect(PERIOD_LABELS).toEqual({ month: '月度', quarter: '季度', year: '年度' });
  });
});
