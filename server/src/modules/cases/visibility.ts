import { sql, type SQL } from 'drizzle-orm';
import type { Principal } from '../auth/principal';
import { withinCodes } from '../../lib/scope';
import { codePrefixSql } from '../../db/rules-sql';

/** The jurisdictions of my posts (coordinator posts of every kind, an enterprise's included, and supervisor posts). */
export const homeCodes = (principal: Principal): string[] => [
  ...new Set([
    ...principal.coordinatorRoles.map((r) => r.jurisdictionCode),
    ...principal.supervisorRoles.map((r) => r.jurisdictionCode),
  ]),
];

/**
 * Which cases (alias `c`) I may read: one shared with the province I work in; one shared with a
 * jurisdiction one of my posts lies under; or one shared inside the area I supervise or serve.
 * A hidden case stays readable to its author and to the supervisors managing its jurisdiction.
 */
export function caseVisibleTo(principal: Principal): SQL {
  const homes = homeCodes(principal);
  const provinces = [...new Set(homes.map((h) => h.slice(0, 2)))];
  const anyOf = (conditions: SQL[]) =>
    conditions.length === 0 ? sql`false` : sql.join(conditions, sql` or `);
  const visible = sql`(
    (c.visibility = 'province' and ${anyOf(provinces.map((p) => sql`${codePrefixSql(sql`c.jurisdiction_code`, 'province')} = ${p}`))})
    or (c.visibility = 'jurisdiction' and ${anyOf(homes.map((h) => sql`${h}::varchar like c.share_prefix || '%'`))})
    or ${withinCodes(sql`c.jurisdiction_code`, principal.scope.rootCodes)}
  )`;
  return sql`(${visible} and (c.status = 'published' or ${moderatable(principal)} or c.author_user_id = ${principal.user.id}::uuid))`;
}

/** A supervisor with manager access over the case's jurisdiction may hide and restore it. */
export const moderatable = (principal: Principal): SQL =>
  withinCodes(sql`c.jurisdiction_code`, principal.scope.manageCodes);
