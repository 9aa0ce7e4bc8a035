import type { Duty } from './duties';

/**
 * What the county's yearly guidance of enterprise coordinators (C3) is about — the seven areas seed
 * §二(三) 岗位责任制 lists for it: 指导企业劳动关系协调员履行好在劳动保障法律法规政策宣传、本企业劳动合同
 * 管理制度设计、用工形式选择、组织参与集体协商、劳动规章制度制定实施、民主管理、劳动争议调解等方面职责.
 * Not the seven duties of seed §二(二) (./duties.ts), which contact and visit logs name.
 */
export const GUIDANCE_TOPICS = {
  law_policy_publicity: '劳动保障法律法规政策宣传',
  contract_system_design: '本企业劳动合同管理制度设计',
  employment_form: '用工形式选择',
  collective_bargaining: '组织参与集体协商',
  work_rules: '劳动规章制度制定实施',
  democratic_management: '民主管理',
  dispute_mediation: '劳动争议调解',
} as const;
export type GuidanceTopic = keyof typeof GUIDANCE_TOPICS;
export const GUIDANCE_TOPIC_KEYS = Object.keys(GUIDANCE_TOPICS) as [GuidanceTopic, ...GuidanceTopic[]];

/**
 * How guidance logs written before the topics existed (they named §二(二) duties) are read: each
 * duty to the topics it covers; 风险隐患 and 和谐劳动关系创建 have no C3 topic. Migration 0024 applies
 * the same table in SQL.
 */
export const TOPICS_OF_LEGACY_DUTY: Record<Duty, GuidanceTopic[]> = {
  law_publicity: ['law_policy_publicity'],
  standards_contracts: ['contract_system_design', 'work_rules'],
  democratic_bargaining: ['collective_bargaining', 'democratic_management'],
  dispute_mediation: ['dispute_mediation'],
  risk_reporting: [],
  checkup_registration: ['employment_form'],
  harmony_creation: [],
};
