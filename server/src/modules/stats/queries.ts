import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { SUBSIDY_SKILL_LEVELS } from '@coordnet/shared/api/stats';
import { dutyLogs } from '../../db/schema/duty-logs';
import { enterprises } from '../../db/schema/enterprises';
import { jurisdictions } from '../../db/schema/jurisdictions';
import { coordinatorRoles, users } from '../../db/schema/people';
import { withinCodes, type Scope } from '../../lib/scope';
import { childOf, heldOn, type ReportTarget } from './target';

export interface CountParams {
  target: Pick<ReportTarget, 'prefix' | 'childDigits'>;
  scope: Scope;
  /** Shanghai date posts are counted on. */
  asOf: string;
}

export const postCountRowSchema = z.object({
  child: z.string().nullable(),
  kind: z.string().nullable(),
  skill: z.string().nullable(),
  /** grouping(child, kind, skill): 0 per child/kind/skill, 3 per child, 7 overall. */
  g: z.coerce.number(),
  posts: z.coerce.number(),
  people: z.coerce.number(),
});
export type PostCountRow = z.infer<typeof postCountRowSchema>;

/**
 * Current posts under the jurisdiction per child, kind and skill level, with distinct people per
 * child and overall: one statement over the subtree (index range on the code), grouped by the
 * child's code prefix with grouping sets.
 */
export function postCountsQuery(p: CountParams): SQL {
  return sql`
    select x.child, x.kind, x.skill, grouping(x.child, x.kind, x.skill)::int as g,
           count(*)::int as posts, count(distinct x.user_id)::int as people
      from (
        select ${childOf(sql`cr.jurisdiction_code`, p.target.childDigits)} as child,
               cr.kind::text as kind, coalesce(cr.skill_level::text, 'none') as skill, cr.user_id
          from ${coordinatorRoles} cr
          join ${users} u on u.id = cr.user_id
         where cr.jurisdiction_code like ${`${p.target.prefix}%`}
           and ${withinCodes(sql`cr.jurisdiction_code`, p.scope.rootCodes)}
           and ${heldOn(p.asOf)}
      ) x
     group by grouping sets ((x.child, x.kind, x.skill), (x.child), ())`;
}

export const workCountRowSchema = z.object({
  child: z.string(),
  kind: z.string(),
  status: z.string(),
  n: z.coerce.number(),
  major: z.coerce.number(),
});
export type WorkCountRow = z.infer<typeof workCountRowSchema>;

/** Logs that happened in [start, end) per child, kind and status: one grouped statement. */
export function workCountsQuery(p: Omit<CountParams, 'asOf'> & { start: Date; end: Date }): SQL {
  return sql`
    select ${childOf(sql`l.jurisdiction_code`, p.target.childDigits)} as child,
           l.kind::text as kind, l.status::text as status, count(*)::int as n,
           (count(*) filter (where l.severity = 'major'))::int as major
      from ${dutyLogs} l
     where l.jurisdiction_code like ${`${p.target.prefix}%`}
       and ${withinCodes(sql`l.jurisdiction_code`, p.scope.rootCodes)}
       and l.occurred_at >= ${p.start.toISOString()}::timestamptz
       and l.occurred_at < ${p.end.toISOString()}::timestamptz
     group by 1, 2, 3`;
}

export const subsidyRowSchema = z.object({
  role_id: z.string(),
  user_id: z.string(),
  name: z.string(),
  mobile: z.string().nullable(),
  enterprise_id: z.string(),
  enterprise_name: z.string(),
  uscc: z.string(),
  jurisdiction_code: z.string(),
  jurisdiction_name: z.string(),
  skill_level: z.enum(SUBSIDY_SKILL_LEVELS),
  certificate_no: z.string().nullable(),
  certificate_date: z.string().nullable(),
});
export type SubsidyRow = z.infer<typeof subsidyRowSchema>;

function subsidyWhere(p: CountParams): SQL {
  return sql`cr.kind = 'enterprise'
    and cr.skill_level in (${sql.join(
      SUBSIDY_SKILL_LEVELS.map((s) => sql`${s}::skill_level`),
      sql`, `,
    )})
    and e.jurisdiction_code like ${`${p.target.prefix}%`}
    and ${withinCodes(sql`e.jurisdiction_code`, p.scope.rootCodes)}
    and ${heldOn(p.asOf)}`;
}

/** Enterprise coordinators holding a 四级 or 三级 certificate, keyset-paged by (jurisdiction, post). */
export function subsidyPageQuery(p: CountParams & { after: [string, string] | null; limit: number }): SQL {
  const after = p.after
    ? sql`and (e.jurisdiction_code, cr.id) > (${p.after[0]}::varchar, ${p.after[1]}::uuid)`
    : sql``;
  return sql`
    select cr.id as role_id, u.id as user_id, u.name, u.mobile, e.id as enterprise_id,
           e.name as enterprise_name, e.uscc, e.jurisdiction_code, j.name as jurisdiction_name,
           cr.skill_level::text as skill_level, cr.certificate_no,
           to_char(cr.certificate_date, 'YYYY-MM-DD') as certificate_date
      from ${coordinatorRoles} cr
      join ${users} u on u.id = cr.user_id
      join ${enterprises} e on e.id = cr.enterprise_id
      join ${jurisdictions} j on j.code = e.jurisdiction_code
     where ${subsidyWhere(p)} ${after}
     order by e.jurisdiction_code, cr.id
     limit ${p.limit + 1}::int`;
}

export function subsidyCountQuery(p: CountParams): SQL {
  return sql`
    select count(*)::int as n
      from ${coordinatorRoles} cr
      join ${users} u on u.id = cr.user_id
      join ${enterprises} e on e.id = cr.enterprise_id
     where ${subsidyWhere(p)}`;
}
