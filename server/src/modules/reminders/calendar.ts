import { asc, eq, sql } from 'drizzle-orm';
import type { WorkdayOverride, WorkdayOverrides } from '@coordnet/shared/api/reminders';
import { isValidDivisionCode, jurisdictionLevelOf } from '@coordnet/shared/domain/jurisdiction-code';
import type { Db } from '../../db/client';
import { workdayOverrides } from '../../db/schema/reminders';
import { writeAudit } from '../../lib/audit';
import type { Clock } from '../../lib/clock';
import { badRequest, forbidden, notFound } from '../../lib/errors';
import { canManage, canRead, type Scope } from '../../lib/scope';
import { createWorkdayCalendar, type WorkdayCalendar } from '../../lib/workdays';
import type { JurisdictionRepository } from '../jurisdictions/repository';

/** The province a code belongs to: the calendar (official schedule + the province's overrides) is per province. */
export const provinceOf = (code: string) => code.slice(0, 2).padEnd(12, '0');

/** Every province's work-day calendar, loaded in one query. */
export async function loadCalendars(db: Pick<Db, 'select'>): Promise<(code: string) => WorkdayCalendar> {
  const rows = await db
    .select({
      province: workdayOverrides.provinceCode,
      date: workdayOverrides.date,
      workday: workdayOverrides.workday,
    })
    .from(workdayOverrides);
  const byProvince = new Map<string, { date: string; workday: boolean }[]>();
  for (const row of rows) {
    const list = byProvince.get(row.province) ?? [];
    list.push({ date: String(row.date), workday: row.workday });
    byProvince.set(row.province, list);
  }
  const calendars = new Map<string, WorkdayCalendar>();
  return (code) => {
    const province = provinceOf(code);
    let calendar = calendars.get(province);
    if (!calendar) {
      calendar = createWorkdayCalendar({ overrides: byProvince.get(province) ?? [] });
      calendars.set(province, calendar);
    }
    return calendar;
  };
}

const KNOWN_YEARS_PROBE = Array.from({ length: 30 }, (_, i) => 2004 + i);

/**
 * Province-level overrides of the work-day calendar: read by anyone in the province, replaced by
 * the province's manager supervisors.
 */
export function createCalendarService(deps: { db: Db; clock: Clock; jurisdictions: JurisdictionRepository }) {
  const { db, clock } = deps;

  async function respond(scope: Scope, province: string): Promise<WorkdayOverrides> {
    const jurisdiction = await deps.jurisdictions.findByCode(province);
    if (!jurisdiction) throw notFound();
    const rows = await db
      .select()
      .from(workdayOverrides)
      .where(eq(workdayOverrides.provinceCode, province))
      .orderBy(asc(workdayOverrides.date));
    const calendar = createWorkdayCalendar();
    return {
      province,
      provinceName: jurisdiction.name,
      overrides: rows.map((r) => ({ date: String(r.date), workday: r.workday, note: r.note })),
      knownYears: KNOWN_YEARS_PROBE.filter((y) => calendar.isKnownYear(y)),
      editable: canManage(scope, province),
    };
  }

  function provinceFor(scope: Scope, code: string | undefined): string {
    if (!code) throw forbidden('只有乡镇(街道)、工业园区及以上的协调员和人力社保局人员可以查看工作日历');
    if (!isValidDivisionCode(code) || jurisdictionLevelOf(code) !== 'province')
      throw badRequest('workday_overrides_province_only');
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
      actor: { scope: Scope; ip: string | null },
      province: string,
      overrides: readonly WorkdayOverride[],
    ): Promise<WorkdayOverrides> {
      const code = provinceFor(actor.scope, province);
      if (!canManage(actor.scope, code)) throw forbidden('只有省级人力社保部门管理人员可以调整工作日历');
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
              updatedByUserId: actor.scope.userId,
              updatedAt: now,
            })),
          );
        await writeAudit(tx, {
          actorUserId: actor.scope.userId,
          action: 'workday_overrides.update',
          entityType: 'workday_overrides',
          entityId: code,
          before,
          after: overrides,
          ip: actor.ip,
        });
      });
      return respond(actor.scope, code);
    },
  };
}

export type CalendarService = ReturnType<typeof createCalendarService>;
