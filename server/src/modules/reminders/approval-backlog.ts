import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { rowsOf, timestampColumn } from '../../db/rows';
import { codeRangeSql, rollupSql } from '../../db/rules-sql';
import { withinCodes } from '../../lib/scope';
import type { SettingsResolver } from '../settings/service';
import { townshipOf } from './open-sql';

const backlogRowSchema = z.object({
  approver: z.string(),
  id: z.string(),
  enterprise_id: z.string(),
  enterprise_name: z.string(),
  /** null when the visit's township is not in the jurisdictions */
  township_name: z.string().nullable(),
  author_name: z.string(),
  submitted_at: timestampColumn,
  total: z.coerce.number(),
});
export type BacklogRow = z.infer<typeof backlogRowSchema>;

/** Per county (SQL over jurisdictions `j`, and the counties `c` for the limit): who approves, after how many days, how many listed. */
function countySettings(resolver: SettingsResolver) {
  return {
    approver: resolver.caseOver(
      sql`j.code`,
      (s) => s.approverLevel,
      (level) => rollupSql(sql`j.code`, level),
    ),
    days: resolver.caseOver(
      sql`j.code`,
      (s) => s.approvalReminderDays,
      (v) => sql`${v}::int`,
    ),
    limit: resolver.caseOver(
      sql`c.approver`,
      (s) => s.reminderListLimit,
      (v) => sql`${v}::int`,
    ),
  };
}

/**
 * Visits submitted and not decided for more than the county's `approvalReminderDays`, under the
 * jurisdiction that approves them (the county's `approverLevel`): the oldest first, at most the
 * approver's list limit each, with the count.
 */
export async function approvalBacklog(
  db: Pick<Db, 'execute'>,
  p: { provinces: readonly string[]; resolver: SettingsResolver; now: Date },
): Promise<BacklogRow[]> {
  if (p.provinces.length === 0) return [];
  const { approver, days, limit } = countySettings(p.resolver);
  // Settings stop at the county, so each county's waiting visits share one approver, threshold
  // and limit. Per county, the index of waiting visits gives the count and the oldest `limit`
  // (a top-N, not a sort of the whole backlog); an approver above the county merges its counties'
  // lists. Names are joined only for the listed visits.
  const result = await db.execute(sql`
    with c as (
      select j.code as county, ${approver} as approver, ${days} as days
        from jurisdictions j
       where j.level = 'county' and ${withinCodes(sql`j.code`, p.provinces)}
    ), waiting as (
      select c.county, c.approver, c.lim, x.*
        from (select c.*, ${limit} as lim from c) c
        cross join lateral (
          select l.id, l.jurisdiction_code, l.updated_at, count(*) over ()::int as waiting
            from duty_logs l
           where l.kind = 'visit' and l.status = 'submitted'
             and ${codeRangeSql(sql`l.jurisdiction_code`, sql`c.county`, 'county')}
             and l.updated_at < ${p.now.toISOString()}::timestamptz - make_interval(days => c.days)
           order by l.updated_at, l.id
           limit c.lim
        ) x
    ), ranked as (
      select w.*, row_number() over (partition by w.approver order by w.updated_at, w.id) as rn
        from waiting w
    ), totals as (
      select approver, sum(waiting)::int as total
        from (select distinct county, approver, waiting from waiting) per_county
       group by approver
    )
    select r.approver, r.id, e.id as enterprise_id, e.name as enterprise_name, tj.name as township_name,
           u.name as author_name, r.updated_at as submitted_at, t.total
      from ranked r
      join totals t on t.approver = r.approver
      join duty_logs l on l.id = r.id
      join enterprises e on e.id = l.enterprise_id
      join users u on u.id = l.author_user_id
      left join jurisdictions tj on tj.code = ${townshipOf(sql`r.jurisdiction_code`)}
     where r.rn <= r.lim
     order by r.approver, r.rn`);
  return rowsOf(backlogRowSchema, result);
}
