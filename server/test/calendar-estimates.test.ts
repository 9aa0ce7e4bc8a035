import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reminder } from '@coordnet/shared/api/reminders';
import { addGroup, createReminderHarness, cst, shown, tick, type ReminderHarness } from './helpers/reminders';
import { createTestApp, type TestApp } from './helpers/test-app';

/**
 * A year whose State Council holiday schedule is not published yet (2027, seen from December 2026):
 * reminders fall back to the statutory holidays and say so, until the province enters the official
 * schedule under 工作日调整 — seed §二(三) 分层级建立工作群, reminders only on work days.
 */

const PROVINCE = '330000000000';
const overridesUrl = '/api/v1/reminders/workday-overrides';

describe('seed §二(三) reminders in a year without a published schedule (2027)', () => {
  let h: ReminderHarness;
  let sandun: Awaited<ReturnType<typeof addGroup>>;

  beforeAll(async () => {
    h = await createReminderHarness({ now: cst('2026-12-06', '09:00').toISOString() });
    sandun = await addGroup(h, '330106109000');
  });
  afterAll(() => h.close());

  it('tells province managers on 工作日调整 from 1 November 2026 that 2027 is missing, with the estimated days off', async () => {
    const res = await h.t.request({ method: 'GET', url: overridesUrl, as: '陈建国' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.missingYears).toEqual([2027]);
    expect(body.confirmedYears).toEqual([]);
    expect(body.estimatedHolidays).toEqual(
      expect.arrayContaining([
        { date: '2027-01-01', name: '元旦' },
        { date: '2027-02-05', name: '春节' },
        { date: '2027-10-01', name: '国庆节' },
      ]),
    );
  });

  it('sends no December 2026 overdue notice on New Year’s Day 2027 but on Monday the 4th, marked as planned on an estimated calendar', async () => {
    await tick(h, cst('2026-12-31', '19:00')); // whatever December still has to say
    const before = shown(h, sandun.accessToken).length;
    await tick(h, cst('2027-01-01', '09:00'));
    await tick(h, cst('2027-01-02', '09:00'));
    await tick(h, cst('2027-01-03', '09:00'));
    expect(shown(h, sandun.accessToken).length).toBe(before);

    await tick(h, cst('2027-01-04', '09:00'));
    const titles = shown(h, sandun.accessToken)
      .slice(before)
      .map((m) => m.title);
    expect(titles.some((t) => t.includes('逾期'))).toBe(true);

    const history = await h.t.request({ method: 'GET', url: '/api/v1/reminders?limit=50', as: '王海峰' });
    const items = history.json().items as Reminder[];
    const overdue = items.filter((r) => r.rule === 'overdue' && r.period === '2026-12');
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.every((r) => r.estimatedCalendar)).toBe(true);
    // December's own reminders were planned on the published 2026 calendar.
    expect(items.filter((r) => r.createdAt < '2027').every((r) => !r.estimatedCalendar)).toBe(true);
  });

  it('sends nothing in the estimated Spring Festival 2027 (除夕 2027-02-05 to 初三) ', async () => {
    const before = shown(h, sandun.accessToken).length;
    for (const day of ['2027-02-05', '2027-02-08']) await tick(h, cst(day, '10:00'));
    expect(shown(h, sandun.accessToken).length).toBe(before);
  });

  it('a confirmation needs the year’s dates entered, and a published year needs none (400 with a Chinese reason)', async () => {
    const empty = await h.t.request({
      method: 'PUT',
      url: overridesUrl,
      as: '陈建国',
      payload: { province: PROVINCE, overrides: [], confirmedYears: [2027] },
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({ code: 'workday_year_without_overrides' });
    expect(empty.json().message).toContain('2027');
    const published = await h.t.request({
      method: 'PUT',
      url: overridesUrl,
      as: '陈建国',
      payload: {
        province: PROVINCE,
        overrides: [{ date: '2026-12-31', workday: false }],
        confirmedYears: [2026],
      },
    });
    expect(published.statusCode).toBe(400);
    expect(published.json().code).toBe('workday_year_published');
  });

  it('entering the official 2027 schedule and confirming it clears the warning; later reminders are no longer marked', async () => {
    const res = await h.t.request({
      method: 'PUT',
      url: overridesUrl,
      as: '陈建国',
      payload: {
        province: PROVINCE,
        overrides: [
          { date: '2027-02-09', workday: false, note: '2027年春节' },
          { date: '2027-02-10', workday: false, note: '2027年春节' },
          { date: '2027-02-11', workday: false, note: '2027年春节' },
          { date: '2027-02-20', workday: true, note: '2027年春节调休' },
        ],
        confirmedYears: [2027],
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ confirmedYears: [2027], missingYears: [] });

    // The first work day after January closes: Monday 1 February 2027.
    await tick(h, cst('2027-02-01', '09:00'));
    const history = await h.t.request({ method: 'GET', url: '/api/v1/reminders?limit=50', as: '王海峰' });
    const january = (
      history.json().items as { period: string; rule: string; estimatedCalendar: boolean }[]
    ).filter((r) => r.rule === 'overdue' && r.period === '2027-01');
    expect(january.length).toBeGreaterThan(0);
    expect(january.every((r) => !r.estimatedCalendar)).toBe(true);

    // The official 调休 Saturday is a work day, an entered holiday is not.
    const before = shown(h, sandun.accessToken).length;
    await tick(h, cst('2027-02-11', '10:00'));
    expect(shown(h, sandun.accessToken).length).toBe(before);
  });
});

describe('seed §二(三) the reminder day of a month whose next work day lies in the next month', () => {
  let h: ReminderHarness;
  let sandun: Awaited<ReturnType<typeof addGroup>>;

  beforeAll(async () => {
    h = await createReminderHarness({ now: cst('2025-01-06', '09:00').toISOString() });
    sandun = await addGroup(h, '330106109000');
    const res = await h.t.request({
      method: 'PUT',
      url: '/api/v1/settings/330106000000',
      as: '王海峰',
      payload: { reminderDayOfMonth: 28, reminderLastWorkdays: 0 },
    });
    expect(res.statusCode).toBe(200);
  });
  afterAll(() => h.close());

  it('day 28 in January 2025 (next work day 5 February) still reminds on January’s last work day, the 27th', async () => {
    await tick(h, cst('2025-01-24', '09:00'));
    await tick(h, cst('2025-01-26', '09:00')); // a 调休 Sunday, but not the last work day
    expect(shown(h, sandun.accessToken)).toEqual([]);
    await tick(h, cst('2025-01-27', '09:00'));
    expect(shown(h, sandun.accessToken).map((m) => m.title)).toEqual([
      '三墩镇待完成的联络和走访（截至1月27日）',
    ]);
    // 5 February is not a reminder day of February (its 28th is): nothing more about what is due.
    await tick(h, cst('2025-02-05', '09:00'));
    expect(shown(h, sandun.accessToken).filter((m) => m.title.includes('待完成'))).toHaveLength(1);
  });
});

describe('seed §二(三) the missing schedule is said loudly to ops', () => {
  let t: TestApp;
  const lines: string[] = [];

  beforeAll(async () => {
    t = await createTestApp({
      now: '2026-12-06T01:00:00Z',
      logger: { level: 'warn', stream: { write: (line: string) => void lines.push(line) } },
    });
  });
  afterAll(() => t.close());

  const warnings = () => lines.filter((l) => l.includes('official holiday schedule missing'));

  it('warns in the log once a day, naming the province and the year', async () => {
    expect(warnings()).toHaveLength(1); // at start
    expect(JSON.parse(warnings()[0]!).missing).toEqual([
      { province: PROVINCE, name: '浙江省', years: [2027] },
    ]);
    await t.app.calendarWatch.check();
    expect(warnings()).toHaveLength(1);
    t.clock.set('2026-12-07T01:00:00Z');
    await t.app.calendarWatch.check();
    expect(warnings()).toHaveLength(2);
  });

  it('exposes a gauge in /metrics that drops to 0 once the year is confirmed', async () => {
    const before = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(before.body).toContain(`workday_schedule_missing_years{province="${PROVINCE}"} 1`);
    const put = await t.request({
      method: 'PUT',
      url: overridesUrl,
      as: '陈建国',
      payload: {
        province: PROVINCE,
        overrides: [{ date: '2027-02-20', workday: true }],
        confirmedYears: [2027],
      },
    });
    expect(put.statusCode).toBe(200);
    const after = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(after.body).toContain(`workday_schedule_missing_years{province="${PROVINCE}"} 0`);
  });

  it('does not warn before 1 November: on 2026-10-31 nothing is missing', async () => {
    t.clock.set('2026-10-31T01:00:00Z');
    const status = await t.app.calendarWatch.check();
    expect(status.every((s) => s.missingYears.length === 0)).toBe(true);
  });
});
