import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { DutyScope } from '@coordnet/shared/api/settings';
import { dutyTallies, enterpriseTallies } from '../../db/schema/duties';
import { withinCodes, type Scope } from '../../lib/scope';
import type { SettingsResolver } from '../settings/service';
import { childOf } from '../stats/target';

const RANK_OF = { small: 2, medium: 3, large: 4 } as const;

/**
 * Whether a tally row `t` is in scope of a duty rule under the county's setting; the same rule as
 * the duty summaries (modules/duties/repository.ts): unknown sizes stay in a size-bounded scope.
 */
function tallyInScope(scope: DutyScope): SQL {
  if (scope.mode === 'key') return sql`t.is_key`;
  if (scope.mode === 'min_size')
    return sql`(t.size_rank = 0 or t.size_rank >= ${RANK_OF[scope.minSize]}::int)`;
  return sql`true`;
}

const periodIn = (periods: readonly string[]) =>
  periods.length === 0
    ? sql`false`
    : sql`t.period in (${sql.join(
        periods.map((p) => sql`${p}::varchar`),
        sql`, `,
      )})`;

export const coverageRowSchema = z.object({
  child: z.string(),
  c1_total: z.coerce.number(),
  c1_done: z.coerce.number(),
  c2_total: z.coerce.number(),
  c2_done: z.coerce.number(),
});
export type CoverageRow = z.infer<typeof coverageRowSchema>;

/**
 * C1 and C2 marks done over the given months and quarters, and the enterprises in scope of each
 * rule, per child: one statement over the tallies (never the enterprises or the logs).
 */
export function coverageQuery(p: {
  prefix: string;
  scope: Scope;
  groupDigits: number;
  resolver: SettingsResolver;
  months: readonly string[];
  quarters: readonly string[];
}): SQL {
  const pattern = `${p.prefix}%`;
  const child = childOf(sql`t.jurisdiction_code`, p.groupDigits);
  const c1 = p.resolver.caseOver(sql`t.jurisdiction_code`, (s) => s.c1Scope, tallyInScope);
  const c2 = p.resolver.caseOver(sql`t.jurisdiction_code`, (s) => s.c2Scope, tallyInScope);
  const inScope = withinCodes(sql`t.jurisdiction_code`, p.scope.rootCodes);
  return sql`
    with totals as (
      select ${child} as child,
             coalesce(sum(t.count) filter (where ${c1}), 0)::int as c1_total,
             coalesce(sum(t.count) filter (where ${c2}), 0)::int as c2_total
        from ${enterpriseTallies} t
       where t.jurisdiction_code like ${pattern} and ${inScope}
       group by 1
    ), marks as (
      select ${child} as child,
             coalesce(sum(t.done) filter (where t.rule = 'C1' and ${c1}), 0)::int as c1_done,
             coalesce(sum(t.done) filter (where t.rule = 'C2' and ${c2}), 0)::int as c2_done
        from ${dutyTallies} t
       where t.jurisdiction_code like ${pattern} and ${inScope}
         and ((t.rule = 'C1' and ${periodIn(p.months)}) or (t.rule = 'C2' and ${periodIn(p.quarters)}))
       group by 1
    )
    select coalesce(totals.child, marks.child) as child,
           coalesce(totals.c1_total, 0) as c1_total, coalesce(marks.c1_done, 0) as c1_done,
           coalesce(totals.c2_total, 0) as c2_total, coalesce(marks.c2_done, 0) as c2_done
      from totals full join marks on marks.child = totals.child`;
}
