import { ERROR_MESSAGES } from '../api/errors';
import { shanghaiDate, shanghaiParts } from './period';

/** How far ahead of the server's clock a log may be, for phones whose clock runs a little fast. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const CST_OFFSET_MS = 8 * 60 * 60 * 1000;

export interface OccurredAtProblem {
  code: 'occurred_at_future' | 'occurred_at_too_early';
  /** The Chinese message the server answers with, so the phone can say the same at the field. */
  message: string;
  details?: { backfillDays: number; earliest: string };
}

/**
 * Seed §二(三) logs belong to the period they happened in; a log may not be in the future (beyond
 * clock skew) nor older than the county's back-fill window, counted in whole Shanghai days.
 * Shared by the server (which refuses) and the phone (which says so before queueing).
 */
export function occurredAtProblem(
  occurredAt: Date,
  now: Date,
  backfillDays: number,
): OccurredAtProblem | null {
  if (occurredAt.getTime() > now.getTime() + CLOCK_SKEW_MS)
    return { code: 'occurred_at_future', message: ERROR_MESSAGES.occurred_at_future };
  const { year, month, day } = shanghaiParts(now);
  const earliest = new Date(Date.UTC(year, month - 1, day) - backfillDays * DAY_MS - CST_OFFSET_MS);
  if (occurredAt.getTime() < earliest.getTime())
    return {
      code: 'occurred_at_too_early',
      message: `发生时间早于补录期限：只能补录 ${backfillDays} 天内的记录(${shanghaiDate(earliest)} 及以后)`,
      details: { backfillDays, earliest: earliest.toISOString() },
    };
  return null;
}
