import {
  INDUSTRIES,
  SIZE_LABELS,
  type EnterpriseSize,
  type Industry,
} from '@coordnet/shared/domain/enterprise-size';
import { LEVEL_LABELS, type JurisdictionLevel } from '@coordnet/shared/domain/jurisdiction-code';
import { maskMobile } from '@coordnet/shared/domain/personal-data';
import {
  ENTERPRISE_STATUSES,
  SKILL_LEVELS,
  SUPERVISOR_ACCESS,
  type EnterpriseStatus,
  type SkillLevel,
  type SupervisorAccess,
} from '@coordnet/shared/domain/roles';

export const NOT_FILLED = '未填写';

export const industryLabel = (industry: Industry): string => INDUSTRIES[industry];
export const levelLabel = (level: JurisdictionLevel): string => LEVEL_LABELS[level];
export const statusLabel = (status: EnterpriseStatus): string => ENTERPRISE_STATUSES[status];
export const accessLabel = (access: SupervisorAccess): string => SUPERVISOR_ACCESS[access];

export function sizeLabel(size: EnterpriseSize | null): string {
  return size ? SIZE_LABELS[size] : '未核定';
}

export function skillLabel(level: SkillLevel | null): string {
  return level ? SKILL_LEVELS[level] : '未取得等级';
}

/** The server masks mobiles already; masking again guards against a raw number ever reaching the screen. */
export function displayMobile(mobile: string | null): string {
  if (!mobile) return NOT_FILLED;
  return /^\d{11}$/.test(mobile) ? maskMobile(mobile) : mobile;
}

export function formatAmount(value: number | null): string {
  return value === null ? NOT_FILLED : value.toLocaleString('zh-CN', { maximumFractionDigits: 2 });
}

/** Shown beside a jurisdiction whose code the county assigned itself (no 统计用区划代码). */
export const LOCAL_CODE_NOTE = '本地编码，非统计用区划代码';
