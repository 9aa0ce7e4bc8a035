import type { DutyRule } from '../api/duties';
import type { LogStatus } from '../api/logs';
import type { LogKind } from '../api/keys';

/**
 * Which logs count for each cadence rule of seed §二(三) (docs/domain.md §4), written once as data:
 * the duty marks (SQL, server/src/db/sql/rules.ts derives its fragments from this), the
 * bookkeeping check, the evaluations and the app all read it from here.
 *
 * - C1 (monthly contact): a contact, or a visit that is submitted or approved (a visit is also that
 *   month's contact; a rejected or withdrawn one is not);
 * - C2 (quarterly site visit): a submitted or approved visit (done once approved, awaiting before);
 * - C3 (yearly guidance): a guidance log.
 */
export interface QualifyingLog {
  kind: LogKind;
  /** The statuses that count; every status when absent. */
  statuses?: readonly LogStatus[];
}

/** The statuses of a visit that count: submitted (awaiting approval) or approved. */
export const COUNTING_VISIT_STATUSES = ['submitted', 'approved'] as const satisfies readonly LogStatus[];

export const QUALIFYING_LOGS: Record<DutyRule, readonly QualifyingLog[]> = {
  C1: [{ kind: 'contact' }, { kind: 'visit', statuses: COUNTING_VISIT_STATUSES }],
  C2: [{ kind: 'visit', statuses: COUNTING_VISIT_STATUSES }],
  C3: [{ kind: 'guidance' }],
};

/** The rules whose mark is `awaiting` (not `done`) until one of its logs is approved. */
export const RULES_NEEDING_APPROVAL: readonly DutyRule[] = ['C2'];

/** Whether a log of this kind and status counts for the rule (the TypeScript side of the rule). */
export function logCountsFor(rule: DutyRule, log: { kind: LogKind; status: LogStatus }): boolean {
  return QUALIFYING_LOGS[rule].some(
    (q) => q.kind === log.kind && (q.statuses === undefined || q.statuses.includes(log.status)),
  );
}

/** The rules a log of this kind can count for, whatever its status (in C1, C2, C3 order). */
export function rulesForKind(kind: LogKind): DutyRule[] {
  return (Object.keys(QUALIFYING_LOGS) as DutyRule[]).filter((rule) =>
    QUALIFYING_LOGS[rule].some((q) => q.kind === kind),
  );
}
