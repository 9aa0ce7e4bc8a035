import {
  assessmentSchema,
  assessmentTargetResponseSchema,
  type Assessment,
  type AssessmentTargetBody,
} from '@coordnet/shared/api/assessment';
import { apiGet, apiRequest } from '../../lib/api';

export const assessmentKeys = {
  regions: (jurisdiction: string | undefined, year: number) =>
    ['assessment', jurisdiction ?? 'mine', year] as const,
};

export function fetchAssessment(
  jurisdiction: string | undefined,
  year: number,
  signal?: AbortSignal,
): Promise<Assessment> {
  return apiGet('/assessment/regions', assessmentSchema, { jurisdiction, year }, signal);
}

export function saveTarget(code: string, body: AssessmentTargetBody) {
  return apiRequest(`/assessment/targets/${encodeURIComponent(code)}`, assessmentTargetResponseSchema, {
    method: 'PUT',
    body,
  });
}
