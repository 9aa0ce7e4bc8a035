import {
  evaluationListSchema,
  evaluationSchema,
  type EvaluationAdjust,
} from '@coordnet/shared/api/evaluations';
import { jurisdictionListSchema, type Jurisdiction } from '@coordnet/shared/api/registry';
import { apiGet, apiRequest } from '../../lib/api';

export const evaluationKeys = {
  list: (jurisdiction: string, year: number) => ['evaluations', jurisdiction, year] as const,
  counties: () => ['evaluations', 'counties'] as const,
};

/** My scope two levels down: a province's cities and counties, a city's counties (and townships). */
export async function countiesInScope(signal: AbortSignal): Promise<Jurisdiction[]> {
  return (await apiGet('/jurisdictions', jurisdictionListSchema, { depth: 2 }, signal)).items;
}

export const fetchEvaluations = (jurisdiction: string, year: number, signal: AbortSignal) =>
  apiGet('/evaluations', evaluationListSchema, { jurisdiction, year }, signal);

export const computeEvaluations = (jurisdiction: string, year: number) =>
  apiRequest('/evaluations/compute', evaluationListSchema, { method: 'POST', body: { jurisdiction, year } });

export const finalizeAll = (jurisdiction: string, year: number) =>
  apiRequest('/evaluations/finalize', evaluationListSchema, { method: 'POST', body: { jurisdiction, year } });

export const adjustEvaluation = (id: string, body: EvaluationAdjust) =>
  apiRequest(`/evaluations/${encodeURIComponent(id)}`, evaluationSchema, { method: 'PATCH', body });

export const finalizeEvaluation = (id: string) =>
  apiRequest(`/evaluations/${encodeURIComponent(id)}/finalize`, evaluationSchema, { method: 'POST' });
