import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { rowsOf } from '../../db/rows';
import { answersForSql } from '../enterprises/responsible-sql';
import { codeArray } from './sql-arrays';
import { codeRangeSql } from '../../db/rules-sql';

/** The people the reminders call on: the coordinators to @ and notify, and the supervisors told of a broken robot. */

const personRowSchema = z.object({
  code: z.string(),
  user_id: z.string(),
  name: z.string(),
  mobile: z.string().nullable(),
  dingtalk_user_id: z.string().nullable(),
});
export type PersonRow = z.infer<typeof personRowSchema>;
/** What personRowSchema reads of a person joined as `u` (with the post's code before it). */
const personColumns = sql`u.id as user_id, u.name, u.mobile, u.dingtalk_user_id`;

/**
 * Current, active township/park coordinators of the townships, for @ mentions and personal notices:
 * those who answer for at least one active enterprise there (seed §二(三) 岗位责任制: its 责任人,
 * or anyone where it has none), so a coordinator whose enterprises all have another 责任人 is not
 * called on.
 */
export async function townshipCoordinators(
  db: Pick<Db, 'execute'>,
  p: { townships: readonly string[]; today: string },
): Promise<PersonRow[]> {
  if (p.townships.length === 0) return [];
  const result = await db.execute(sql`
    select distinct on (cr.jurisdiction_code, u.name, u.id)
           cr.jurisdiction_code as code, ${personColumns}
      from coordinator_roles cr
      join users u on u.id = cr.user_id
     where cr.kind in ('township', 'park')
       and cr.jurisdiction_code = any(${codeArray(p.townships)})
       and cr.valid_from <= ${p.today}::date and (cr.valid_to is null or cr.valid_to >= ${p.today}::date)
       and u.active
       and exists (
         select 1 from enterprises e
          where ${codeRangeSql(sql`e.jurisdiction_code`, sql`cr.jurisdiction_code`, 'township')}
            and e.status = 'active' and e.in_scope
            and ${answersForSql('e', sql`u.id`, p.today)})
     order by cr.jurisdiction_code, u.name, u.id`);
  return rowsOf(personRowSchema, result);
}

/** Current supervisors of exactly these jurisdictions (the level told about a broken group robot). */
export async function supervisorsOf(
  db: Pick<Db, 'execute'>,
  p: { codes: readonly string[]; today: string },
): Promise<PersonRow[]> {
  if (p.codes.length === 0) return [];
  const result = await db.execute(sql`
    select distinct on (s.jurisdiction_code, u.id)
           s.jurisdiction_code as code, ${personColumns}
      from supervisor_roles s
      join users u on u.id = s.user_id
     where s.jurisdiction_code = any(${codeArray(p.codes)}) and s.access = 'manager'
       and s.valid_from <= ${p.today}::date and (s.valid_to is null or s.valid_to >= ${p.today}::date)
       and u.active
     order by s.jurisdiction_code, u.id`);
  return rowsOf(personRowSchema, result);
}
