import {
  caseDetailSchema,
  casePageSchema,
  type CaseCreate,
  type CaseDetail,
} from '@coordnet/shared/api/cases';
import { apiGet, apiRequest } from '../../lib/api';

export const caseKeys = {
  list: (q: string, duty: string) => ['cases', 'list', q, duty] as const,
  one: (id: string) => ['cases', 'one', id] as const,
};

export function fetchCases(q: string, duty: string, cursor: string | undefined, signal: AbortSignal) {
  return apiGet(
    '/cases',
    casePageSchema,
    { q: q || undefined, duty: duty || undefined, cursor, limit: 20 },
    signal,
  );
}

export function fetchCase(id: string, signal: AbortSignal): Promise<CaseDetail> {
  return apiGet(`/cases/${encodeURIComponent(id)}`, caseDetailSchema, undefined, signal);
}

export function shareCase(body: CaseCreate): Promise<CaseDetail> {
  return apiRequest('/cases', caseDetailSchema, { method: 'POST', body });
}

export function moderateCase(id: string, reason: string | null): Promise<CaseDetail> {
  return apiRequest(
    `/cases/${encodeURIComponent(id)}/${reason === null ? 'restore' : 'hide'}`,
    caseDetailSchema,
    {
      method: 'POST',
      ...(reason === null ? {} : { body: { reason } }),
    },
  );
}
