import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { DUTY_RULES, type DutyRule } from '@coordnet/shared/api/duties';
import { RULES_NEEDING_APPROVAL } from '@coordnet/shared/domain/duty-rules';
import type { PeriodKind } from '@coordnet/shared/domain/period';
import type { Db } from './client';
import { rowsOf } from './rows';
import { qualifyingCondition, rollupText } from './rules-sql';

const PERIOD_FORMAT: Record<PeriodKind, string> = { month: 'YYYY-MM', quarter: 'YYYY-"Q"Q', year: 'YYYY' };

/**
 * Every mark the logs call for, recomputed per rule from the same data the duty engine reads
 * (shared/src/domain/duty-rules.ts): done, or awaiting until a log of a rule that needs approval is approved.
 */
function computedMarks(cst: (column: string, format: string) => string): string {
  return (Object.keys(DUTY_RULES) as DutyRule[])
    .map((rule) => {
      const state = RULES_NEEDING_APPROVAL.includes(rule)
        ? `case when bool_or(l.status = 'approved') then 'done'::duty_mark_state else 'awaiting' end`
        : `'done'::duty_mark_state`;
      return `
        select l.enterprise_id, '${rule}'::duty_rule as rule, ${cst('l.occurred_at', PERIOD_FORMAT[DUTY_RULES[rule].period])} as period,
               ${state} as state
          from duty_logs l
         where ${qualifyingCondition(rule)}
         group by 1, 2, 3`;
    })
    .join('\n        union all');
}

/**
 * The duty engine's invariants, recomputed the slow way: every duty mark follows from the logs
 * (docs/domain.md §4), carries its enterprise's jurisdiction, and every tally (per jurisdiction and per
 * county) equals a count over marks and enterprises. Returns the number of mismatching rows per check.
 * The tests assert it after writes; a restore verifies with it that the tallies came back equal to a recount.
 */
export async function dutyBookkeepingMismatches(db: Db): Promise<Record<string, number>> {
  const cst = (column: string, format: string) =>
    `to_char((${column} at time zone 'UTC') + interval '8 hours', '${format}')`;
  const checks: Record<string, string> = {
    marks: `
      with computed as (${computedMarks(cst)})
      select count(*)::int as n from (
        (select enterprise_id, rule, period::text, state from duty_marks except select * from computed)
        union all
        (select * from computed except select enterprise_id, rule, period::text, state from duty_marks)) d`,
    markJurisdictions: `
      select count(*)::int as n from duty_marks m join enterprises e on e.id = m.enterprise_id
       where m.jurisdiction_code <> e.jurisdiction_code`,
    dutyTallies: `
      with expected as (
        select e.jurisdiction_code, m.rule, m.period, enterprise_size_rank(e.size) as size_rank, e.is_key,
               count(*) filter (where m.state = 'done')::int as done,
               count(*) filter (where m.state = 'awaiting')::int as awaiting
          from duty_marks m join enterprises e on e.id = m.enterprise_id
         where e.status = 'active' and e.in_scope
         group by 1, 2, 3, 4, 5),
      actual as (
        select jurisdiction_code, rule, period, size_rank, is_key, done, awaiting
          from duty_tallies where done <> 0 or awaiting <> 0)
      select count(*)::int as n from ((select * from expected except select * from actual)
                                union all (select * from actual except select * from expected)) d`,
    dutyTalliesCounty: `
      with expected as (
        select ${rollupText('jurisdiction_code', 'county')} as code, rule, period, size_rank, is_key,
               sum(done)::int as done, sum(awaiting)::int as awaiting
          from duty_tallies group by 1, 2, 3, 4, 5 having sum(done) <> 0 or sum(awaiting) <> 0),
      actual as (
        select jurisdiction_code, rule, period, size_rank, is_key, done, awaiting
          from duty_tallies_county where done <> 0 or awaiting <> 0)
      select count(*)::int as n from ((select * from expected except select * from actual)
                                union all (select * from actual except select * from expected)) d`,
    enterpriseTallies: `
      with expected as (
        select jurisdiction_code, enterprise_size_rank(size) as size_rank, is_key, count(*)::int as count
          from enterprises where status = 'active' and in_scope group by 1, 2, 3),
      actual as (select jurisdiction_code, size_rank, is_key, count from enterprise_tallies where count <> 0)
      select count(*)::int as n from ((select * from expected except select * from actual)
                                union all (select * from actual except select * from expected)) d`,
    enterpriseTalliesCounty: `
      with expected as (
        select ${rollupText('jurisdiction_code', 'county')} as code, enterprise_size_rank(size) as size_rank,
               is_key, count(*)::int as count
          from enterprises where status = 'active' and in_scope group by 1, 2, 3),
      actual as (select jurisdiction_code, size_rank, is_key, count from enterprise_tallies_county where count <> 0)
      select count(*)::int as n from ((select * from expected except select * from actual)
                                union all (select * from actual except select * from expected)) d`,
  };
  const result: Record<string, number> = {};
  for (const [name, query] of Object.entries(checks)) {
    const rows = await db.execute(sql.raw(query));
    result[name] = rowsOf(z.object({ n: z.coerce.number() }), rows)[0]!.n;
  }
  return result;
}

export const NO_MISMATCHES = {
  marks: 0,
  markJurisdictions: 0,
  dutyTallies: 0,
  dutyTalliesCounty: 0,
  enterpriseTallies: 0,
  enterpriseTalliesCounty: 0,
};
