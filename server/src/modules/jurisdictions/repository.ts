import { and, asc, between, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Jurisdiction } from '@coordnet/shared/api/registry';
import type { Db } from '../../db/client';
import { enterprises } from '../../db/schema/enterprises';
import { jurisdictions } from '../../db/schema/jurisdictions';
import { AppError } from '../../lib/errors';
import { canRead, withinCodes, type Scope } from '../../lib/scope';

// Qualified by hand: inside a select list Drizzle renders a bare column name, which the subquery would capture.
const childCount = sql<number>`(select count(*)::int from ${jurisdictions} c where c.parent_code = "jurisdictions"."code")`;

const columns = {
  code: jurisdictions.code,
  parentCode: jurisdictions.parentCode,
  level: jurisdictions.level,
  name: jurisdictions.name,
  depth: jurisdictions.depth,
  localCode: jurisdictions.localCode,
  childCount,
};

export function createJurisdictionRepository(db: Db) {
  async function select(where: SQL | undefined) {
    return db
      .select(columns)
      .from(jurisdictions)
      .where(where)
      .orderBy(asc(jurisdictions.depth), asc(jurisdictions.code));
  }

  return {
    async findByCode(code: string) {
      const [row] = await db.select().from(jurisdictions).where(eq(jurisdictions.code, code));
      return row ?? null;
    },

    /**
     * The tree a person may browse: below `parent` (which must be in scope), or from the roots of
     * their scope, `depth` levels down. Enterprise coordinators see their enterprise's jurisdiction.
     */
    async tree(scope: Scope, parent: string | undefined, depth: number): Promise<Jurisdiction[]> {
      if (parent !== undefined) {
        if (!canRead(scope, parent)) throw new AppError('not_found');
        const [node] = await select(eq(jurisdictions.code, parent));
        if (!node) throw new AppError('not_found');
        const rows = await select(
          and(
            withinCodes(jurisdictions.code, [parent]),
            between(jurisdictions.depth, node.depth + 1, node.depth + depth),
          ),
        );
        return rows.map(strip);
      }
      const roots = await select(
        scope.enterpriseIds.length > 0
          ? sql`(${inArray(jurisdictions.code, scope.rootCodes.length ? scope.rootCodes : [''])} or ${jurisdictions.code} in (
              select ${enterprises.jurisdictionCode} from ${enterprises} where ${inArray(enterprises.id, scope.enterpriseIds)}))`
          : inArray(jurisdictions.code, scope.rootCodes.length ? scope.rootCodes : ['']),
      );
      const below = await Promise.all(
        roots
          .filter((root) => scope.rootCodes.includes(root.code) && depth > 0)
          .map((root) =>
            select(
              and(
                withinCodes(jurisdictions.code, [root.code]),
                between(jurisdictions.depth, root.depth + 1, root.depth + depth),
              ),
            ),
          ),
      );
      return [...roots, ...below.flat()].map(strip);
    },
  };
}

function strip({ depth: _depth, ...row }: { depth: number } & Jurisdiction): Jurisdiction {
  return row;
}

export type JurisdictionRepository = ReturnType<typeof createJurisdictionRepository>;
