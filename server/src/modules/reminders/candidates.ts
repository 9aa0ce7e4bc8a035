import type { SettingsResolver } from '../settings/service';
import type { Plan } from './plan';
import { settingsNode } from './plan';
import type { PersonRow } from './recipients';
import type { GroupRow } from './reads';

/**
 * The reminders that may be due at an instant, before anything is read for them: one candidate a
 * group (or person), rule and period or day, each with its run key, so that a second tick, or a
 * second server, composes nothing twice.
 */
export interface Candidate {
  runKey: string;
  rule: 'due' | 'overdue' | 'summary' | 'approval_backlog' | 'personal_overdue';
  period: string;
  jurisdictionCode: string;
  group?: GroupRow;
  person?: PersonRow;
  plan: Plan;
  /** the demo's preview (composeDemoPreview): labelled, sent at once */
  preview?: boolean;
}

type PlanFor = (code: string) => Plan;

/** A group's routine reminders today: a township's or park's due list and overdue notice; a higher level's summary and backlog. */
function groupCandidates(group: GroupRow, plan: Plan, today: string): Candidate[] {
  const base = { jurisdictionCode: group.jurisdictionCode, group, plan };
  const out: Candidate[] = [];
  if (group.level === 'township' || group.level === 'park') {
    if (plan.due) out.push({ ...base, runKey: `due:${group.id}:${today}`, rule: 'due', period: today });
    if (plan.closed)
      out.push({
        ...base,
        runKey: `overdue:${group.id}:${plan.closed.month}`,
        rule: 'overdue',
        period: plan.closed.month,
      });
  } else if (group.level === 'county' || group.level === 'city' || group.level === 'province') {
    if (plan.closed)
      out.push({
        ...base,
        runKey: `summary:${group.id}:${plan.closed.month}`,
        rule: 'summary',
        period: plan.closed.month,
      });
    out.push({
      ...base,
      runKey: `approval_backlog:${group.id}:${today}`,
      rule: 'approval_backlog',
      period: today,
    });
  }
  return out;
}

/** The groups' routine reminders at a routine send time of their county. */
export function routineCandidates(groups: readonly GroupRow[], planFor: PlanFor, today: string): Candidate[] {
  return groups.flatMap((group) => {
    const plan = planFor(group.jurisdictionCode);
    return plan.routine ? groupCandidates(group, plan, today) : [];
  });
}

/** A personal overdue notice for each township/park coordinator whose county closed a period today. */
export function personalCandidates(people: readonly PersonRow[], planFor: PlanFor): Candidate[] {
  return people.flatMap((person): Candidate[] => {
    const plan = planFor(person.code);
    if (!plan.closed) return [];
    return [
      {
        runKey: `personal_overdue:${person.user_id}:${plan.closed.month}`,
        rule: 'personal_overdue',
        period: plan.closed.month,
        jurisdictionCode: person.code,
        person,
        plan,
      },
    ];
  });
}

/** The demo's preview: every township/park group's "still due" reminder as it would read today. */
export function previewCandidates(
  groups: readonly GroupRow[],
  resolver: SettingsResolver,
  today: string,
): Candidate[] {
  return groups
    .filter((g) => g.level === 'township' || g.level === 'park')
    .map((group) => ({
      runKey: `preview:due:${group.id}`,
      rule: 'due',
      period: today,
      jurisdictionCode: group.jurisdictionCode,
      group,
      preview: true,
      plan: {
        settings: resolver.effectiveFor(settingsNode(group.jurisdictionCode)),
        routine: true,
        due: true,
        closed: null,
        estimated: false,
      },
    }));
}
