import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { DUTY_RULES, type DutyRule, dutyRuleSchema } from '@coordnet/shared/api/duties';
import type { Board, BoardHeatRow, BoardQuery, BoardRule, BoardTrendPoint } from '@coordnet/shared/api/stats';
import { DUTIES, DUTY_KEYS, type Duty } from '@coordnet/shared/domain/duties';
import { formatPeriod, periodOf, periodRange, previousPeriod } from '@coordnet/shared/domain/period';
import type { Db } from '../../db/client';
import { rowsOf } from '../../db/rows';
import {
  dutyTallies,
  dutyTalliesCounty,
  enterpriseTallies,
  enterpriseTalliesCounty,
} from '../../db/schema/duties';
import { dutyLogs } from '../../db/schema/duty-logs';
import { AppError } from '../../lib/errors';
import type { Clock } from '../../lib/clock';
import { withinCodes, type Scope } from '../../lib/scope';
import type { Principal } from '../auth/principal';
import type { DutyService } from '../duties/service';
import { qualifyingFor } from '../../db/rules-sql';
import { tallyInScope } from '../duties/scope-sql';
import type { JurisdictionRepository } from '../jurisdictions/repository';
import type { SettingsResolver, SettingsService } from '../settings/service';
import { childOf, rate, resolveTarget, selfName, targetAndChildren, type ReportTarget } from './target';

/*
 * The 看板 of a supervisor (issue 17): for a month and a jurisdiction, which of the seven duties of
 * seed §二(二) the month's logs covered, C1/C2/C3 of seed §二(三) 岗位责任制 side by side, a heat grid
 * of the children (coverage and risk reports, ranked) and the last 12 months. Each part is one
 * statement whatever the number of children: the duty counts and the risk reports read the logs of
 * the subtree (duty_logs_jurisdiction_idx: code prefix, then occurred_at), the coverage reads the
 * tallies the duty engine keeps (a province or city reads the county roll-ups), never the
 * enterprises against the logs.
 *
 * Plans on the bench seed (test/bench/seed): docs/performance/board.md — milliseconds for a county;
 * a city or the province reads every log of the month under it (follow-ups noted there).
 */

interface Params {
  target: Pick<ReportTarget, 'code' | 'level' | 'prefix' | 'childDigits'>;
  scope: Scope;
}

export const dutyCountRowSchema = z.object({
  duty: z.string().nullable(),
  n: z.coerce.number(),
});
export type DutyCountRow = z.infer<typeof dutyCountRowSchema>;

/**
 * Distinct enterprises per duty named by the month's contacts and counting visits (a rejected or
 * withdrawn visit counts for nothing, as for C1), and (duty null) distinct enterprises overall.
 */
export function boardDutiesQuery(p: Params & { start: Date; end: Date }): SQL {
  return sql`
    select d.duty, count(distinct l.enterprise_id)::int as n
      from ${dutyLogs} l
      cross join lateral unnest(l.duties) as d(duty)
     where l.jurisdiction_code like ${`${p.target.prefix}%`}
       and ${withinCodes(sql`l.jurisdiction_code`, p.scope.rootCodes)}
       and l.occurred_at >= ${p.start.toISOString()}::timestamptz
       and l.occurred_at < ${p.end.toISOString()}::timestamptz
       and ${qualifyingFor('C1')}
     group by grouping sets ((d.duty), ())`;
}

export const riskCountRowSchema = z.object({
  month: z.string(),
  child: z.string(),
  total: z.coerce.number(),
  open: z.coerce.number(),
  high: z.coerce.number(),
});
export type RiskCountRow = z.infer<typeof riskCountRowSchema>;

/** Risk reports per Shanghai month and child over [start, end): the heat grid's month and the trend. */
export function boardRisksQuery(p: Params & { start: Date; end: Date }): SQL {
  return sql`
    select to_char(l.occurred_at at time zone 'Asia/Shanghai', 'YYYY-MM') as month,
           ${childOf(sql`l.jurisdiction_code`, p.target.childDigits)} as child,
           count(*)::int as total,
           (count(*) filter (where l.status = 'open'))::int as open,
           (count(*) filter (where l.severity in ('serious', 'major')))::int as high
      from ${dutyLogs} l
     where l.kind = 'risk_report'
       and l.jurisdiction_code like ${`${p.target.prefix}%`}
       and ${withinCodes(sql`l.jurisdiction_code`, p.scope.rootCodes)}
       and l.occurred_at >= ${p.start.toISOString()}::timestamptz
       and l.occurred_at < ${p.end.toISOString()}::timestamptz
     group by 1, 2`;
}

export const trendRowSchema = z.object({
  rule: dutyRuleSchema.nullable(),
  period: z.string().nullable(),
  done: z.coerce.number(),
  c1_total: z.coerce.number(),
  c2_total: z.coerce.number(),
});
export type TrendRow = z.infer<typeof trendRowSchema>;

/**
 * C1 done per month and C2 done per quarter under the jurisdiction, with today's enterprises in
 * scope of each rule as the denominators: the tallies count marks, not history, so a month long
 * past is measured against the enterprises registered now (docs/domain.md §4 bookkeeping).
 */
export function boardTrendQuery(
  p: Params & { resolver: SettingsResolver; months: string[]; quarters: string[] },
): SQL {
  const rollup = p.target.level === 'province' || p.target.level === 'city';
  const enterpriseTable = rollup ? enterpriseTalliesCounty : enterpriseTallies;
  const dutyTable = rollup ? dutyTalliesCounty : dutyTallies;
  const pattern = `${p.target.prefix}%`;
  const inScope = (rule: 'c1Scope' | 'c2Scope') =>
    p.resolver.caseOver(sql`t.jurisdiction_code`, (s) => s[rule], tallyInScope);
  const list = (keys: string[]) =>
    sql.join(
      keys.map((k) => sql`${k}::varchar`),
      sql`, `,
    );
  return sql`
    with totals as (
      select coalesce(sum(t.count) filter (where ${inScope('c1Scope')}), 0)::int as c1_total,
             coalesce(sum(t.count) filter (where ${inScope('c2Scope')}), 0)::int as c2_total
        from ${enterpriseTable} t
       where t.jurisdiction_code like ${pattern}
    ), marks as (
      select t.rule, t.period, sum(t.done)::int as done
        from ${dutyTable} t
       where t.jurisdiction_code like ${pattern}
         and ((t.rule = 'C1' and t.period in (${list(p.months)}) and ${inScope('c1Scope')})
           or (t.rule = 'C2' and t.period in (${list(p.quarters)}) and ${inScope('c2Scope')}))
       group by 1, 2
    )
    select m.rule::text as rule, m.period, coalesce(m.done, 0)::int as done, x.c1_total, x.c2_total
      from totals x
      left join marks m on true`;
}

const quarterOf = (month: string) => `${month.slice(0, 4)}-Q${Math.ceil(Number(month.slice(5, 7)) / 3)}`;

/** The 12 months ending with `month`, oldest first. */
export function twelveMonths(month: string): string[] {
  const months = [month];
  while (months.length < 12) months.unshift(previousPeriod(months[0]!));
  return months;
}

export function createBoardService(deps: {
  db: Db;
  clock: Clock;
  jurisdictions: JurisdictionRepository;
  settings: Pick<SettingsService, 'resolver'>;
  duties: Pick<DutyService, 'summary'>;
}) {
  const { db, clock } = deps;

  return {
    async board(principal: Principal, query: BoardQuery): Promise<Board> {
      const target = await resolveTarget(deps.jurisdictions, principal, query.jurisdiction);
      const current = periodOf(clock.now(), 'month');
      const month = query.period ?? current;
      if (month > current) throw new AppError('board_month_in_future', undefined, { period: month });
      const quarter = quarterOf(month);
      const year = month.slice(0, 4);
      const months = twelveMonths(month);
      const quarters = [...new Set(months.map(quarterOf))];
      const range = periodRange(month);
      const params = { target, scope: principal.scope };
      const summary = (rule: DutyRule, period: string) =>
        deps.duties.summary(principal, { rule, period, jurisdiction: target.code });

      const [children, duties, risks, trend, c1, c2, c3] = await Promise.all([
        targetAndChildren(db, target),
        db.execute(boardDutiesQuery({ ...params, ...range })).then((r) => rowsOf(dutyCountRowSchema, r)),
        db
          .execute(boardRisksQuery({ ...params, start: periodRange(months[0]!).start, end: range.end }))
          .then((r) => rowsOf(riskCountRowSchema, r)),
        deps.settings
          .resolver([target.code])
          .then((resolver) =>
            db
              .execute(boardTrendQuery({ ...params, resolver, months, quarters }))
              .then((r) => rowsOf(trendRowSchema, r)),
          ),
        summary('C1', month),
        summary('C2', quarter),
        summary('C3', year),
      ]);

      const dutyCounts = new Map(duties.map((r) => [r.duty, r.n]));
      const rules: BoardRule[] = [c1, c2, c3].map((s) => ({
        rule: s.rule,
        label: DUTY_RULES[s.rule].label,
        period: s.period,
        periodLabel: s.periodLabel,
        total: s.total.total,
        done: s.total.done,
        awaiting: s.total.awaiting_approval,
        coverageRate: s.total.coverageRate,
      }));

      // The heat grid: children from the jurisdiction table, coverage from the two summaries, risks by child.
      const coverage = (s: typeof c1, code: string) => {
        const counts = s.items.find((i) => i.code === code)?.counts;
        return counts
          ? { total: counts.total, done: counts.done, coverageRate: counts.coverageRate }
          : { total: 0, done: 0, coverageRate: null };
      };
      const riskOf = new Map<string, BoardHeatRow['risks']>();
      const trendRisks = new Map<string, { total: number; high: number }>();
      for (const r of risks) {
        if (r.month === month) riskOf.set(r.child, { total: r.total, open: r.open, high: r.high });
        const t = trendRisks.get(r.month) ?? { total: 0, high: 0 };
        trendRisks.set(r.month, { total: t.total + r.total, high: t.high + r.high });
      }
      const heat: BoardHeatRow[] = children
        .map((j) => ({
          code: j.code,
          name: j.self ? selfName(j.name) : j.name,
          level: j.level,
          self: j.self,
          c1: coverage(c1, j.code),
          c2: coverage(c2, j.code),
          risks: riskOf.get(j.code) ?? { total: 0, open: 0, high: 0 },
        }))
        .filter((r) => !r.self || r.c1.total > 0 || r.c2.total > 0 || r.risks.total > 0)
        .sort(
          (a, b) =>
            Number(a.self) - Number(b.self) ||
            b.risks.high - a.risks.high ||
            b.risks.open - a.risks.open ||
            b.risks.total - a.risks.total ||
            (a.c1.coverageRate ?? 2) - (b.c1.coverageRate ?? 2) ||
            a.code.localeCompare(b.code),
        );

      const done = new Map(trend.filter((r) => r.rule).map((r) => [`${r.rule}:${r.period}`, r.done]));
      const c1Total = trend[0]?.c1_total ?? 0;
      const c2Total = trend[0]?.c2_total ?? 0;
      const points: BoardTrendPoint[] = months.map((m) => ({
        period: m,
        periodLabel: formatPeriod(m),
        c1Rate: rate(done.get(`C1:${m}`) ?? 0, c1Total),
        c2Rate: rate(done.get(`C2:${quarterOf(m)}`) ?? 0, c2Total),
        risks: trendRisks.get(m) ?? { total: 0, high: 0 },
      }));

      return {
        jurisdiction: { code: target.code, name: target.name, level: target.level },
        period: month,
        periodLabel: formatPeriod(month),
        duties: {
          enterprises: dutyCounts.get(null) ?? 0,
          items: DUTY_KEYS.map((key: Duty) => ({
            key,
            label: DUTIES[key],
            enterprises: dutyCounts.get(key) ?? 0,
          })),
        },
        rules,
        heat,
        trend: points,
      };
    },
  };
}

export type BoardService = ReturnType<typeof createBoardService>;
