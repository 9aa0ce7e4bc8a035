import { sql, type SQL } from 'drizzle-orm';
import { coordinatorRoles, users } from '../../db/schema/people';
import type { DutyScope } from '@coordnet/shared/api/settings';
import type { EnterpriseSize } from '@coordnet/shared/domain/enterprise-size';

const SIZES_AT_LEAST: Record<'small' | 'medium' | 'large', EnterpriseSize[]> = {
  small: ['small', 'medium', 'large'],
  medium: ['medium', 'large'],
  large: ['large'],
};
const RANK_OF = { small: 2, medium: 3, large: 4 } as const;

/**
 * Which enterprises `e` a rule covers under the county's setting (docs/domain.md §4). An enterprise whose
 * size is unknown stays in a size-bounded scope: better asked about than silently dropped. The duty
 * statuses and the reminders both use this, so they never disagree about who is due.
 */
export function enterpriseInScope(scope: DutyScope): SQL {
  if (scope.mode === 'key') return sql`e.is_key`;
  if (scope.mode === 'min_size')
    return sql`(e.size is null or e.size in (${sql.join(
      SIZES_AT_LEAST[scope.minSize].map((s) => sql`${s}::enterprise_size`),
      sql`, `,
    )}))`;
  return sql`true`;
}

/** The same rule over tally rows `t` (size rank 0 = unknown). */
export function tallyInScope(scope: DutyScope): SQL {
  if (scope.mode === 'key') return sql`t.is_key`;
  if (scope.mode === 'min_size')
    return sql`(t.size_rank = 0 or t.size_rank >= ${RANK_OF[scope.minSize]}::int)`;
  return sql`true`;
}

/**
 * C3 is the county's yearly guidance *of enterprise coordinators* (seed §二(三) 岗位责任制: 每年至少对
 * 企业劳动关系协调员工作进行一次指导服务): an enterprise `e` is due only while it has a coordinator
 * of its own in post on `date` (a Shanghai date).
 */
export function hasOwnCoordinator(date: string): SQL {
  return sql`exists (
    select 1 from ${coordinatorRoles} cr
      join ${users} u on u.id = cr.user_id
     where cr.enterprise_id = e.id and cr.kind = 'enterprise' and u.active
       and cr.valid_from <= ${date}::date and (cr.valid_to is null or cr.valid_to >= ${date}::date))`;
}
