import {
  dutyPageSchema,
  dutySummarySchema,
  type DutyPage,
  type DutyRule,
  type DutyStatus,
  type DutySummary,
} from '@coordnet/shared/api/duties';
import { apiGet } from './api';

export interface DutyTarget {
  rule: DutyRule;
  /** Defaults to the current period of the rule. */
  period?: string;
  /** Defaults to the first jurisdiction of my scope (or to the enterprise's). */
  jurisdiction?: string;
  /** One enterprise's status only; its own coordinators may ask too. */
  enterpriseId?: string;
}

export const dutyKeys = {
  summary: (target: DutyTarget) => ['duty', 'summary', target] as const,
  list: (target: DutyTarget, status?: DutyStatus) => ['duty', 'list', target, status ?? 'all'] as const,
};

export function fetchDutySummary(target: DutyTarget, signal?: AbortSignal): Promise<DutySummary> {
  return apiGet('/duties/summary', dutySummarySchema, { ...target }, signal);
}

export function fetchDutyPage(
  target: DutyTarget,
  options: { status?: DutyStatus; cursor?: string; limit?: number } = {},
  signal?: AbortSignal,
): Promise<DutyPage> {
  return apiGet(
    '/duties',
    dutyPageSchema,
    { ...target, status: options.status, cursor: options.cursor, limit: options.limit ?? 50 },
    signal,
  );
}
