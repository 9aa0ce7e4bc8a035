import { formatTimeOfDay, type PolicySettings } from '@coordnet/shared/api/settings';
import { countyCodeOf } from '@coordnet/shared/domain/jurisdiction-code';
import { periodOf, previousPeriod, shanghaiDate } from '@coordnet/shared/domain/period';
import type { WorkdayCalendar } from '../../lib/workdays';

/**
 * What a county's reminders do on a day (seed §二(三) 工作联络机制): whether it is a routine send
 * time, whether the township groups hear what is still due, and which periods closed.
 */

/** A closed period's notices go out on the first work day after it, or a few days later if the server was down. */
const CATCH_UP_DAYS = 7;
const DAY_MS = 86_400_000;

export interface Plan {
  settings: PolicySettings;
  /** a work day inside the county's reminder window */
  routine: boolean;
  /** the township groups hear what is still due */
  due: boolean;
  /** periods closed and announced today */
  closed: { month: string; quarter: string | null } | null;
  /** decided on an estimated calendar: today's year has no official schedule yet */
  estimated: boolean;
}

const dayNumber = (date: string) =>
  Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / DAY_MS;

/**
 * Where a code's settings and calendar are read: settings are set down to the county, so a
 * township's, park's or community's are its county's; a county, city or province is its own.
 */
export const settingsNode = (code: string) => countyCodeOf(code);

/** The month (and quarter, when one ends with it) closed and announced today, if any. */
function closedPeriods(today: string, calendar: WorkdayCalendar): Plan['closed'] {
  const month = today.slice(0, 7);
  const closeDay = calendar.firstWorkdayOnOrAfter(`${month}-01`);
  const since = dayNumber(today) - dayNumber(closeDay);
  if (since < 0 || since >= CATCH_UP_DAYS) return null;
  const closedMonth = previousPeriod(month);
  const quarterEnds = Number(closedMonth.slice(5, 7)) % 3 === 0;
  return {
    month: closedMonth,
    quarter: quarterEnds
      ? periodOf(new Date(Date.UTC(+closedMonth.slice(0, 4), +closedMonth.slice(5, 7) - 1, 15)), 'quarter')
      : null,
  };
}

export function planAt(now: Date, settings: PolicySettings, calendar: WorkdayCalendar): Plan {
  const window = {
    from: formatTimeOfDay(settings.reminderWindowStart),
    until: formatTimeOfDay(settings.reminderWindowEnd),
  };
  const today = shanghaiDate(now);
  const estimated = calendar.isEstimatedYear(Number(today.slice(0, 4)));
  if (!calendar.isRoutineSendTime(now, window))
    return { settings, routine: false, due: false, closed: null, estimated };
  const month = today.slice(0, 7);
  const firstAfterReminderDay = calendar.firstWorkdayOnOrAfter(
    `${month}-${String(settings.reminderDayOfMonth).padStart(2, '0')}`,
  );
  // A reminder day whose next work day lies in the next month (the 28th of January 2025: 5 February)
  // still reminds within its own month, on the month's last work day.
  const fromDay = firstAfterReminderDay.startsWith(month)
    ? firstAfterReminderDay
    : (calendar.lastWorkdaysOfMonth(month, 1)[0] ?? firstAfterReminderDay);
  const due =
    fromDay === today || calendar.lastWorkdaysOfMonth(month, settings.reminderLastWorkdays).includes(today);
  return { settings, routine: true, due, closed: closedPeriods(today, calendar), estimated };
}
