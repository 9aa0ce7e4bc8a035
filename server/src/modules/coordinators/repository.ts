import { and, asc, eq, gt, gte, ilike, isNull, or, type SQL } from 'drizzle-orm';
import type { Coordinator } from '@coordnet/shared/api/registry';
import { COORDINATOR_KINDS, type CoordinatorKind } from '@coordnet/shared/domain/roles';
import { maskMobile } from '@coordnet/shared/domain/personal-data';
import { shanghaiDate } from '@coordnet/shared/domain/period';
import type { Db } from '../../db/client';
import { enterprises } from '../../db/schema/enterprises';
import { jurisdictions } from '../../db/schema/jurisdictions';
import { coordinatorRoles, users } from '../../db/schema/people';
import type { Clock } from '../../lib/clock';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { readableBy, withinCodes, type Scope } from '../../lib/scope';

export interface CoordinatorFilter {
  jurisdiction?: string | undefined;
  kind?: CoordinatorKind | undefined;
  enterpriseId?: string | undefined;
  q?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function createCoordinatorRepository({ db, clock }: { db: Db; clock: Clock }) {
  return {
    /** Current posts readable in my scope; mobiles masked. */
    async list(
      scope: Scope,
      filter: CoordinatorFilter,
    ): Promise<{ items: Coordinator[]; nextCursor: string | null }> {
      const today = shanghaiDate(clock.now());
      const conditions: (SQL | undefined)[] = [
        readableBy(scope, coordinatorRoles.jurisdictionCode, coordinatorRoles.enterpriseId),
        or(isNull(coordinatorRoles.validTo), gte(coordinatorRoles.validTo, today)),
        eq(users.active, true),
      ];
      if (filter.jurisdiction)
        conditions.push(withinCodes(coordinatorRoles.jurisdictionCode, [filter.jurisdiction]));
      if (filter.kind) conditions.push(eq(coordinatorRoles.kind, filter.kind));
      if (filter.enterpriseId) conditions.push(eq(coordinatorRoles.enterpriseId, filter.enterpriseId));
      if (filter.q) conditions.push(ilike(users.name, `%${escapeLike(filter.q)}%`));
      const after = decodeCursor(filter.cursor, 2);
      if (after) {
        const [code, id] = after as [string, string];
        conditions.push(
          or(
            gt(coordinatorRoles.jurisdictionCode, code),
            and(eq(coordinatorRoles.jurisdictionCode, code), gt(coordinatorRoles.id, id)),
          ),
        );
      }
      const rows = await db
        .select({
          roleId: coordinatorRoles.id,
          userId: users.id,
          name: users.name,
          mobile: users.mobile,
          kind: coordinatorRoles.kind,
          jurisdictionCode: coordinatorRoles.jurisdictionCode,
          jurisdictionName: jurisdictions.name,
          enterpriseId: coordinatorRoles.enterpriseId,
          enterpriseName: enterprises.name,
          organisation: coordinatorRoles.organisation,
          skillLevel: coordinatorRoles.skillLevel,
          certificateNo: coordinatorRoles.certificateNo,
          validFrom: coordinatorRoles.validFrom,
          validTo: coordinatorRoles.validTo,
        })
        .from(coordinatorRoles)
        .innerJoin(users, eq(users.id, coordinatorRoles.userId))
        .innerJoin(jurisdictions, eq(jurisdictions.code, coordinatorRoles.jurisdictionCode))
        .leftJoin(enterprises, eq(enterprises.id, coordinatorRoles.enterpriseId))
        .where(and(...conditions))
        .orderBy(asc(coordinatorRoles.jurisdictionCode), asc(coordinatorRoles.id))
        .limit(filter.limit + 1);
      const items = rows.slice(0, filter.limit).map((row) => ({
        ...row,
        mobile: row.mobile ? maskMobile(row.mobile) : null,
        kindLabel: COORDINATOR_KINDS[row.kind],
      }));
      const last = items.at(-1);
      return {
        items,
        nextCursor:
          rows.length > filter.limit && last ? encodeCursor([last.jurisdictionCode, last.roleId]) : null,
      };
    },
  };
}

export type CoordinatorRepository = ReturnType<typeof createCoordinatorRepository>;
