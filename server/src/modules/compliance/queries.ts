import { sql, type SQL } from 'drizzle-orm';
import { jurisdictionLevelSchema } from '@coordnet/shared/api/common';
import { enterpriseSizeSchema } from '@coordnet/shared/api/keys';
import { z } from 'zod';
import {
  STAFFING_MINIMUMS,
  type StaffingStatus,
  staffingStatusSchema,
} from '@coordnet/shared/api/compliance';
import { rollupSql } from '../../db/rules-sql';
import { enterprises } from '../../db/schema/enterprises';
import { jurisdictions } from '../../db/schema/jurisdictions';
import { coordinatorRoles, users } from '../../db/schema/people';
import { withinCodes, type Scope } from '../../lib/scope';
import type { SettingsResolver } from '../settings/service';
import { childOf, heldOn } from '../stats/target';
import { enterpriseListRowSchema } from '../enterprises/list-row';

/**
 * Staffing against the minimums of seed §二(一), as SQL. Each level (enterprises, township/park
 * platforms, communities) is one set-based statement over the subtree, grouped by the child's code
 * prefix; the per-unit forms page through the same rows for drill-downs and ledgers.
 */
export interface StaffingParams {
  /** Significant prefix of the jurisdiction reported on. */
  prefix: string;
  scope: Scope;
  /** Shanghai date posts are counted on. */
  asOf: string;
}

const M = STAFFING_MINIMUMS;

/** Minimum enterprise coordinators of an enterprise `e` by size; unknown sizes as small. */
const enterpriseMinimum = sql`(case when e.size in ('large', 'medium') then ${M.enterprise.large}::int else ${M.enterprise.small}::int end)`;

/** compliant ≥ minimum; covered: a micro enterprise short of it whose township/park has a coordinator. */
const statusOf = (coordinators: SQL, covered: SQL) => sql`(case
  when ${coordinators} >= ${enterpriseMinimum} then 'compliant'
  when e.size = 'micro' and ${covered} then 'covered'
  else 'below' end)`;

/** The township or park an enterprise `e` belongs to, or null when it is registered above one. */
const platformOfEnterprise = sql`(case when substr(e.jurisdiction_code, 7, 3) <> '000'
  then ${rollupSql(sql`e.jurisdiction_code`, 'township')} end)`;

const enterpriseWhere = (p: StaffingParams) => sql`e.jurisdiction_code like ${`${p.prefix}%`}
  and ${withinCodes(sql`e.jurisdiction_code`, p.scope.rootCodes)}
  and e.status = 'active'`;

/** Per enterprise of the subtree: coordinators, minimum, status. Set-based (hash joins), for summaries. */
function enterpriseRowsAll(p: StaffingParams): SQL {
  const n = sql`coalesce(s.n, 0)`;
  return sql`
    select e.id, e.name, e.uscc, e.jurisdiction_code, e.size, ${n}::int as coordinators,
           ${enterpriseMinimum} as minimum, ${statusOf(n, sql`pc.code is not null`)} as status
      from ${enterprises} e
      left join (
        select cr.enterprise_id, count(distinct cr.user_id)::int as n
          from ${coordinatorRoles} cr
          join ${users} u on u.id = cr.user_id
          join ${enterprises} se on se.id = cr.enterprise_id
         where cr.kind = 'enterprise' and se.jurisdiction_code like ${`${p.prefix}%`} and ${heldOn(p.asOf)}
         group by cr.enterprise_id
      ) s on s.enterprise_id = e.id
      left join (
        select distinct cr.jurisdiction_code as code
          from ${coordinatorRoles} cr
          join ${users} u on u.id = cr.user_id
         where cr.kind in ('township', 'park')
           and cr.jurisdiction_code like ${`${p.prefix.slice(0, 9)}%`} and ${heldOn(p.asOf)}
      ) pc on pc.code = ${platformOfEnterprise}
     where ${enterpriseWhere(p)}`;
}

export const enterpriseSummaryRowSchema = z.object({
  child: z.string(),
  size: z.union([enterpriseSizeSchema, z.literal('unknown')]),
  status: staffingStatusSchema,
  n: z.coerce.number(),
  coordinators: z.coerce.number(),
  required: z.coerce.number(),
  filled: z.coerce.number(),
});
export type EnterpriseSummaryRow = z.infer<typeof enterpriseSummaryRowSchema>;

/** Enterprises per child, size and status with coordinators in post, required and filled. */
export function enterpriseSummaryQuery(p: StaffingParams & { groupDigits: number }): SQL {
  return sql`
    with ent as (${enterpriseRowsAll(p)})
    select ${childOf(sql`jurisdiction_code`, p.groupDigits)} as child,
           coalesce(size::text, 'unknown') as size, status, count(*)::int as n,
           sum(coordinators)::int as coordinators,
           sum(case when status = 'covered' then 0 else minimum end)::int as required,
           sum(case when status = 'covered' then 0 else least(coordinators, minimum) end)::int as filled
      from ent
     group by 1, 2, 3`;
}

export const staffingEnterpriseRowSchema = enterpriseListRowSchema.extend({
  coordinators: z.coerce.number(),
  minimum: z.coerce.number(),
  status: staffingStatusSchema,
  rank: z.coerce.number(),
});
export type StaffingEnterpriseRow = z.infer<typeof staffingEnterpriseRowSchema>;
/** The staffing ledger's enterprise rows: the drill-down's without its rank. */
export const enterpriseLedgerRowSchema = staffingEnterpriseRowSchema.omit({ rank: true });
export type EnterpriseLedgerRow = z.infer<typeof enterpriseLedgerRowSchema>;

const statusRank = sql`(case status when 'below' then 0 when 'covered' then 1 else 2 end)`;

/** A township's enterprises, below their minimum first, then covered, then compliant; by name. */
export function enterpriseDrillDownQuery(
  p: StaffingParams & {
    status?: StaffingStatus | undefined;
    after: [number, string, string] | null;
    limit: number;
  },
): SQL {
  const conditions: SQL[] = [sql`true`];
  if (p.status) conditions.push(sql`status = ${p.status}`);
  if (p.after)
    conditions.push(
      sql`(${statusRank}, ent.name, ent.id) > (${p.after[0]}::int, ${p.after[1]}::text, ${p.after[2]}::uuid)`,
    );
  return sql`
    with ent as (${enterpriseRowsAll(p)})
    select ent.*, j.name as jurisdiction_name, ${statusRank} as rank
      from ent
      join ${jurisdictions} j on j.code = ent.jurisdiction_code
     where ${sql.join(conditions, sql` and `)}
     order by rank, ent.name, ent.id
     limit ${p.limit + 1}::int`;
}

/**
 * Every enterprise of the subtree for a ledger, keyset-paged along the code index by
 * (jurisdiction, id), its coordinators and the platform's cover looked up per row of the page.
 */
export function enterpriseLedgerPageQuery(
  p: StaffingParams & { after: [string, string] | null; limit: number },
): SQL {
  const n = sql`s.n`;
  const after = p.after
    ? sql`and (e.jurisdiction_code, e.id) > (${p.after[0]}::varchar, ${p.after[1]}::uuid)`
    : sql``;
  return sql`
    select e.id, e.name, e.uscc, e.jurisdiction_code, j.name as jurisdiction_name, e.size,
           ${n} as coordinators, ${enterpriseMinimum} as minimum,
           ${statusOf(n, sql`pc.covered`)} as status
      from ${enterprises} e
      join ${jurisdictions} j on j.code = e.jurisdiction_code
      cross join lateral (
        select count(distinct cr.user_id)::int as n
          from ${coordinatorRoles} cr
          join ${users} u on u.id = cr.user_id
         where cr.enterprise_id = e.id and cr.kind = 'enterprise' and ${heldOn(p.asOf)}
      ) s
      cross join lateral (
        select exists (
          select 1 from ${coordinatorRoles} cr
            join ${users} u on u.id = cr.user_id
           where cr.jurisdiction_code = ${platformOfEnterprise}
             and cr.kind in ('township', 'park') and ${heldOn(p.asOf)}
        ) as covered
      ) pc
     where ${enterpriseWhere(p)} ${after}
     order by e.jurisdiction_code, e.id
     limit ${p.limit}::int`;
}

export const platformRowSchema = z.object({
  code: z.string(),
  name: z.string(),
  level: jurisdictionLevelSchema,
  enterprises: z.coerce.number(),
  coordinators: z.coerce.number(),
  threshold: z.coerce.number(),
  minimum: z.coerce.number(),
  advised: z.coerce.number(),
});
export type PlatformRow = z.infer<typeof platformRowSchema>;

/**
 * Townships and parks of the subtree with their active enterprises, coordinators in post, the
 * minimum (≥ 2) and the advised number (≥ 4 with at least the county's "many enterprises" threshold).
 */
function platformRows(p: StaffingParams & { resolver: SettingsResolver; only?: SQL }): SQL {
  const threshold = p.resolver.caseOver(
    sql`j.code`,
    (s) => s.manyEnterprisesThreshold,
    (v) => sql`${v}::int`,
  );
  const pattern = `${p.prefix}%`;
  return sql`
    select j.code, j.name, j.level::text as level, coalesce(ec.n, 0)::int as enterprises,
           coalesce(pc.n, 0)::int as coordinators, ${threshold} as threshold,
           ${M.platform.minimum}::int as minimum,
           (case when coalesce(ec.n, 0) >= ${threshold} then ${M.platform.advisedWithManyEnterprises}::int
                 else ${M.platform.minimum}::int end) as advised
      from ${jurisdictions} j
      left join (
        select ${rollupSql(sql`e.jurisdiction_code`, 'township')} as code, count(*)::int as n
          from ${enterprises} e
         where e.jurisdiction_code like ${pattern} and e.status = 'active'
         group by 1
      ) ec on ec.code = j.code
      left join (
        select cr.jurisdiction_code as code, count(distinct cr.user_id)::int as n
          from ${coordinatorRoles} cr
          join ${users} u on u.id = cr.user_id
         where cr.kind in ('township', 'park') and cr.jurisdiction_code like ${pattern} and ${heldOn(p.asOf)}
         group by 1
      ) pc on pc.code = j.code
     where j.level in ('township', 'park') and j.code like ${pattern}
       and ${withinCodes(sql`j.code`, p.scope.rootCodes)} ${p.only ?? sql``}`;
}

/** Communities and villages of the subtree with their community coordinators in post. */
function communityRows(p: StaffingParams & { only?: SQL }): SQL {
  const pattern = `${p.prefix}%`;
  return sql`
    select j.code, j.name, j.level::text as level, coalesce(cc.n, 0)::int as coordinators,
           ${M.community}::int as minimum, ${M.community}::int as advised
      from ${jurisdictions} j
      left join (
        select cr.jurisdiction_code as code, count(distinct cr.user_id)::int as n
          from ${coordinatorRoles} cr
          join ${users} u on u.id = cr.user_id
         where cr.kind = 'community' and cr.jurisdiction_code like ${pattern} and ${heldOn(p.asOf)}
         group by 1
      ) cc on cc.code = j.code
     where j.level = 'community' and j.code like ${pattern}
       and ${withinCodes(sql`j.code`, p.scope.rootCodes)} ${p.only ?? sql``}`;
}

export const unitSummaryRowSchema = z.object({
  child: z.string(),
  total: z.coerce.number(),
  below: z.coerce.number(),
  coordinators: z.coerce.number(),
  required: z.coerce.number(),
  filled: z.coerce.number(),
  below_advice: z.coerce.number(),
});
export type UnitSummaryRow = z.infer<typeof unitSummaryRowSchema>;

const unitSummary = (rows: SQL, groupDigits: number) => sql`
  with unit as (${rows})
  select ${childOf(sql`code`, groupDigits)} as child, count(*)::int as total,
         (count(*) filter (where coordinators < minimum))::int as below,
         (count(*) filter (where coordinators >= minimum and coordinators < advised))::int as below_advice,
         sum(coordinators)::int as coordinators, sum(minimum)::int as required,
         sum(least(coordinators, minimum))::int as filled
    from unit
   group by 1`;

export const platformSummaryQuery = (
  p: StaffingParams & { resolver: SettingsResolver; groupDigits: number },
): SQL => unitSummary(platformRows(p), p.groupDigits);

export const communitySummaryQuery = (p: StaffingParams & { groupDigits: number }): SQL =>
  unitSummary(communityRows(p), p.groupDigits);

/** Platforms by code after `after`, one page. */
export const platformPageQuery = (
  p: StaffingParams & { resolver: SettingsResolver; after: string | null; limit: number },
): SQL =>
  sql`${platformRows({ ...p, only: p.after ? sql`and j.code > ${p.after}` : sql`` })} order by j.code limit ${p.limit}::int`;

export const communityRowSchema = z.object({
  code: z.string(),
  name: z.string(),
  level: jurisdictionLevelSchema,
  coordinators: z.coerce.number(),
  minimum: z.coerce.number(),
});
export type CommunityRow = z.infer<typeof communityRowSchema>;

export const communityPageQuery = (p: StaffingParams & { after: string | null; limit: number }): SQL =>
  sql`${communityRows({ ...p, only: p.after ? sql`and j.code > ${p.after}` : sql`` })} order by j.code limit ${p.limit}::int`;
