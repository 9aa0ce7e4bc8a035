import {
  awardPageSchema,
  awardSchema,
  trainingSessionPageSchema,
  trainingSessionSchema,
  type AwardCreate,
  type TrainingSessionCreate,
} from '@coordnet/shared/api/development';
import { coordinatorPageSchema } from '@coordnet/shared/api/registry';
import { apiGet, apiRequest } from '../../lib/api';

export const trainingKeys = {
  all: ['training'] as const,
  sessions: (jurisdiction: string, year: number) => ['training', 'sessions', jurisdiction, year] as const,
  awards: (jurisdiction: string, year: number) => ['training', 'awards', jurisdiction, year] as const,
  people: (jurisdiction: string, q: string) => ['training', 'people', jurisdiction, q] as const,
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
