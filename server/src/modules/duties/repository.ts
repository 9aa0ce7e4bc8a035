import { z } from 'zod';
import { sql, type SQL } from 'drizzle-orm';
import type { DutyRule, DutyStatus } from '@coordnet/shared/api/duties';
import { logKindSchema } from '@coordnet/shared/api/keys';
import { jurisdictionLevelSchema } from '@coordnet/shared/api/common';
import type { PolicySettings } from '@coordnet/shared/api/settings';
import type { JurisdictionLevel } from '@coordnet/shared/domain/jurisdiction-code';
import { subtreePrefix } from '@coordnet/shared/domain/jurisdiction-code';
import { shanghaiDate } from '@coordnet/shared/domain/period';
import type { Db } from '../../db/client';
import { jsonColumn, rowsOf, timestampColumn } from '../../db/rows';
import { qualifyingFor, rollupSql } from '../../db/rules-sql';
import {
  dutyMarks,
  dutyTallies,
  dutyTalliesCounty,
  enterpriseTallies,
  enterpriseTalliesCounty,
} from '../../db/schema/duties';
import { dutyLogs } from '../../db/schema/duty-logs';
import { enterprises } from '../../db/schema/enterprises';
import { jurisdictions } from '../../db/schema/jurisdictions';
import { coordinatorRoles, users } from '../../db/schema/people';
import { cursorPart, decodeCursor, encodeCursor } from '../../lib/cursor';
import { codeIsWithin, withinCodes, type Scope } from '../../lib/scope';
import type { SettingsResolver } from '../settings/service';
import { enterpriseInScope, hasOwnCoordinator, tallyInScope } from './scope-sql';
import { responsiblePeopleSql } from '../enterprises/responsible-sql';
import { enterpriseListRowSchema } from '../enterprises/list-row';

const SCOPE_KEY = { C1: 'c1Scope', C2: 'c2Scope', C3: 'c3Scope' } as const satisfies Record<
  DutyRule,
  keyof PolicySettings
>;
/** Digits of a child's code below a jurisdiction of this level. */
const CHILD_PREFIX: Record<JurisdictionLevel, number> = {
  province: 4,
  city: 6,
  county: 9,
  township: 12,
  park: 12,
  community: 12,
};

export interface DutyTarget {
  rule: DutyRule;
  period: string;
  periodEnd: Date;
  periodClosed: boolean;
  jurisdiction: { code: string; level: JurisdictionLevel };
  resolver: SettingsResolver;
  /** Shanghai date for "current" coordinator roles. */
  today: string;
}

export interface DutyListParams extends DutyTarget {
  scope: Scope;
  /** One enterprise only, already checked readable (its own coordinators read it outside rootCodes). */
  enterpriseId?: string | undefined;
  status?: DutyStatus | undefined;
  limit: number;
  cursor?: string | undefined;
}

const dutyListRowSchema = enterpriseListRowSchema.extend({
  rank: z.coerce.number(),
  last_log_id: z.string().nullable(),
  last_log_kind: logKindSchema.nullable(),
  last_log_at: timestampColumn.nullable(),
  last_log_author: z.string().nullable(),
  responsible: jsonColumn(z.array(z.object({ userId: z.string(), name: z.string() }))),
});
export type DutyListRow = z.infer<typeof dutyListRowSchema>;

/** The day C3 counts the posts on: today, or the last day of a closed year. */
const postsCountedOn = (p: DutyTarget) =>
  p.periodClosed ? shanghaiDate(new Date(p.periodEnd.getTime() - 1)) : p.today;

/**
 * The status of every enterprise in scope of the rule under the jurisdiction, one page, overdue
 * first: enterprises of the subtree (index range on the code) joined to their duty mark (primary
 * key), sorted and cut; the last qualifying log and the responsible coordinators are looked up for
 * the page's rows only.
 */
export function statusListQuery(p: DutyListParams): SQL {
  const rank = sql`(case m.state when 'done' then 2 when 'awaiting' then 1 else 0 end)`;
  // The jurisdiction's subtree, intersected with the caller's scope (empty, so `false`, outside it).
  const readable =
    codeIsWithin(p.jurisdiction.code, p.scope.rootCodes) ||
    (p.enterpriseId !== undefined && p.scope.enterpriseIds.includes(p.enterpriseId));
  const within = readable ? [p.jurisdiction.code] : [];
  const conditions: SQL[] = [
    withinCodes(sql`e.jurisdiction_code`, within),
    ...(p.enterpriseId ? [sql`e.id = ${p.enterpriseId}::uuid`] : []),
    sql`e.status = 'active'`,
    sql`e.in_scope`,
    p.resolver.caseOver(sql`e.jurisdiction_code`, (s) => s[SCOPE_KEY[p.rule]], enterpriseInScope),
    ...(p.rule === 'C3' ? [hasOwnCoordinator(postsCountedOn(p))] : []),
  ];
  if (p.status === 'done') conditions.push(sql`m.state = 'done'`);
  if (p.status === 'awaiting_approval') conditions.push(sql`m.state = 'awaiting'`);
  if (p.status === 'due') conditions.push(p.periodClosed ? sql`false` : sql`m.state is null`);
  if (p.status === 'overdue') conditions.push(p.periodClosed ? sql`m.state is null` : sql`false`);
  const after = decodeCursor(p.cursor, z.tuple([cursorPart.int, cursorPart.text, cursorPart.uuid]));
  if (after) {
    const [r, name, id] = after;
    conditions.push(sql`(${rank}, e.name, e.id) > (${r}::int, ${name}::text, ${id}::uuid)`);
  }
  const code = sql`c.jurisdiction_code`;
  // Marks carry their enterprise's jurisdiction (kept by the trigger), so they are range-scanned too.
  const prefix = `${subtreePrefix(p.jurisdiction.code)}%`;
  return sql`
    with page as (
      select e.id, e.name, e.uscc, e.jurisdiction_code, e.size, ${rank} as rank
        from ${enterprises} e
        left join ${dutyMarks} m
          on m.enterprise_id = e.id and m.rule = ${p.rule}::duty_rule and m.period = ${p.period}::varchar
         and m.jurisdiction_code like ${prefix}
       where ${sql.join(conditions, sql` and `)}
       order by rank, e.name, e.id
       limit ${p.limit + 1}::int
    ),
    -- Responsible coordinators once per jurisdiction on the page, not once per enterprise; an
    -- enterprise with a current 责任人 (seed §二(三) 岗位责任制) names that person alone.
    responsible as (
      select x.jurisdiction_code,
             json_agg(json_build_object('userId', x.id, 'name', x.name) order by x.name, x.id) as people
        from (
          select distinct c.jurisdiction_code, u.id, u.name
            from (select distinct jurisdiction_code from page) c
            join ${coordinatorRoles} cr
              on cr.jurisdiction_code in (
                   ${code}, ${rollupSql(code, 'township')}, ${rollupSql(code, 'county')},
                   ${rollupSql(code, 'city')}, ${rollupSql(code, 'province')})
            join ${users} u on u.id = cr.user_id
           where cr.kind in ('township', 'park')
             and cr.valid_from <= ${p.today}::date
             and (cr.valid_to is null or cr.valid_to >= ${p.today}::date)
             and u.active
        ) x
       group by x.jurisdiction_code
    )
    select p.id, p.name, p.uscc, p.jurisdiction_code, j.name as jurisdiction_name, p.size, p.rank,
           ll.id as last_log_id, ll.kind as last_log_kind, ll.occurred_at as last_log_at,
           ll.author_name as last_log_author,
           coalesce(${responsiblePeopleSql('p', p.today)}, r.people, '[]'::json) as responsible
      from page p
      join ${jurisdictions} j on j.code = p.jurisdiction_code
      left join lateral (
        select l.id, l.kind, l.occurred_at, u.name as author_name
          from ${dutyLogs} l
          join ${users} u on u.id = l.author_user_id
         where l.enterprise_id = p.id
           and l.occurred_at < ${p.periodEnd.toISOString()}::timestamptz
           and ${qualifyingFor(p.rule)}
         order by l.occurred_at desc, l.id desc
         limit 1
      ) ll on true
      left join responsible r on r.jurisdiction_code = p.jurisdiction_code
     order by p.rank, p.name, p.id`;
}

const summaryRowSchema = z.object({
  code: z.string(),
  name: z.string(),
  level: jurisdictionLevelSchema,
  self: z.boolean(),
  total: z.number(),
  done: z.number(),
  awaiting: z.number(),
  all_total: z.number(),
  all_done: z.number(),
  all_awaiting: z.number(),
});
export type SummaryRow = z.infer<typeof summaryRowSchema>;

/** The overall counts and the row per child (then the jurisdiction itself) over a `counted` CTE. */
const childRowsOf = (p: DutyTarget) => sql`overall as (
      select coalesce(sum(total), 0)::int as all_total, coalesce(sum(done), 0)::int as all_done,
             coalesce(sum(awaiting), 0)::int as all_awaiting
        from counted
    )
    select j.code, j.name, j.level, j.code = ${p.jurisdiction.code} as self,
           coalesce(c.total, 0)::int as total, coalesce(c.done, 0)::int as done,
           coalesce(c.awaiting, 0)::int as awaiting, o.all_total, o.all_done, o.all_awaiting
      from ${jurisdictions} j
      left join counted c on c.code = j.code
      cross join overall o
     where j.parent_code = ${p.jurisdiction.code} or j.code = ${p.jurisdiction.code}
     order by j.code = ${p.jurisdiction.code}, j.code`;

/**
 * Counts per child of the jurisdiction in one statement over the tallies (a few rows per
 * jurisdiction and size class), never over the enterprises or the logs themselves. Province and
 * city summaries read the county roll-ups (a few hundred rows for the whole province).
 */
export function summaryQuery(p: DutyTarget): SQL {
  if (p.rule === 'C3') return c3SummaryQuery(p);
  const childDigits = CHILD_PREFIX[p.jurisdiction.level];
  // A province's or city's children are counties or cities: the county roll-ups hold all it needs.
  const rollup = p.jurisdiction.level === 'province' || p.jurisdiction.level === 'city';
  const enterpriseTable = rollup ? enterpriseTalliesCounty : enterpriseTallies;
  const dutyTable = rollup ? dutyTalliesCounty : dutyTallies;
  const pattern = `${subtreePrefix(p.jurisdiction.code)}%`;
  const inScope = p.resolver.caseOver(sql`t.jurisdiction_code`, (s) => s[SCOPE_KEY[p.rule]], tallyInScope);
  const child = rollupSql(sql`t.jurisdiction_code`, childDigits);
  return sql`
    with totals as (
      select ${child} as code, sum(t.count)::int as total
        from ${enterpriseTable} t
       where t.jurisdiction_code like ${pattern} and ${inScope}
       group by 1
    ), marks as (
      select ${child} as code, sum(t.done)::int as done, sum(t.awaiting)::int as awaiting
        from ${dutyTable} t
       where t.rule = ${p.rule}::duty_rule and t.period = ${p.period}::varchar
         and t.jurisdiction_code like ${pattern} and ${inScope}
       group by 1
    ), counted as (
      select coalesce(totals.code, marks.code) as code, coalesce(totals.total, 0) as total,
             coalesce(marks.done, 0) as done, coalesce(marks.awaiting, 0) as awaiting
        from totals full join marks on marks.code = totals.code
    ), ${childRowsOf(p)}`;
}

/**
 * C3's counts per child, from the enterprises themselves: only those with a coordinator of their own
 * are due, which depends on the posts held and so is not in the tallies. A yearly rule of the
 * county, read for one county or below, or once a year for a city or the province.
 */
function c3SummaryQuery(p: DutyTarget): SQL {
  const childDigits = CHILD_PREFIX[p.jurisdiction.level];
  const pattern = `${subtreePrefix(p.jurisdiction.code)}%`;
  const inScope = p.resolver.caseOver(sql`e.jurisdiction_code`, (s) => s.c3Scope, enterpriseInScope);
  return sql`
    with counted as (
      select ${rollupSql(sql`e.jurisdiction_code`, childDigits)} as code, count(*)::int as total,
             (count(*) filter (where m.state = 'done'))::int as done,
             (count(*) filter (where m.state = 'awaiting'))::int as awaiting
        from ${enterprises} e
        left join ${dutyMarks} m
          on m.enterprise_id = e.id and m.rule = 'C3'::duty_rule and m.period = ${p.period}::varchar
       where e.jurisdiction_code like ${pattern} and e.status = 'active' and e.in_scope and ${inScope}
         and ${hasOwnCoordinator(postsCountedOn(p))}
       group by 1
    ), ${childRowsOf(p)}`;
}

export function createDutyRepository(db: Db) {
  return {
    async list(p: DutyListParams) {
      const rows = rowsOf(dutyListRowSchema, await db.execute(statusListQuery(p)));
      const items = rows.slice(0, p.limit);
      const last = items.at(-1);
      return {
        items,
        nextCursor:
          rows.length > p.limit && last ? encodeCursor([Number(last.rank), last.name, last.id]) : null,
      };
    },

    async summary(p: DutyTarget) {
      return rowsOf(summaryRowSchema, await db.execute(summaryQuery(p)));
    },
  };
}

export type DutyRepository = ReturnType<typeof createDutyRepository>;
