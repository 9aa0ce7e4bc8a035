import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { subtreePrefix } from '@coordnet/shared/domain/jurisdiction-code';
import { coordinatorAwards, trainingAttendance, trainingSessions } from '../../db/schema/development';
import { coordinatorRoles, users } from '../../db/schema/people';
import { withinCodes, type Scope } from '../../lib/scope';
import { childOf, heldOn } from '../stats/target';

/** The people among `userIds` who hold a post (of any kind) under `code` on `asOf`: one statement. */
export function postHoldersQuery(userIds: readonly string[], code: string, asOf: string): SQL {
  return sql`
    select distinct cr.user_id
      from ${coordinatorRoles} cr
      join ${users} u on u.id = cr.user_id
     where cr.user_id in (${sql.join(
       userIds.map((id) => sql`${id}::uuid`),
       sql`, `,
     )})
       and cr.jurisdiction_code like ${`${subtreePrefix(code)}%`}
       and ${heldOn(asOf)}`;
}

export const developmentCountRowSchema = z.object({
  child: z.string().nullable(),
  trained: z.coerce.number(),
  hours: z.coerce.number(),
  honours: z.coerce.number(),
  competitions: z.coerce.number(),
});
export type DevelopmentCountRow = z.infer<typeof developmentCountRowSchema>;

/**
 * Training and awards of the people holding posts under the target, per child (by the child of
 * their post) and overall, for sessions held and awards given between two Shanghai dates.
 */
export function developmentCountsQuery(p: {
  prefix: string;
  childDigits: number;
  scope: Scope;
  asOf: string;
  from: string;
  to: string;
}): SQL {
  return sql`
    with posts as (
      select distinct ${childOf(sql`cr.jurisdiction_code`, p.childDigits)} as child, cr.user_id
        from ${coordinatorRoles} cr
        join ${users} u on u.id = cr.user_id
       where cr.jurisdiction_code like ${`${p.prefix}%`}
         and ${withinCodes(sql`cr.jurisdiction_code`, p.scope.rootCodes)}
         and ${heldOn(p.asOf)}
    ), events as (
      select ta.user_id, 'training' as kind, coalesce(ta.hours, s.hours)::float8 as hours
        from ${trainingAttendance} ta
        join ${trainingSessions} s on s.id = ta.session_id
       where s.held_on >= ${p.from}::date and s.held_on < ${p.to}::date
      union all
      select a.user_id, a.kind::text, 0
        from ${coordinatorAwards} a
       where a.awarded_on >= ${p.from}::date and a.awarded_on < ${p.to}::date
    )
    select p.child,
           (count(distinct p.user_id) filter (where e.kind = 'training'))::int as trained,
           coalesce(sum(e.hours) filter (where e.kind = 'training'), 0)::float8 as hours,
           (count(*) filter (where e.kind = 'honour'))::int as honours,
           (count(*) filter (where e.kind = 'competition'))::int as competitions
      from posts p
      join events e on e.user_id = p.user_id
     group by grouping sets ((p.child), ())`;
}
