import { logSchema } from '@coordnet/shared/api/logs';
import { jurisdictionListSchema, type Jurisdiction } from '@coordnet/shared/api/registry';
import { riskCaseListSchema, riskCaseSchema, type RiskCaseStage } from '@coordnet/shared/api/risk-cases';
import type { RiskSeverity } from '@coordnet/shared/api/logs';
import { apiGet, apiRequest } from '../../lib/api';

export interface RiskCaseFilters {
  jurisdiction?: string | undefined;
  stage?: RiskCaseStage | undefined;
  severity?: RiskSeverity | undefined;
  overdue?: boolean | undefined;
}

export const riskCaseKeys = {
  all: ['risk-cases'] as const,
  list: (f: RiskCaseFilters) => ['risk-cases', 'list', f] as const,
  one: (id: string) => ['risk-cases', 'one', id] as const,
  places: () => ['risk-cases', 'places'] as const,
};

export const fetchRiskCases = (f: RiskCaseFilters, signal: AbortSignal) =>
  apiGet(
    '/risk-cases',
    riskCaseListSchema,
    {
      jurisdiction: f.jurisdiction,
      stage: f.stage,
      severity: f.severity,
      overdue: f.overdue === undefined ? undefined : String(f.overdue),
      limit: 100,
    },
    signal,
  );

export const fetchRiskCase = (id: string, signal: AbortSignal) =>
  apiGet(`/risk-cases/${encodeURIComponent(id)}`, riskCaseSchema, undefined, signal);

export const acceptRiskCase = (id: string) =>
  apiRequest(`/risk-cases/${encodeURIComponent(id)}/accept`, riskCaseSchema, { method: 'POST' });

export const startRiskCase = (id: string) =>
  apiRequest(`/risk-cases/${encodeURIComponent(id)}/start`, riskCaseSchema, { method: 'POST' });

export const closeRiskCase = (id: string, outcome: string) =>
  apiRequest(`/risk-reports/${encodeURIComponent(id)}/close`, logSchema, {
    method: 'POST',
    body: { outcome },
  });

/** The places of my scope two levels down, to filter by (a county's townships, a city's counties…). */
export async function placesInScope(signal: AbortSignal): Promise<Jurisdiction[]> {
  return (await apiGet('/jurisdictions', jurisdictionListSchema, { depth: 2 }, signal)).items;
}
