import { sql, type SQL } from 'drizzle-orm';
import { codePrefixSql } from '../../db/rules-sql';

/**
 * Who answers for an enterprise (seed §二(三) 岗位责任制): the one place every query resolves it.
 *
 * An enterprise's 责任人 is a township/park coordinator post (`enterprise_responsible.role_id`).
 * It counts only while the post is current (`valid_from` ≤ today ≤ `valid_to`), the person is
 * active and the post serves the enterprise's own township or park; otherwise — and when none is
 * named — the enterprise falls back to all the township's coordinators, as before 责任人 existed.
 */

/** The current post answering for the enterprise `e` (alias with `id`, `jurisdiction_code`): an `exists`-able select. */
function currentPost(e: string, today: SQL, columns: SQL): SQL {
  const alias = sql.raw(e);
  return sql`select ${columns}
      from enterprise_responsible er
      join coordinator_roles cr on cr.id = er.role_id
      join users ru on ru.id = cr.user_id
     where er.enterprise_id = ${alias}.id
       and cr.kind in ('township', 'park')
       and ${codePrefixSql(sql`cr.jurisdiction_code`, 'township')} = ${codePrefixSql(sql`${alias}.jurisdiction_code`, 'township')}
       and cr.valid_from <= ${today} and (cr.valid_to is null or cr.valid_to >= ${today})
       and ru.active`;
}

/** The user id of the enterprise's current 责任人, or null (everyone answers). */
export const responsibleUserSql = (e: string, today: string): SQL =>
  sql`(${currentPost(e, sql`${today}::date`, sql`cr.user_id`)} limit 1)`;

/** The current 责任人 as `{roleId, userId, name}` JSON, or null. */
export const responsibleJsonSql = (e: string, today: string): SQL =>
  sql`(${currentPost(
    e,
    sql`${today}::date`,
    sql`json_build_object('roleId', cr.id, 'userId', ru.id, 'name', ru.name)`,
  )} limit 1)`;

/**
 * Whether `userId` (SQL) answers for enterprise `e`: it is its current 责任人, or it has none.
 * (Whether the user coordinates the township at all is the caller's join.)
 */
export const answersForSql = (e: string, userId: SQL, today: string): SQL =>
  sql`not exists (${currentPost(e, sql`${today}::date`, sql`1`)} and cr.user_id <> ${userId})`;

/** Whether enterprise `e` has a current 责任人 who is `userId` ("我负责的"). */
export const responsibleIsSql = (e: string, userId: string, today: string): SQL =>
  sql`exists (${currentPost(e, sql`${today}::date`, sql`1`)} and cr.user_id = ${userId}::uuid)`;

/** The current 责任人 as a one-person JSON array `[{userId, name}]`, or null (the township's coordinators answer). */
export const responsiblePeopleSql = (e: string, today: string): SQL =>
  sql`(${currentPost(
    e,
    sql`${today}::date`,
    sql`json_build_array(json_build_object('userId', ru.id, 'name', ru.name))`,
  )} limit 1)`;
