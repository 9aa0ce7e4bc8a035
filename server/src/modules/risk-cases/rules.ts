import type { PolicySettings } from '@coordnet/shared/api/settings';
import type { RiskSeverity } from '@coordnet/shared/api/logs';
import { parentCode, rollupCode } from '@coordnet/shared/domain/jurisdiction-code';

/**
 * The level that answers for a new risk report first: the enterprise's township or park; a major
 * dispute (重大劳动关系矛盾纠纷) goes to the county group at once (C4), so the county answers for it.
 */
export function firstHandlingCode(enterpriseCode: string, severity: RiskSeverity): string {
  return rollupCode(enterpriseCode, severity === 'major' ? 'county' : 'township');
}

/** Where an overdue case goes next: the level above, none above the province. */
export const nextHandlingCode = (code: string): string | null => parentCode(code);

/** Hours the handling level has to close a case of this severity (county setting). */
export function deadlineHours(settings: PolicySettings, severity: RiskSeverity): number {
  if (severity === 'major') return settings.riskDeadlineHoursMajor;
  if (severity === 'serious') return settings.riskDeadlineHoursSerious;
  return settings.riskDeadlineHoursGeneral;
}

export const addHours = (at: Date, hours: number) => new Date(at.getTime() + hours * 3_600_000);
