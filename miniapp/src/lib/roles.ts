import type { Me } from '@coordnet/shared/api/auth';
import { APPROVER_LEVELS } from '@coordnet/shared/domain/roles';
import { isWithin } from '@coordnet/shared/domain/jurisdiction-code';

type CoordinatorRole = Me['coordinatorRoles'][number];
type SupervisorRole = Me['supervisorRoles'][number];

/** Township and park coordinators carry the C1/C2 duties (seed §二(三)). */
export const isDutyRole = (role: CoordinatorRole): boolean =>
  role.kind === 'township' || role.kind === 'park';

export function dutyRoles(user: Me): CoordinatorRole[] {
  return user.coordinatorRoles.filter(isDutyRole);
}

/** Whether the person contacts and visits the enterprises registered under this jurisdiction. */
export function isResponsibleFor(user: Me, jurisdictionCode: string): boolean {
  return dutyRoles(user).some((role) => isWithin(jurisdictionCode, role.jurisdictionCode));
}

/**
 * Grassroots posts that log contacts and visits: township/park (C1/C2 are theirs) and community
 * coordinators (with the enterprises of their community; C5 evaluates that service, seed §二(三)).
 */
export const isLoggingRole = (role: CoordinatorRole): boolean =>
  isDutyRole(role) || role.kind === 'community';

export function loggingRoles(user: Me): CoordinatorRole[] {
  return user.coordinatorRoles.filter(isLoggingRole);
}

/** Whether the person may log contacts and visits with an enterprise registered under this jurisdiction. */
export function canLogWith(user: Me, jurisdictionCode: string): boolean {
  return loggingRoles(user).some((role) => isWithin(jurisdictionCode, role.jurisdictionCode));
}

/** Reporting risks is every coordinator's duty (seed §二(二), fifth duty): its own, township/park or community coordinator. */
export function canReportRiskAt(user: Me, enterprise: { id: string; jurisdictionCode: string }): boolean {
  return isEnterpriseCoordinatorOf(user, enterprise.id) || canLogWith(user, enterprise.jurisdictionCode);
}

/** Enterprise coordinator posts: the enterprises the person reports risks for (C4). */
export function enterpriseRoles(user: Me): (CoordinatorRole & { enterpriseId: string })[] {
  return user.coordinatorRoles.filter(
    (role): role is CoordinatorRole & { enterpriseId: string } =>
      role.kind === 'enterprise' && role.enterpriseId !== null,
  );
}

export function isEnterpriseCoordinatorOf(user: Me, enterpriseId: string): boolean {
  return enterpriseRoles(user).some((role) => role.enterpriseId === enterpriseId);
}

export const isSupervisor = (user: Me): boolean => user.supervisorRoles.length > 0;

/** Manager supervisors at county level or above: they approve visits and edit policy settings. */
export function managerRoles(user: Me): SupervisorRole[] {
  return user.supervisorRoles.filter(
    (role) =>
      role.access === 'manager' && (APPROVER_LEVELS as readonly string[]).includes(role.jurisdictionLevel),
  );
}
