/** Coordinator kinds of seed §二(一) (docs/domain.md §2), with their Chinese names. */
export const COORDINATOR_KINDS = {
  enterprise: '企业劳动关系协调员',
  township: '乡镇(街道)劳动关系协调员',
  park: '工业园区劳动关系协调员',
  community: '社区(村)劳动关系协调员',
  union: '工会劳动关系协调员',
  enterprise_federation: '企业联合会/企业家协会协调员',
  federation_of_industry: '工商联劳动关系监测联络员',
  industry_association: '行业协会(商会)协调员',
  mediation: '调解组织协调员',
  legal: '律师事务所/社会组织协调员',
} as const;
export type CoordinatorKind = keyof typeof COORDINATOR_KINDS;
export const COORDINATOR_KIND_KEYS = Object.keys(COORDINATOR_KINDS) as [
  CoordinatorKind,
  ...CoordinatorKind[],
];

/** Grassroots coordinators: the ones the township/park platform (基层公共服务平台) employs. */
export const GRASSROOTS_KINDS: readonly CoordinatorKind[] = ['township', 'park', 'community'];

/** Skill levels of occupation 4-07-03-02; there is no 五级. */
export const SKILL_LEVELS = {
  level4: '四级/中级工',
  level3: '三级/高级工',
  level2: '二级/技师',
  level1: '一级/高级技师',
} as const;
export type SkillLevel = keyof typeof SKILL_LEVELS;
export const SKILL_LEVEL_KEYS = Object.keys(SKILL_LEVELS) as [SkillLevel, ...SkillLevel[]];

/** Supervisors are HRSS staff at county level or above. `manager` may write and approve. */
export const SUPERVISOR_ACCESS = {
  viewer: '查看',
  manager: '管理',
} as const;
export type SupervisorAccess = keyof typeof SUPERVISOR_ACCESS;
export const SUPERVISOR_ACCESS_KEYS = Object.keys(SUPERVISOR_ACCESS) as [
  SupervisorAccess,
  ...SupervisorAccess[],
];

export const ENTERPRISE_STATUSES = {
  active: '正常',
  suspended: '停业',
  closed: '注销',
} as const;
export type EnterpriseStatus = keyof typeof ENTERPRISE_STATUSES;
export const ENTERPRISE_STATUS_KEYS = Object.keys(ENTERPRISE_STATUSES) as [
  EnterpriseStatus,
  ...EnterpriseStatus[],
];

/** The levels whose supervisors may approve visit logs. */
export const APPROVER_LEVELS = ['county', 'city', 'province'] as const;
export type ApproverLevel = (typeof APPROVER_LEVELS)[number];
