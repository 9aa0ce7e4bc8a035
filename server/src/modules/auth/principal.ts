import { and, eq, gte, isNull, lte, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { shanghaiDate } from '@coordnet/shared/domain/period';
import { subtreePrefix } from '@coordnet/shared/domain/jurisdiction-code';
import type { CoordinatorKind, SkillLevel, SupervisorAccess } from '@coordnet/shared/domain/roles';
import type { JurisdictionLevel } from '@coordnet/shared/domain/jurisdiction-code';
import type { Db } from '../../db/client';
import { enterprises } from '../../db/schema/enterprises';
import { jurisdictions } from '../../db/schema/jurisdictions';
import { coordinatorRoles, supervisorRoles, users } from '../../db/schema/people';
import type { Scope } from '../../lib/scope';

export interface PrincipalCoordinatorRole {
  id: string;
  kind: CoordinatorKind;
  jurisdictionCode: string;
  jurisdictionName: string;
  jurisdictionLevel: JurisdictionLevel;
  enterpriseId: string | null;
  enterpriseName: string | null;
  skillLevel: SkillLevel | null;
}

export interface PrincipalSupervisorRole {
  id: string;
  jurisdictionCode: string;
  jurisdictionName: string;
  jurisdictionLevel: JurisdictionLevel;
  access: SupervisorAccess;
}

/** The signed-in person, their current posts and the scope those posts give. */
export interface Principal {
  user: { id: string; name: string; mobile: string | null; dingtalkUserId: string };
  coordinatorRoles: PrincipalCoordinatorRole[];
  supervisorRoles: PrincipalSupervisorRole[];
  scope: Scope;
}

const servedJurisdiction = alias(jurisdictions, 'served');

/** Loads an active user's current roles; null when the user is unknown or inactive. */
export async function loadPrincipal(db: Db, userId: string, now: Date): Promise<Principal | null> {
  const today = shanghaiDate(now);
  const current = (t: typeof coordinatorRoles | typeof supervisorRoles) =>
    and(lte(t.validFrom, today), or(isNull(t.validTo), gte(t.validTo, today)));

  const [userRows, coordinatorRows, supervisorRows] = await Promise.all([
    db
      .select({ id: users.id, name: users.name, mobile: users.mobile, dingtalkUserId: users.dingtalkUserId })
      .from(users)
      .where(and(eq(users.id, userId), eq(users.active, true))),
    db
      .select({
        id: coordinatorRoles.id,
        kind: coordinatorRoles.kind,
        jurisdictionCode: coordinatorRoles.jurisdictionCode,
        jurisdictionName: servedJurisdiction.name,
        jurisdictionLevel: servedJurisdiction.level,
        enterpriseId: coordinatorRoles.enterpriseId,
        enterpriseName: enterprises.name,
        skillLevel: coordinatorRoles.skillLevel,
      })
      .from(coordinatorRoles)
      .innerJoin(servedJurisdiction, eq(servedJurisdiction.code, coordinatorRoles.jurisdictionCode))
      .leftJoin(enterprises, eq(enterprises.id, coordinatorRoles.enterpriseId))
      .where(and(eq(coordinatorRoles.userId, userId), current(coordinatorRoles)))
      .orderBy(coordinatorRoles.createdAt),
    db
      .select({
        id: supervisorRoles.id,
        jurisdictionCode: supervisorRoles.jurisdictionCode,
        jurisdictionName: jurisdictions.name,
        jurisdictionLevel: jurisdictions.level,
        access: supervisorRoles.access,
      })
      .from(supervisorRoles)
      .innerJoin(jurisdictions, eq(jurisdictions.code, supervisorRoles.jurisdictionCode))
      .where(and(eq(supervisorRoles.userId, userId), current(supervisorRoles)))
      .orderBy(sql`${supervisorRoles.jurisdictionCode}`),
  ]);
  const user = userRows[0];
  if (!user) return null;
  return {
    user,
    coordinatorRoles: coordinatorRows,
    supervisorRoles: supervisorRows,
    scope: scopeOf(user.id, coordinatorRows, supervisorRows),
  };
}

export function scopeOf(
  userId: string,
  coordinator: readonly Pick<PrincipalCoordinatorRole, 'kind' | 'jurisdictionCode' | 'enterpriseId'>[],
  supervisor: readonly Pick<PrincipalSupervisorRole, 'jurisdictionCode' | 'access'>[],
): Scope {
  const roots = [
    ...supervisor.map((r) => r.jurisdictionCode),
    ...coordinator.filter((r) => r.kind !== 'enterprise').map((r) => r.jurisdictionCode),
  ];
  const rootCodes = outermost(roots);
  const enterpriseIds = [
    ...new Set(
      coordinator.flatMap((r) => (r.kind === 'enterprise' && r.enterpriseId ? [r.enterpriseId] : [])),
    ),
  ];
  const manageCodes = outermost(
    supervisor.filter((r) => r.access === 'manager').map((r) => r.jurisdictionCode),
  );
  return { userId, rootCodes, enterpriseIds, manageCodes };
}

/** Drops codes already covered by another code's subtree. */
function outermost(codes: readonly string[]): string[] {
  const unique = [...new Set(codes)].sort((a, b) => subtreePrefix(a).length - subtreePrefix(b).length);
  const kept: string[] = [];
  for (const code of unique) {
    if (!kept.some((k) => code.startsWith(subtreePrefix(k)))) kept.push(code);
  }
  return kept.sort();
}
