/** The seven duties of seed §二(二) (docs/domain.md §3): the topics every contact or visit log names. */
export const DUTIES = {
  law_publicity: '宣传劳动保障法律法规政策',
  standards_contracts: '劳动标准、规章制度制订，劳动合同管理',
  democratic_bargaining: '民主管理制度，集体协商，民主协商',
  dispute_mediation: '矛盾纠纷排查和协商调解',
  risk_reporting: '反映用工和矛盾纠纷状况、风险隐患',
  checkup_registration: '劳动用工体检、用工登记"一件事"',
  harmony_creation: '和谐劳动关系创建活动',
} as const;
export type Duty = keyof typeof DUTIES;
export const DUTY_KEYS = Object.keys(DUTIES) as [Duty, ...Duty[]];
