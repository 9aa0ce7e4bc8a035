import { asc, eq, sql } from 'drizzle-orm';
import type { WorkdayOverride, WorkdayOverrides } from '@coordnet/shared/api/reminders';
import { isValidDivisionCode, jurisdictionLevelOf } from '@coordnet/shared/domain/jurisdiction-code';
import { shanghaiDate } from '@coordnet/shared/domain/period';
import type { Db } from '../../db/client';
import { jurisdictions } from '../../db/schema/jurisdictions';
import { workdayOverrides, workdayScheduleYears } from '../../db/schema/reminders';
import { writeAudit } from '../../lib/audit';
import type { Clock } from '../../lib/clock';
import { AppError, forbidden, notFound } from '../../lib/errors';
import { canManage, canRead, type Scope } from '../../lib/scope';
import { statutoryHolidays } from '../../lib/statutory-holidays';
import {
  createWorkdayCalendar,
  missingScheduleYears,
  PUBLISHED_YEARS,
  type WorkdayCalendar,
} from '../../lib/workdays';
import type { JurisdictionRepository } from '../jurisdictions/repository';
import type { Actor } from '../auth/principal';

/** The province a code belongs to: the calendar (official schedule + the province's overrides) is per province. */
export const provinceOf = (code: string) => code.slice(0, 2).padEnd(12, '0');

/** Every province's work-day calendar, loaded in two queries. */
export async function loadCalendars(db: Pick<Db, 'select'>): Promise<(code: string) => WorkdayCalendar> {
  const [rows, years] = await Promise.all([
    db
      .select({
        province: workdayOverrides.provinceCode,
        date: workdayOverrides.date,
        workday: workdayOverrides.workday,
      })
      .from(workdayOverrides),
    db
      .select({ province: workdayScheduleYears.provinceCode, year: workdayScheduleYears.year })
      .from(workdayScheduleYears),
  ]);
  const byProvince = new Map<string, { date: string; workday: boolean }[]>();
  for (const row of rows) {
    const list = byProvince.get(row.province) ?? [];
    list.push({ date: String(row.date), workday: row.workday });
    byProvince.set(row.province, list);
  }
  const confirmedBy = new Map<string, number[]>();
  for (const row of years)
    confirmedBy.set(row.province, [...(confirmedBy.get(row.province) ?? []), row.year]);
  const calendars = new Map<string, WorkdayCalendar>();
  return (code) => {
    const province = provinceOf(code);
    let calendar = calendars.get(province);
    if (!calendar) {
      calendar = createWorkdayCalendar({
        overrides: byProvince.get(province) ?? [],
        confirmedYears: confirmedBy.get(province) ?? [],
      });
      calendars.set(province, calendar);
    }
    return calendar;
  };
}

export interface ScheduleStatus {
  province: string;
  name: string;
  /** Years whose official schedule is missing today (this year; from 1 November also the next). */
  missingYears: number[];
}

/** Per province, the years whose official schedule is missing on the clock's (Shanghai) date. */
export async function scheduleStatus(
  db: Pick<Db, 'select' | 'execute'>,
  now: Date,
): Promise<ScheduleStatus[]> {
  // Both reads start inside async functions, so a read that fails at once rejects like one that
  // fails later and neither promise is left without a handler.
  const provincesOf = async () =>
    db
      .select({ code: jurisdictions.code, name: jurisdictions.name })
      .from(jurisdictions)
      .where(eq(jurisdictions.level, 'province'))
      .orderBy(asc(jurisdictions.code));
  const [calendarFor, provinces] = await Promise.all([loadCalendars(db), provincesOf()]);
  const today = shanghaiDate(now);
  return provinces.map((p) => ({
    province: p.code,
    name: p.name,
    missingYears: missingScheduleYears(calendarFor(p.code), today),
  }));
}

/**
 * Province-level overrides of the work-day calendar: read by anyone in the province, replaced by
 * the province's manager supervisors.
 */
export function createCalendarService(deps: { db: Db; clock: Clock; jurisdictions: JurisdictionRepository }) {
  const { db, clock } = deps;

  async function respond(scope: Scope, province: string): Promise<WorkdayOverrides> {
    const jurisdiction = await deps.jurisdictions.findByCode(province);
    if (!jurisdiction) throw notFound();
    const [rows, years] = await Promise.all([
      db
        .select()
        .from(workdayOverrides)
        .where(eq(workdayOverrides.provinceCode, province))
        .orderBy(asc(workdayOverrides.date)),
      db
        .select({ year: workdayScheduleYears.year })
        .from(workdayScheduleYears)
        .where(eq(workdayScheduleYears.provinceCode, province))
        .orderBy(asc(workdayScheduleYears.year)),
    ]);
    const confirmedYears = years.map((y) => y.year);
    const calendar = createWorkdayCalendar({ confirmedYears });
    const missingYears = missingScheduleYears(calendar, shanghaiDate(clock.now()));
    return {
      province,
      provinceName: jurisdiction.name,
      overrides: rows.map((r) => ({ date: String(r.date), workday: r.workday, note: r.note })),
      knownYears: [...PUBLISHED_YEARS],
      confirmedYears,
      missingYears,
      estimatedHolidays: missingYears.flatMap((year) => statutoryHolidays(year)),
      editable: canManage(scope, province),
    };
  }

  function provinceFor(scope: Scope, code: string | undefined): string {
    if (!code) throw forbidden('只有乡镇(街道)、工业园区及以上的协调员和人力社保局人员可以查看工作日历');
    if (!isValidDivisionCode(code) || jurisdictionLevelOf(code) !== 'province')
      throw new AppError('workday_overrides_province_only');
    // Anyone inside the province is bound by its calendar, so may read it.
    if (!canRead(scope, code) && !scope.rootCodes.some((root) => provinceOf(root) === code)) throw notFound();
    return code;
  }

  return {
    async get(scope: Scope, province: string | undefined): Promise<WorkdayOverrides> {
      const mine = scope.rootCodes[0] ? provinceOf(scope.rootCodes[0]) : undefined;
      return respond(scope, provinceFor(scope, province ?? mine));
    },

    async put(
      actor: Actor,
      province: string,
      overrides: readonly WorkdayOverride[],
      confirmedYears?: readonly number[],
    ): Promise<WorkdayOverrides> {
      const code = provinceFor(actor.principal.scope, province);
      if (!canManage(actor.principal.scope, code))
        throw forbidden('只有省级人力社保部门管理人员可以调整工作日历');
      for (const year of confirmedYears ?? []) {
        if (PUBLISHED_YEARS.includes(year))
          throw new AppError('workday_year_published', `${year} 年的国务院放假安排已内置，无需确认`);
        if (!overrides.some((o) => o.date.startsWith(`${year}-`)))
          throw new AppError(
            'workday_year_without_overrides',
            `请先录入 ${year} 年的放假和调休上班日期，再确认已录入完整`,
          );
      }
      const now = clock.now();
      await db.transaction(async (tx) => {
        const before = await tx
          .select({
            date: workdayOverrides.date,
            workday: workdayOverrides.workday,
            note: workdayOverrides.note,
          })
          .from(workdayOverrides)
          .where(eq(workdayOverrides.provinceCode, code))
          .orderBy(asc(workdayOverrides.date));
        await tx.delete(workdayOverrides).where(sql`${workdayOverrides.provinceCode} = ${code}`);
        if (overrides.length > 0)
          await tx.insert(workdayOverrides).values(
            overrides.map((o) => ({
              provinceCode: code,
              date: o.date,
              workday: o.workday,
              note: o.note ?? null,
              updatedByUserId: actor.principal.scope.userId,
              updatedAt: now,
            })),
          );
        const yearsBefore = await tx
          .select({ year: workdayScheduleYears.year })
          .from(workdayScheduleYears)
          .where(eq(workdayScheduleYears.provinceCode, code))
          .orderBy(asc(workdayScheduleYears.year));
        if (confirmedYears) {
          await tx.delete(workdayScheduleYears).where(eq(workdayScheduleYears.provinceCode, code));
          const years = [...new Set(confirmedYears)];
          if (years.length > 0)
            await tx.insert(workdayScheduleYears).values(
              years.map((year) => ({
                provinceCode: code,
                year,
                confirmedByUserId: actor.principal.scope.userId,
                confirmedAt: now,
              })),
            );
        }
        await writeAudit(tx, {
          actorUserId: actor.principal.scope.userId,
          action: 'workday_overrides.update',
          entityType: 'workday_overrides',
          entityId: code,
          before: { overrides: before, confirmedYears: yearsBefore.map((y) => y.year) },
          after: { overrides, confirmedYears: confirmedYears ?? yearsBefore.map((y) => y.year) },
          ip: actor.ip,
        });
      });
      return respond(actor.principal.scope, code);
    },
  };
}

export type CalendarService = ReturnType<typeof createCalendarService>;
