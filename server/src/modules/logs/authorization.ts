import { and, eq, gte, inArray, isNull, lte, or } from 'drizzle-orm';
import { isWithin } from '@coordnet/shared/domain/jurisdiction-code';
import { shanghaiDate } from '@coordnet/shared/domain/period';
import type { Db } from '../../db/client';
import { coordinatorRoles, users } from '../../db/schema/people';
import { AppError } from '../../lib/errors';
import type { Principal } from '../auth/principal';

/**
 * Seed §二(三): township and park coordinators contact and visit the enterprises of their
 * jurisdiction (communities included). Micro enterprises without a coordinator of their own are
 * served the same way, through their contact person.
 */
export function isResponsibleCoordinator(principal: Principal, jurisdictionCode: string): boolean {
  return principal.coordinatorRoles.some(
    (role) =>
      (role.kind === 'township' || role.kind === 'park') && isWithin(jurisdictionCode, role.jurisdictionCode),
  );
}

/**
 * Who may log contacts and visits with an enterprise: its township/park coordinators (C1/C2 are
 * theirs), and the community (village) coordinators of the community it is registered in — they
 * carry no C1/C2 of their own, but C5 evaluates them on their service to enterprises (seed §二(三)
 * 技能比武和评价机制: 服务企业和劳动者频次), so they must be able to record it.
 */
export function canLogWithEnterprise(principal: Principal, jurisdictionCode: string): boolean {
  return (
    isResponsibleCoordinator(principal, jurisdictionCode) ||
    principal.coordinatorRoles.some(
      (role) => role.kind === 'community' && isWithin(jurisdictionCode, role.jurisdictionCode),
    )
  );
}

export function requireResponsible(principal: Principal, jurisdictionCode: string, action: string): void {
  if (!canLogWithEnterprise(principal, jurisdictionCode)) {
    throw new AppError(
      'not_responsible',
      `只有负责该企业的乡镇(街道)、工业园区或所在社区(村)劳动关系协调员可以${action}`,
    );
  }
}

/** Checks that every user is a current, active enterprise coordinator of the enterprise (400 otherwise). */
/** Whether the enterprise has a coordinator of its own in post today (who C3 guides). */
export async function hasEnterpriseCoordinators(
  db: Pick<Db, 'select'>,
  enterpriseId: string,
  now: Date,
): Promise<boolean> {
  const today = shanghaiDate(now);
  const rows = await db
    .select({ userId: coordinatorRoles.userId })
    .from(coordinatorRoles)
    .innerJoin(users, eq(users.id, coordinatorRoles.userId))
    .where(
      and(
        eq(coordinatorRoles.enterpriseId, enterpriseId),
        eq(coordinatorRoles.kind, 'enterprise'),
        lte(coordinatorRoles.validFrom, today),
        or(isNull(coordinatorRoles.validTo), gte(coordinatorRoles.validTo, today)),
        eq(users.active, true),
      ),
    )
    .limit(1);
  return rows.length > 0;
}

export async function requireEnterpriseCoordinators(
  db: Pick<Db, 'selectDistinct'>,
  enterpriseId: string,
  userIds: readonly string[],
  now: Date,
): Promise<void> {
  if (userIds.length === 0) return;
  const today = shanghaiDate(now);
  const rows = await db
    .selectDistinct({ userId: coordinatorRoles.userId })
    .from(coordinatorRoles)
    .innerJoin(users, eq(users.id, coordinatorRoles.userId))
    .where(
      and(
        eq(coordinatorRoles.enterpriseId, enterpriseId),
        eq(coordinatorRoles.kind, 'enterprise'),
        inArray(coordinatorRoles.userId, [...userIds]),
        lte(coordinatorRoles.validFrom, today),
        or(isNull(coordinatorRoles.validTo), gte(coordinatorRoles.validTo, today)),
        eq(users.active, true),
      ),
    );
  if (rows.length !== new Set(userIds).size) {
    throw new AppError('person_invalid', undefined, {
      invalid: userIds.filter((id) => !rows.some((r) => r.userId === id)),
    });
  }
}
