import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { rowsOf } from '../../db/rows';
import { codePrefixSql, rollupSql } from '../../db/rules-sql';
import { withinCodes } from '../../lib/scope';
import type { SettingsResolver } from '../settings/service';
import { tallyInScope } from '../duties/scope-sql';
import { openFor, SCOPE_KEY, townshipOf, townshipOfKey, type Periods } from './open-sql';
import { codeArray, textArray } from './sql-arrays';

/**
 * The counts behind the reminders, from the tallies (a few rows per jurisdiction and size class),
 * never from the enterprises: how many are open in each township (sizing the open-list walk, and
 * the lists' "and N more"), and each child's coverage for the summaries.
 */

const openCountRowSchema = z.object({
  township: z.string(),
  c1: z.coerce.number(),
  c2: z.coerce.number(),
  /** active enterprises in scope of any rule: what the open-list walk goes through */
  enterprises: z.coerce.number(),
});
export type OpenCountRow = z.infer<typeof openCountRowSchema>;

/** Per personal key, the open enterprises of its township that someone else answers for. */
const otherCountsSchema = z.object({ key: z.string(), c1: z.coerce.number(), c2: z.coerce.number() });

/**
 * How many enterprises of each township are open for C1 and for C2, from the tallies: enterprises
 * in the rule's scope minus those with a mark (done or awaiting approval).
 */
export async function openCounts(
  db: Pick<Db, 'execute'>,
  p: Periods & { townships: readonly string[]; resolver: SettingsResolver; today?: string },
): Promise<OpenCountRow[]> {
  const personal = p.townships.filter((key) => key.length > 12);
  if (personal.length === 0) return townshipOpenCounts(db, p);
  // A personal key: its township's counts less the open enterprises whose current 责任人 is
  // someone else (reached through the township's posts, so only its assignments are read).
  const codes = [...new Set(p.townships.map(townshipOfKey))];
  const byTownship = new Map(
    (await townshipOpenCounts(db, { ...p, townships: codes })).map((r) => [r.township, r]),
  );
  const today = p.today ?? '';
  const result = await db.execute(sql`
    with k as (
      select key, left(key, 12) as code, substr(key, 14)::uuid as person
        from unnest(${textArray(personal)}) as k(key)
    )
    select k.key,
           (count(*) filter (where ${openFor('C1', p.c1, p.resolver)}))::int as c1,
           (count(*) filter (where ${openFor('C2', p.c2, p.resolver)}))::int as c2
      from k
      join coordinator_roles cr
        on cr.jurisdiction_code = k.code and cr.kind in ('township', 'park')
       and cr.valid_from <= ${today}::date and (cr.valid_to is null or cr.valid_to >= ${today}::date)
      join users u on u.id = cr.user_id and u.active and u.id <> k.person
      join enterprise_responsible er on er.role_id = cr.id
      join enterprises e on e.id = er.enterprise_id and ${codePrefixSql(sql`e.jurisdiction_code`, 'township')} = ${codePrefixSql(sql`k.code`, 'township')}
     where e.status = 'active' and e.in_scope
     group by k.key`);
  const others = new Map(rowsOf(otherCountsSchema, result).map((r) => [r.key, r]));
  return p.townships.map((key) => {
    const base = byTownship.get(townshipOfKey(key)) ?? { c1: 0, c2: 0, enterprises: 0 };
    const less = key.length > 12 ? others.get(key) : undefined;
    return {
      township: key,
      c1: Math.max(0, base.c1 - (less?.c1 ?? 0)),
      c2: Math.max(0, base.c2 - (less?.c2 ?? 0)),
      enterprises: base.enterprises,
    };
  });
}

async function townshipOpenCounts(
  db: Pick<Db, 'execute'>,
  p: Periods & { townships: readonly string[]; resolver: SettingsResolver },
): Promise<OpenCountRow[]> {
  if (p.townships.length === 0) return [];
  const scope = (rule: 'C1' | 'C2') =>
    p.resolver.caseOver(sql`t.jurisdiction_code`, (s) => s[SCOPE_KEY[rule]], tallyInScope);
  const township = townshipOf(sql`t.jurisdiction_code`);
  const periods = sql`((t.rule = 'C1' and t.period = ${p.c1}::varchar)
    or (t.rule = 'C2' and t.period = ${p.c2 ?? ''}::varchar))`;
  const result = await db.execute(sql`
    with wanted as (select unnest(${codeArray(p.townships)}) as code),
    totals as (
      select ${township} as code, sum(t.count) as enterprises,
             coalesce(sum(t.count) filter (where ${scope('C1')}), 0) as c1,
             coalesce(sum(t.count) filter (where ${scope('C2')}), 0) as c2
        from enterprise_tallies t join wanted w on w.code = ${township}
       group by 1
    ), marked as (
      select ${township} as code,
             coalesce(sum(t.done + t.awaiting) filter (where t.rule = 'C1' and ${scope('C1')}), 0) as c1,
             coalesce(sum(t.done + t.awaiting) filter (where t.rule = 'C2' and ${scope('C2')}), 0) as c2
        from duty_tallies t join wanted w on w.code = ${township}
       where ${periods}
       group by 1
    )
    select w.code as township,
           greatest(coalesce(totals.c1, 0) - coalesce(marked.c1, 0), 0)::int as c1,
           ${p.c2 === null ? sql`0` : sql`greatest(coalesce(totals.c2, 0) - coalesce(marked.c2, 0), 0)`}::int as c2,
           coalesce(totals.enterprises, 0)::int as enterprises
      from wanted w
      left join totals on totals.code = w.code
      left join marked on marked.code = w.code`);
  return rowsOf(openCountRowSchema, result);
}

const coverageRowSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    parent_code: z.string(),
    total: z.coerce.number(),
    done: z.coerce.number(),
    awaiting: z.coerce.number(),
  })
  .transform(({ parent_code, ...r }) => ({ ...r, parentCode: parent_code }));
export type CoverageRow = z.infer<typeof coverageRowSchema>;

/** The rank of a parent's children, whose code a tally's rolls up to. */
const CHILD_RANK = { county: 'township', city: 'county', province: 'city' } as const;

/**
 * Coverage of a rule and period for every child of the `parents` (all of one level), from the
 * duty tallies (a few rows per jurisdiction and size class), never from the enterprises: the
 * per-jurisdiction tallies for a county's townships, the county roll-ups for a city's counties
 * and a province's cities (a few hundred rows for the whole province).
 */
export async function childCoverage(
  db: Pick<Db, 'execute'>,
  p: {
    rule: 'C1' | 'C2';
    period: string;
    parentLevel: keyof typeof CHILD_RANK;
    parents: readonly string[];
    resolver: SettingsResolver;
  },
): Promise<CoverageRow[]> {
  if (p.parents.length === 0) return [];
  const child = rollupSql(sql`t.jurisdiction_code`, CHILD_RANK[p.parentLevel]);
  const inScope = p.resolver.caseOver(sql`t.jurisdiction_code`, (s) => s[SCOPE_KEY[p.rule]], tallyInScope);
  const within = withinCodes(sql`t.jurisdiction_code`, p.parents);
  const byCounty = p.parentLevel !== 'county';
  const enterpriseTallies = byCounty ? sql`enterprise_tallies_county` : sql`enterprise_tallies`;
  const dutyTallies = byCounty ? sql`duty_tallies_county` : sql`duty_tallies`;
  const result = await db.execute(sql`
    with totals as (
      select ${child} as code, sum(t.count)::int as total
        from ${enterpriseTallies} t
       where ${within} and ${inScope}
       group by 1
    ), marks as (
      select ${child} as code, sum(t.done)::int as done, sum(t.awaiting)::int as awaiting
        from ${dutyTallies} t
       where t.rule = ${p.rule}::duty_rule and t.period = ${p.period}::varchar and ${within} and ${inScope}
       group by 1
    )
    select j.code, j.name, j.parent_code, coalesce(totals.total, 0)::int as total,
           coalesce(marks.done, 0)::int as done, coalesce(marks.awaiting, 0)::int as awaiting
      from jurisdictions j
      left join totals on totals.code = j.code
      left join marks on marks.code = j.code
     where j.parent_code = any(${codeArray(p.parents)})
     order by j.parent_code, j.code`);
  return rowsOf(coverageRowSchema, result);
}
