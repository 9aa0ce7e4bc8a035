import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import {
  INCENTIVE_STATUSES,
  type IncentiveKind,
  type IncentiveStatus,
} from '@coordnet/shared/api/incentives';
import { SUBSIDY_SKILL_LEVELS } from '@coordnet/shared/api/stats';
import { coordinatorAwards, incentiveClaims } from '../../db/schema/development';
import { enterprises } from '../../db/schema/enterprises';
import { jurisdictions } from '../../db/schema/jurisdictions';
import { coordinatorRoles, users } from '../../db/schema/people';
import { heldOn } from '../stats/target';

export const incentiveStatusSchema = z.enum(
  Object.keys(INCENTIVE_STATUSES) as [IncentiveStatus, ...IncentiveStatus[]],
);

export const incentiveRowSchema = z.object({
  user_id: z.string(),
  name: z.string(),
  mobile: z.string().nullable(),
  jurisdiction_code: z.string(),
  jurisdiction_name: z.string(),
  detail: z.string().nullable(),
  skill_level: z.enum(SUBSIDY_SKILL_LEVELS).nullable(),
  certificate_no: z.string().nullable(),
  award_id: z.string().nullable(),
  year: z.coerce.number().nullable(),
  level: z.string().nullable(),
  status: incentiveStatusSchema,
  claimed_on: z.string().nullable(),
  claimed_by: z.string().nullable(),
  paid_on: z.string().nullable(),
  paid_by: z.string().nullable(),
  sort_key: z.string(),
});
export type IncentiveRow = z.infer<typeof incentiveRowSchema>;

export interface EntryFilter {
  /** `code LIKE prefix%` of the managing jurisdiction; '' for everywhere. */
  prefix: string;
  /** The reader's scope over a jurisdiction-code column (`true` for one's own entries). */
  scope: (column: SQL) => SQL;
  /** Shanghai date posts are held on. */
  asOf: string;
  userId?: string | undefined;
  skillLevel?: string | undefined;
  awardId?: string | undefined;
}

/**
 * The entries of one list as `x`, one row per person and subject:
 *
 * 技能提升补贴 — seed §二(四)2 "符合条件的企业职工，取得劳动关系协调师职业技能等级四级、三级证书后，可按
 * 规定申领技能提升补贴": the people holding an enterprise post (企业职工) today with a 四级 or 三级
 * certificate recorded on it (docs/domain.md §5, the same rule as /stats/subsidy-candidates), one
 * entry per person and level; full-joined with the claims already written, so an entry that was
 * claimed or paid stays on the list after the post ends.
 *
 * 金牌劳动关系协调员 — seed §二(四)4 "对认定的金牌劳动关系协调员": every recorded 金牌 honour recorded
 * under the jurisdiction or given to someone holding a post under it (a province's 金牌 for a
 * township coordinator shows in the county's list; only the province's managers move it).
 */
function entries(kind: IncentiveKind, f: EntryFilter): SQL {
  const pattern = `${f.prefix}%`;
  const user = (column: SQL) => (f.userId ? sql`and ${column} = ${f.userId}::uuid` : sql``);
  if (kind === 'subsidy') {
    const level = (column: SQL) => (f.skillLevel ? sql`and ${column} = ${f.skillLevel}::skill_level` : sql``);
    return sql`
      el as (
        select distinct on (cr.user_id, cr.skill_level) cr.user_id, cr.skill_level, e.jurisdiction_code,
               e.name as detail, cr.certificate_no
          from ${coordinatorRoles} cr
          join ${users} u on u.id = cr.user_id
          join ${enterprises} e on e.id = cr.enterprise_id
         where cr.kind = 'enterprise'
           and cr.skill_level in (${sql.join(
             SUBSIDY_SKILL_LEVELS.map((s) => sql`${s}::skill_level`),
             sql`, `,
           )})
           and e.jurisdiction_code like ${pattern}
           and ${f.scope(sql`e.jurisdiction_code`)}
           and ${heldOn(f.asOf)}
           ${user(sql`cr.user_id`)} ${level(sql`cr.skill_level`)}
         order by cr.user_id, cr.skill_level, cr.valid_from desc, cr.id
      ), cl as (
        select c.* from ${incentiveClaims} c
         where c.kind = 'subsidy' and c.jurisdiction_code like ${pattern}
           and ${f.scope(sql`c.jurisdiction_code`)}
           ${user(sql`c.user_id`)} ${level(sql`c.skill_level`)}
      ), x as (
        select coalesce(cl.user_id, el.user_id) as user_id,
               coalesce(cl.skill_level, el.skill_level)::text as skill_level,
               coalesce(cl.jurisdiction_code, el.jurisdiction_code) as jurisdiction_code,
               coalesce(el.detail, cl.detail) as detail, el.certificate_no,
               null::uuid as award_id, null::int as year, null::text as level,
               coalesce(cl.status::text, 'pending') as status,
               cl.claimed_on, cl.claimed_by_user_id, cl.paid_on, cl.paid_by_user_id,
               coalesce(cl.user_id, el.user_id)::text || ':' || coalesce(cl.skill_level, el.skill_level)::text as sort_key
          from el full join cl on cl.user_id = el.user_id and cl.skill_level = el.skill_level
      )`;
  }
  return sql`
    x as (
      select a.user_id, null::text as skill_level, a.jurisdiction_code, null::text as detail,
             null::text as certificate_no, a.id as award_id, a.year, a.level,
             coalesce(cl.status::text, 'pending') as status,
             cl.claimed_on, cl.claimed_by_user_id, cl.paid_on, cl.paid_by_user_id,
             a.id::text as sort_key
        from ${coordinatorAwards} a
        left join ${incentiveClaims} cl on cl.award_id = a.id
       where a.kind = 'honour' and a.honour = 'gold_coordinator'
         and ((a.jurisdiction_code like ${pattern} and ${f.scope(sql`a.jurisdiction_code`)})
              or exists (select 1 from ${coordinatorRoles} cr
                          where cr.user_id = a.user_id and cr.jurisdiction_code like ${pattern}
                            and ${f.scope(sql`cr.jurisdiction_code`)}))
         ${user(sql`a.user_id`)} ${f.awardId ? sql`and a.id = ${f.awardId}::uuid` : sql``}
    )`;
}

const day = (column: SQL) => sql`to_char(${column}, 'YYYY-MM-DD')`;

/** A page of entries (keyset by managing jurisdiction, then person and subject), people's names joined. */
export function incentivePageQuery(
  kind: IncentiveKind,
  f: EntryFilter & { status?: IncentiveStatus | undefined; after: [string, string] | null; limit: number },
): SQL {
  return sql`
    with ${entries(kind, f)}
    select x.user_id, u.name, u.mobile, x.jurisdiction_code, j.name as jurisdiction_name, x.detail,
           x.skill_level, x.certificate_no, x.award_id, x.year, x.level, x.status,
           ${day(sql`x.claimed_on`)} as claimed_on, cb.name as claimed_by,
           ${day(sql`x.paid_on`)} as paid_on, pb.name as paid_by, x.sort_key
      from x
      join ${users} u on u.id = x.user_id
      join ${jurisdictions} j on j.code = x.jurisdiction_code
      left join ${users} cb on cb.id = x.claimed_by_user_id
      left join ${users} pb on pb.id = x.paid_by_user_id
     where true
       ${f.status ? sql`and x.status = ${f.status}` : sql``}
       ${f.after ? sql`and (x.jurisdiction_code, x.sort_key) > (${f.after[0]}::varchar, ${f.after[1]}::text)` : sql``}
     order by x.jurisdiction_code, x.sort_key
     limit ${f.limit}::int`;
}

/** Entries per status (ignoring any status filter). */
export function incentiveCountsQuery(kind: IncentiveKind, f: EntryFilter): SQL {
  return sql`
    with ${entries(kind, f)}
    select x.status, count(*)::int as n from x group by x.status`;
}
