import { canManage } from '../../lib/scope';
import type { Principal } from '../auth/principal';
import { isResponsibleCoordinator } from '../logs/authorization';

/**
 * Who needs a coordinator's whole mobile (docs/domain.md §6: masked unless the viewer needs it): the
 * township or park coordinator who must contact the people of their area every month (seed §二(三)
 * C1), and supervisors with manager access over it, who guide and manage them (C3). Read-only
 * viewers, community coordinators and enterprise coordinators see masked numbers only.
 */
export function mayRevealMobile(principal: Principal, jurisdictionCode: string): boolean {
  return (
    canManage(principal.scope, jurisdictionCode) || isResponsibleCoordinator(principal, jurisdictionCode)
  );
}
