import type { Me } from '@coordnet/shared/api/auth';
import { APPROVER_LEVELS } from '@coordnet/shared/api/settings';
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
