import { occurredAtProblem } from '@coordnet/shared/domain/backfill';

/**
 * What the server would say about when a log happened, said on the phone before it is queued:
 * missing, in the future, or (when the county's window is known) older than the back-fill window.
 */
export function occurredAtError(
  occurredAt: Date | null,
  backfillDays: number | undefined,
  missing: string,
  now = new Date(),
): string | undefined {
  if (!occurredAt) return missing;
  const problem = occurredAtProblem(occurredAt, now, backfillDays ?? 0);
  // Without the county's settings only the future is certain; the window is left to the server.
  if (!problem || (backfillDays === undefined && problem.code === 'occurred_at_too_early')) return undefined;
  return problem.message;
}
