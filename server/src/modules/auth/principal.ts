import { and, eq, sql } from 'drizzle-orm';
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

/**
 * Loads an active user's current roles; null when the user is unknown or inactive. One statement
 * (the roles as JSON subqueries): it runs for every request whose cached principal has expired.
 */
/** Who acts and from where: what a service needs to decide and to audit (request.actor). */
export interface Actor {
  principal: Principal;
  ip: string | null;
}

export async function loadPrincipal(db: Db, userId: string, now: Date): Promise<Principal | null> {
  const today = shanghaiDate(now);
  const current = (alias: string) =>
    sql`${sql.raw(alias)}.valid_from <= ${today}::date
      and (${sql.raw(alias)}.valid_to is null or ${sql.raw(alias)}.valid_to >= ${today}::date)`;

  const [row] = await db
    .select({
      id: users.id,
      name: users.name,
      mobile: users.mobile,
      dingtalkUserId: users.dingtalkUserId,
      coordinatorRoles: sql<PrincipalCoordinatorRole[]>`coalesce((
        select json_agg(json_build_object(
            'id', cr.id, 'kind', cr.kind, 'jurisdictionCode', cr.jurisdiction_code,
            'jurisdictionName', served.name, 'jurisdictionLevel', served.level,
            'enterpriseId', cr.enterprise_id, 'enterpriseName', e.name, 'skillLevel', cr.skill_level)
          order by cr.created_at)
          from ${coordinatorRoles} cr
          join ${jurisdictions} served on served.code = cr.jurisdiction_code
          left join ${enterprises} e on e.id = cr.enterprise_id
         where cr.user_id = ${users}.id and ${current('cr')}), '[]'::json)`,
      supervisorRoles: sql<PrincipalSupervisorRole[]>`coalesce((
        select json_agg(json_build_object(
            'id', sr.id, 'jurisdictionCode', sr.jurisdiction_code,
            'jurisdictionName', j.name, 'jurisdictionLevel', j.level, 'access', sr.access)
          order by sr.jurisdiction_code)
          from ${supervisorRoles} sr
          join ${jurisdictions} j on j.code = sr.jurisdiction_code
         where sr.user_id = ${users}.id and ${current('sr')}), '[]'::json)`,
    })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.active, true)));
  if (!row) return null;
  const { coordinatorRoles: coordinator, supervisorRoles: supervisor, ...user } = row;
  return {
    user,
    coordinatorRoles: coordinator,
    supervisorRoles: supervisor,
    scope: scopeOf(user.id, coordinator, supervisor),
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
