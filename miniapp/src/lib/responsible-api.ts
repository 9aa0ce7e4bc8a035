import {
  enterpriseResponsibleBulkResultSchema,
  enterpriseSchema,
  responsibleCandidateListSchema,
  responsibleSummarySchema,
  type Enterprise,
  type ResponsibleSummary,
} from '@coordnet/shared/api/registry';
import { apiGet, apiRequest } from './api';

/**
 * 责任人 (seed §二(三) 岗位责任制): the township/park coordinator who answers for an enterprise.
 * Reads start with 'registry' so a sign-out drops them with the rest.
 */
export const responsibleKeys = {
  candidates: (jurisdiction: string) => ['registry', 'responsible', 'candidates', jurisdiction] as const,
  summary: () => ['registry', 'responsible', 'summary'] as const,
};

export function fetchResponsibleCandidates(jurisdiction: string, signal?: AbortSignal) {
  return apiGet(
    '/enterprises/responsible-candidates',
    responsibleCandidateListSchema,
    { jurisdiction },
    signal,
  );
}

export function fetchMineSummary(signal?: AbortSignal): Promise<ResponsibleSummary> {
  return apiGet('/enterprises/mine/summary', responsibleSummarySchema, undefined, signal);
}

export function assignResponsible(enterpriseId: string, roleId: string | null): Promise<Enterprise> {
  return apiRequest(`/enterprises/${encodeURIComponent(enterpriseId)}/responsible`, enterpriseSchema, {
    method: 'PUT',
    body: { roleId },
  });
}

export function assignResponsibleBulk(enterpriseIds: string[], roleId: string | null) {
  return apiRequest('/enterprises/responsible', enterpriseResponsibleBulkResultSchema, {
    method: 'POST',
    body: { enterpriseIds, roleId },
  });
}
