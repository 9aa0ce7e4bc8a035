import { sql, type SQL, type SQLWrapper, type Column } from 'drizzle-orm';
import { subtreePrefix } from '@coordnet/shared/domain/jurisdiction-code';

/**
 * What a signed-in person may read and manage. Repositories take a Scope and put it in their
 * WHERE clause, so a route that forgets a check still cannot return rows outside it.
 */
export interface Scope {
  userId: string;
  /** Jurisdictions whose whole subtree may be read. */
  rootCodes: string[];
  /** Enterprises readable outside those subtrees (an enterprise coordinator's own). */
  enterpriseIds: string[];
  /** Jurisdictions (county or above) where the user is a supervisor with manager access. */
  manageCodes: string[];
}

export const emptyScope = (userId: string): Scope => ({
  userId,
  rootCodes: [],
  enterpriseIds: [],
  manageCodes: [],
});

const prefixPattern = (code: string) => `${subtreePrefix(code)}%`;

/** `column LIKE prefix%` for each root (one index range each), or false when there are none. */
export function withinCodes(column: Column | SQL, codes: readonly string[]): SQL {
  if (codes.length === 0) return sql`false`;
  return sql`(${sql.join(
    codes.map((code) => sql`${column} like ${prefixPattern(code)}`),
    sql` or `,
  )})`;
}

/** Rows tied to a jurisdiction and optionally to an enterprise: readable through either. */
export function readableBy(
  scope: Scope,
  jurisdictionColumn: Column | SQL,
  enterpriseIdColumn?: Column | SQL,
): SQL {
  const byCode = withinCodes(jurisdictionColumn, scope.rootCodes);
  if (!enterpriseIdColumn || scope.enterpriseIds.length === 0) return byCode;
  return sql`(${byCode} or ${enterpriseIdColumn} in (${sql.join(
    scope.enterpriseIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  )}))`;
}

/**
 * readableBy with the scope as two array values (scopePatterns), so the text is the same for every
 * principal and can be built once: `(code like any(patterns) or id = any(ids))` keeps exactly the
 * same rows. For one row found by key; a list should use readableBy, whose LIKEs use the index.
 */
export const readableByPatterns = (
  jurisdictionColumn: Column | SQL,
  enterpriseIdColumn: Column | SQL,
  patterns: SQLWrapper,
  enterpriseIds: SQLWrapper,
): SQL =>
  sql`(${jurisdictionColumn} like any(${patterns}::text[]) or ${enterpriseIdColumn} = any(${enterpriseIds}::uuid[]))`;

/** The values readableByPatterns takes for a scope. */
export const scopePatterns = (scope: Scope) => ({
  prefixes: scope.rootCodes.map(prefixPattern),
  enterpriseIds: scope.enterpriseIds,
});

export const codeIsWithin = (code: string, roots: readonly string[]) =>
  roots.some((root) => code.startsWith(subtreePrefix(root)));

export const canRead = (scope: Scope, code: string) => codeIsWithin(code, scope.rootCodes);
export const canManage = (scope: Scope, code: string) => codeIsWithin(code, scope.manageCodes);
