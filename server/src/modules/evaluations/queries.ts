import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { codePrefixSql, qualifyingFor } from '../../db/rules-sql';
import { dutyLogEvents, dutyLogs } from '../../db/schema/duty-logs';
import { enterprises } from '../../db/schema/enterprises';
import { coordinatorRoles } from '../../db/schema/people';

export const evaluationMetricRowSchema = z.object({
  role_id: z.string(),
  user_id: z.string(),
  jurisdiction_code: z.string(),
  enterprises: z.coerce.number(),
  large_medium: z.coerce.number(),
  key_enterprises: z.coerce.number(),
  contacted_months: z.coerce.number(),
  visited_quarters: z.coerce.number(),
  contacts: z.coerce.number(),
  visits: z.coerce.number(),
  worker_services: z.coerce.number(),
  approved: z.coerce.number(),
  rejections: z.coerce.number(),
  duties_covered: z.coerce.number(),
  risk_reports: z.coerce.number(),
});
export type EvaluationMetricRow = z.infer<typeof evaluationMetricRowSchema>;

const list = (values: readonly string[]) =>
  values.length === 0
    ? sql`(null::text)`
    : sql`(${sql.join(
        values.map((v) => sql`${v}::text`),
        sql`, `,
      )})`;

/**
 * The indicators of every grassroots post (township, park, community) of one county held during
 * the year, in one statement: a post's enterprises are the active, in-scope ones under its
 * jurisdiction (a township's or park's nine-digit prefix, a community's own code); its work is the
 * contacts and visits its holder logged at them in the year (by occurred_at, Asia/Shanghai).
 */
export function evaluationMetricsQuery(p: {
  countyPrefix: string;
  yearStart: Date;
  yearEnd: Date;
  firstDay: string;
  lastDay: string;
  months: readonly string[];
  quarters: readonly string[];
}): SQL {
  const start = p.yearStart.toISOString();
  const end = p.yearEnd.toISOString();
  // A contact, or a visit that is not rejected or withdrawn, counts as that month's contact (C1),
  // and the visits that count for C2 are the submitted or approved ones (shared/src/domain/duty-rules.ts).
  const counts = qualifyingFor('C1');
  return sql`
    with posts as (
      select cr.id as role_id, cr.user_id, cr.jurisdiction_code,
             case when cr.kind = 'community' then cr.jurisdiction_code
                  else ${codePrefixSql(sql`cr.jurisdiction_code`, 'township')} end as prefix
        from ${coordinatorRoles} cr
       where cr.kind in ('township', 'park', 'community')
         and cr.jurisdiction_code like ${`${p.countyPrefix}%`}
         and cr.valid_from <= ${p.lastDay}::date
         and (cr.valid_to is null or cr.valid_to >= ${p.firstDay}::date)
    ), ents as (
      select p.role_id,
             count(e.id)::int as enterprises,
             (count(e.id) filter (where e.size in ('large', 'medium')))::int as large_medium,
             (count(e.id) filter (where e.is_key))::int as key_enterprises
        from posts p
        left join ${enterprises} e
          on e.jurisdiction_code like p.prefix || '%' and e.status = 'active' and e.in_scope
       group by p.role_id
    ), logs as (
      select p.role_id, l.id, l.kind, l.status, l.enterprise_id::text as enterprise, l.duties,
             to_char(l.occurred_at at time zone 'Asia/Shanghai', 'YYYY-MM') as month,
             to_char(l.occurred_at at time zone 'Asia/Shanghai', 'YYYY-"Q"Q') as quarter
        from posts p
        join ${dutyLogs} l
          on l.author_user_id = p.user_id and l.jurisdiction_code like p.prefix || '%'
       where l.kind in ('contact', 'visit')
         and l.occurred_at >= ${start}::timestamptz and l.occurred_at < ${end}::timestamptz
    ), work as (
      select l.role_id,
             (count(distinct l.enterprise || l.month)
                filter (where ${counts} and l.month in ${list(p.months)}))::int as contacted_months,
             (count(distinct l.enterprise || l.quarter)
                filter (where l.kind = 'visit' and l.status = 'approved'
                          and l.quarter in ${list(p.quarters)}))::int as visited_quarters,
             (count(*) filter (where l.kind = 'contact'))::int as contacts,
             (count(*) filter (where ${qualifyingFor('C2')}))::int as visits,
             (count(*) filter (where ${counts} and 'dispute_mediation' = any(l.duties)))::int as worker_services,
             (count(*) filter (where l.kind = 'visit' and l.status = 'approved'))::int as approved,
             (select count(distinct d)::int from logs x, unnest(x.duties) d
               where x.role_id = l.role_id and ${qualifyingFor('C1', 'x')}
             ) as duties_covered
        from logs l
       group by l.role_id
    ), rejections as (
      select l.role_id, count(*)::int as rejections
        from logs l
        join ${dutyLogEvents} ev on ev.log_id = l.id and ev.action = 'rejected'
       where l.kind = 'visit'
       group by l.role_id
    ), risks as (
      select p.role_id, count(r.id)::int as risk_reports
        from posts p
        join ${dutyLogs} r
          on r.kind = 'risk_report' and r.jurisdiction_code like p.prefix || '%'
         and r.occurred_at >= ${start}::timestamptz and r.occurred_at < ${end}::timestamptz
       group by p.role_id
    )
    select p.role_id, p.user_id, p.jurisdiction_code,
           ents.enterprises, ents.large_medium, ents.key_enterprises,
           coalesce(w.contacted_months, 0) as contacted_months,
           coalesce(w.visited_quarters, 0) as visited_quarters,
           coalesce(w.contacts, 0) as contacts, coalesce(w.visits, 0) as visits,
           coalesce(w.worker_services, 0) as worker_services, coalesce(w.approved, 0) as approved,
           coalesce(rj.rejections, 0) as rejections, coalesce(w.duties_covered, 0) as duties_covered,
           coalesce(rk.risk_reports, 0) as risk_reports
      from posts p
      join ents on ents.role_id = p.role_id
      left join work w on w.role_id = p.role_id
      left join rejections rj on rj.role_id = p.role_id
      left join risks rk on rk.role_id = p.role_id
     order by p.jurisdiction_code, p.role_id`;
}
