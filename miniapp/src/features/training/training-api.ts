import {
  awardPageSchema,
  awardSchema,
  signInSheetResultSchema,
  trainingAttendeesSchema,
  trainingSessionPageSchema,
  trainingSessionSchema,
  type AwardCreate,
  type TrainingAttendanceAdd,
  type TrainingSessionCreate,
} from '@coordnet/shared/api/development';
import {
  incentiveEntrySchema,
  incentivePageSchema,
  myIncentivesSchema,
  type IncentiveAdvance,
  type IncentiveKind,
  type IncentiveStatus,
} from '@coordnet/shared/api/incentives';
import { coordinatorPageSchema } from '@coordnet/shared/api/registry';
import { apiGet, apiRequest } from '../../lib/api';

export const trainingKeys = {
  all: ['training'] as const,
  sessions: (jurisdiction: string, year: number) => ['training', 'sessions', jurisdiction, year] as const,
  awards: (jurisdiction: string, year: number) => ['training', 'awards', jurisdiction, year] as const,
  people: (jurisdiction: string, q: string) => ['training', 'people', jurisdiction, q] as const,
  session: (id: string) => ['training', 'session', id] as const,
  incentives: (kind: IncentiveKind, jurisdiction: string, status: IncentiveStatus | '') =>
    ['training', 'incentives', kind, jurisdiction, status] as const,
  mine: ['training', 'incentives', 'mine'] as const,
};

export const fetchSessions = (jurisdiction: string, year: number, signal: AbortSignal) =>
  apiGet('/training-sessions', trainingSessionPageSchema, { jurisdiction, year, limit: 100 }, signal);

export const fetchAwards = (jurisdiction: string, year: number, signal: AbortSignal) =>
  apiGet('/awards', awardPageSchema, { jurisdiction, year, limit: 100 }, signal);

export const createSession = (body: TrainingSessionCreate) =>
  apiRequest('/training-sessions', trainingSessionSchema, { method: 'POST', body });

export const createAward = (body: AwardCreate) =>
  apiRequest('/awards', awardSchema, { method: 'POST', body });

/** People holding a post under the organising level, by name. */
export const fetchPeople = (jurisdiction: string, q: string, signal: AbortSignal) =>
  apiGet('/coordinators', coordinatorPageSchema, { jurisdiction, q: q || undefined, limit: 50 }, signal);

export const fetchAttendees = (id: string, signal: AbortSignal) =>
  apiGet(
    `/training-sessions/${encodeURIComponent(id)}/attendees`,
    trainingAttendeesSchema,
    undefined,
    signal,
  );

export const addAttendance = (id: string, body: TrainingAttendanceAdd) =>
  apiRequest(`/training-sessions/${encodeURIComponent(id)}/attendance`, trainingSessionSchema, {
    method: 'POST',
    body,
  });

/** 签到表: `confirm` false previews the matches, true writes every row or none. */
export function uploadSignInSheet(id: string, file: File, confirm: boolean) {
  const form = new FormData();
  form.append('file', file, file.name);
  return apiRequest(`/training-sessions/${encodeURIComponent(id)}/sign-in-sheet`, signInSheetResultSchema, {
    method: 'POST',
    query: { confirm: String(confirm) },
    body: form,
  });
}

export const fetchIncentives = (
  kind: IncentiveKind,
  jurisdiction: string,
  status: IncentiveStatus | '',
  signal: AbortSignal,
) =>
  apiGet(
    `/incentives/${kind}`,
    incentivePageSchema,
    { jurisdiction, status: status || undefined, limit: 200 },
    signal,
  );

export const advanceIncentive = (kind: IncentiveKind, body: IncentiveAdvance) =>
  apiRequest(`/incentives/${kind}/advance`, incentiveEntrySchema, { method: 'POST', body });

export const fetchMyIncentives = (signal: AbortSignal) =>
  apiGet('/incentives/mine', myIncentivesSchema, undefined, signal);
