import type { Me } from '@coordnet/shared/api/auth';
import { accessLabel, levelLabel, skillLabel } from './labels';

export interface PostSummary {
  key: string;
  title: string;
  /** Where the post is held. */
  place: string;
  /** Skill level for coordinators, access for supervisors. */
  badge: string;
}

/** A person's posts (岗位) in display form: coordinator roles first, then supervision roles. */
export function describePosts(user: Me): PostSummary[] {
  const coordinator = user.coordinatorRoles.map((role) => ({
    key: `c-${role.id}`,
    title: role.kindLabel,
    place: role.enterpriseName ?? role.jurisdictionName,
    badge: skillLabel(role.skillLevel),
  }));
  const supervisor = user.supervisorRoles.map((role) => ({
    key: `s-${role.id}`,
    title: '人社部门监管人员',
    place: `${role.jurisdictionName}（${levelLabel(role.jurisdictionLevel)}）`,
    badge: accessLabel(role.access),
  }));
  return [...coordinator, ...supervisor];
}
