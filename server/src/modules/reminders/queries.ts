import { and, asc, inArray, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { DutyRule } from '@coordnet/shared/api/duties';
import type { PolicySettings } from '@coordnet/shared/api/settings';
import type { Db, Tx } from '../../db/client';
import { rowsOf, timestampColumn } from '../../db/rows';
import { rollupSql } from '../../db/rules-sql';
import { jurisdictions } from '../../db/schema/jurisdictions';
import { reminderRuns } from '../../db/schema/reminders';
import { withinCodes } from '../../lib/scope';
import type { SettingsResolver } from '../settings/service';
import { enterpriseInScope, tallyInScope } from '../duties/scope-sql';
import { answersForSql } from '../enterprises/responsible-sql';

/**
 * The set-based reads behind the reminders: one statement per rule and level for every
 * jurisdiction the tick concerns (a whole province at once), never one per township.
 */

const SCOPE_KEY = { C1: 'c1Scope', C2: 'c2Scope', C3: 'c3Scope' } as const satisfies Record<
  DutyRule,
  keyof PolicySettings
>;
/** The township (or park) an enterprise belongs to, from its code (a community's enterprises count for its township). */
const townshipOf = (column: SQL) => rollupSql(column, 'township');

/** A list as one array parameter (not one parameter per element): `{"a","b"}`::varchar[]. */
const arrayLiteral = (values: readonly string[]) =>
  `{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
const codeArray = (codes: readonly string[]) => sql`${arrayLiteral(codes)}::varchar[]`;
export const textArray = (values: readonly string[]) => sql`${arrayLiteral(values)}::text[]`;

export type OpenItemsRow = {
  township: string;
  id: string;
  name: string;
  /** open for C1 (in its scope, no mark for the month) */
  c1: boolean;
  /** open for C2 (in its scope, no mark for the quarter) */
  c2: boolean;
};

type Periods = { c1: string; c2: string | null };

/**
 * A personal list's key (township:user): the township's open enterprises this person answers for
 * (seed §二(三) 岗位责任制) — those whose 责任人 they are, and those with no current 责任人 — where a
 * plain township code stands for all of them. `openCounts` and `openItems` take both.
 */
export const personalKey = (township: string, userId: string) => `${township}:${userId}`;
/** The township of a list key. */
export const townshipOfKey = (key: string) => key.slice(0, 12);

/** A row of a walk round: an open enterprise, or (tail) where a township's walk got to. */
const walkRowSchema = z.object({
  township: z.string(),
  id: z.string(),
  name: z.string(),
  code: z.string(),
  c1: z.boolean(),
  c2: z.boolean(),
  tail: z.boolean(),
  scanned: z.coerce.number(),
});

/** Open for the rule: in its scope and no mark (done or awaiting) for the period; SQL over enterprises `e`. */
function openFor(rule: 'C1' | 'C2', period: string | null, resolver: SettingsResolver): SQL {
  if (period === null) return sql`false`;
  // A scalar lookup per enterprise (not NOT EXISTS, which the planner would turn into a hash of
  // every mark of the period): only the few enterprises read get looked up. Through the index by
  // (rule, period, jurisdiction, enterprise), a township's lookups stay on a few neighbouring
  // pages; by the primary key they would land all over the marks of every period.
  return sql`(${resolver.caseOver(sql`e.jurisdiction_code`, (s) => s[SCOPE_KEY[rule]], enterpriseInScope)}
    and (select 1 from duty_marks m
          where m.rule = ${rule}::duty_rule and m.period = ${period}::varchar
            and m.jurisdiction_code = e.jurisdiction_code and m.enterprise_id = e.id) is null)`;
}

/**
 * The first page of a township's walk: without counts twice the list (usually half or more of a
 * township's enterprises are open); with them, enough to meet `limit` open ones at the township's
 * open share (C1 or C2, whichever is larger: the share of either is at least that), or the whole
 * township when fewer are open; 0 when nothing is.
 */
function firstPage(limit: number, count: OpenCountRow | undefined): number {
  if (!count) return 2 * limit;
  const open = Math.max(count.c1, count.c2);
  if (open === 0) return 0;
  if (open <= limit) return count.enterprises + 1;
  return Math.min(count.enterprises + 1, Math.ceil((limit * count.enterprises * 1.1) / open) + 4);
}

/**
 * For each township, the first `limit` enterprises (in index order) open for C1 of `c1` (a month)
 * or C2 of `c2` (a quarter), with what is open for each. One statement per round for all
 * townships: each walks its own index range a page at a time and is asked again only if it has
 * not found enough, so the cost follows the townships and the list limit, not the province's
 * millions of enterprises. With the townships' open counts (from the tallies) each first page is
 * sized to find the list in one round, and a township with nothing open is not walked at all.
 * Ask for one more than you show to know whether there are more.
 */
export async function openItems(
  db: Pick<Db, 'execute'>,
  p: Periods & {
    townships: readonly string[];
    limit: number;
    resolver: SettingsResolver;
    counts?: readonly OpenCountRow[];
    /** the day whose posts decide who answers for an enterprise (personal keys) */
    today?: string;
  },
): Promise<OpenItemsRow[]> {
  // On a personal key, only the enterprises the person answers for (t.person empty: everyone).
  const answered = p.today ? answersForSql('e', sql`nullif(t.person, '')::uuid`, p.today) : sql`true`;
  const c1 = sql`(${openFor('C1', p.c1, p.resolver)} and ${answered})`;
  const c2 = sql`(${openFor('C2', p.c2, p.resolver)} and ${answered})`;
  const found = new Map<string, (OpenItemsRow & { code: string })[]>();
  const counts = new Map(p.counts?.map((c) => [c.township, c]));
  let todo: { code: string; afterCode: string; afterId: string; page: number }[] = p.townships.flatMap(
    (code) => {
      const page = firstPage(p.limit, counts.get(code));
      return page === 0
        ? []
        : [{ code, afterCode: '', afterId: '00000000-0000-0000-0000-000000000000', page }];
    },
  );
  while (todo.length > 0) {
    const result = await db.execute(sql`
      with t as (
        select key as township, left(key, 12) as code, substr(key, 14) as person, after_code, after_id, page
          from unnest(${textArray(todo.map((t) => t.code))}, ${codeArray(todo.map((t) => t.afterCode))},
                      ${sql`${arrayLiteral(todo.map((t) => t.afterId))}::uuid[]`},
                      ${sql`${arrayLiteral(todo.map((t) => String(t.page)))}::int[]`})
                   as t(key, after_code, after_id, page)
      ), walked as (
        select t.township, y.*
          from t
          cross join lateral (
            -- per township: its page in walk order, what is open, and the running count of open ones
            select x.*, count(*) filter (where x.c1 or x.c2) over (order by x.seq) as nth
              from (
                select e.id, e.name, e.jurisdiction_code, row_number() over () as seq, ${c1} as c1, ${c2} as c2
                  from (
                    select e.id, e.name, e.jurisdiction_code, e.size, e.is_key
                      from enterprises e
                     where e.jurisdiction_code ~>=~ greatest(left(t.code, 9), t.after_code)
                       and e.jurisdiction_code ~<=~ (left(t.code, 9) || '999')
                       and (e.jurisdiction_code ~>~ t.after_code
                            or (e.jurisdiction_code = t.after_code and e.id > t.after_id))
                       and e.status = 'active' and e.in_scope
                     -- the index's own order (pattern ops): each walk stops after a page
                     order by e.jurisdiction_code using ~<~, e.id
                     limit t.page
                  ) e
              ) x
          ) y
      )
      select township, id::text as id, name, jurisdiction_code::text as code, c1, c2, false as tail, 0 as scanned
        from walked where (c1 or c2) and nth <= ${p.limit}::int
      union all
      -- where each walk got to (codes have 12 digits, so the concatenation sorts as (code, id))
      select township, substr(last, 13), '', substr(last, 1, 12), false, false, true, scanned
        from (select township, count(*)::int as scanned,
                     max((jurisdiction_code || id::text) collate "C") as last
                from walked group by township) w`);
    const pages = new Map(todo.map((t) => [t.code, t.page]));
    const next: typeof todo = [];
    for (const row of rowsOf(walkRowSchema, result)) {
      if (!row.tail) {
        const list = found.get(row.township) ?? [];
        list.push({
          township: row.township,
          id: row.id,
          name: row.name,
          code: row.code,
          c1: row.c1,
          c2: row.c2,
        });
        found.set(row.township, list);
        continue;
      }
      // Not enough yet and more to walk: the next round walks twice as far.
      const page = pages.get(row.township)!;
      if (row.scanned >= page && (found.get(row.township)?.length ?? 0) < p.limit)
        next.push({ code: row.township, afterCode: row.code, afterId: row.id, page: 2 * page });
    }
    todo = next;
  }
  // Codes are digits and ids lower-case hex, so string order is the index's (byte) order.
  const byKey = (a: { code: string; id: string }, b: { code: string; id: string }) =>
    a.code < b.code ? -1 : a.code > b.code ? 1 : a.id < b.id ? -1 : 1;
  return p.townships.flatMap((code) =>
    (found.get(code) ?? [])
      .sort(byKey)
      .slice(0, p.limit)
      .map(({ code: _code, ...row }) => row)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  );
}

const openCountRowSchema = z.object({
  township: z.string(),
  c1: z.coerce.number(),
  c2: z.coerce.number(),
  /** active enterprises in scope of any rule: what the open-list walk goes through */
  enterprises: z.coerce.number(),
});
export type OpenCountRow = z.infer<typeof openCountRowSchema>;

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
  const result = await db.execute<{ key: string; c1: number | string; c2: number | string }>(sql`
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
      join enterprises e on e.id = er.enterprise_id and left(e.jurisdiction_code, 9) = left(k.code, 9)
     where e.status = 'active' and e.in_scope
     group by k.key`);
  const others = new Map(result.rows.map((r) => [r.key, r]));
  return p.townships.map((key) => {
    const base = byTownship.get(townshipOfKey(key)) ?? { c1: 0, c2: 0, enterprises: 0 };
    const less = key.length > 12 ? others.get(key) : undefined;
    return {
      township: key,
      c1: Math.max(0, base.c1 - Number(less?.c1 ?? 0)),
      c2: Math.max(0, base.c2 - Number(less?.c2 ?? 0)),
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

const backlogRowSchema = z.object({
  approver: z.string(),
  id: z.string(),
  enterprise_id: z.string(),
  enterprise_name: z.string(),
  /** null when the visit's township is not in the jurisdictions */
  township_name: z.string().nullable(),
  author_name: z.string(),
  submitted_at: timestampColumn,
  total: z.coerce.number(),
});
export type BacklogRow = z.infer<typeof backlogRowSchema>;

/**
 * Visits submitted and not decided for more than the county's `approvalReminderDays`, under the
 * jurisdiction that approves them (the county's `approverLevel`): the oldest first, at most the
 * approver's list limit each, with the count.
 */
export async function approvalBacklog(
  db: Pick<Db, 'execute'>,
  p: { provinces: readonly string[]; resolver: SettingsResolver; now: Date },
): Promise<BacklogRow[]> {
  if (p.provinces.length === 0) return [];
  const approver = p.resolver.caseOver(
    sql`j.code`,
    (s) => s.approverLevel,
    (level) => rollupSql(sql`j.code`, level),
  );
  const days = p.resolver.caseOver(
    sql`j.code`,
    (s) => s.approvalReminderDays,
    (v) => sql`${v}::int`,
  );
  const limit = p.resolver.caseOver(
    sql`c.approver`,
    (s) => s.reminderListLimit,
    (v) => sql`${v}::int`,
  );
  // Settings stop at the county, so each county's waiting visits share one approver, threshold
  // and limit. Per county, the index of waiting visits gives the count and the oldest `limit`
  // (a top-N, not a sort of the whole backlog); an approver above the county merges its counties'
  // lists. Names are joined only for the listed visits.
  const result = await db.execute(sql`
    with c as (
      select j.code as county, ${approver} as approver, ${days} as days
        from jurisdictions j
       where j.level = 'county' and ${withinCodes(sql`j.code`, p.provinces)}
    ), waiting as (
      select c.county, c.approver, c.lim, x.*
        from (select c.*, ${limit} as lim from c) c
        cross join lateral (
          select l.id, l.jurisdiction_code, l.updated_at, count(*) over ()::int as waiting
            from duty_logs l
           where l.kind = 'visit' and l.status = 'submitted'
             and l.jurisdiction_code ~>=~ left(c.county, 6)
             and l.jurisdiction_code ~<=~ (left(c.county, 6) || '999999')
             and l.updated_at < ${p.now.toISOString()}::timestamptz - make_interval(days => c.days)
           order by l.updated_at, l.id
           limit c.lim
        ) x
    ), ranked as (
      select w.*, row_number() over (partition by w.approver order by w.updated_at, w.id) as rn
        from waiting w
    ), totals as (
      select approver, sum(waiting)::int as total
        from (select distinct county, approver, waiting from waiting) per_county
       group by approver
    )
    select r.approver, r.id, e.id as enterprise_id, e.name as enterprise_name, tj.name as township_name,
           u.name as author_name, r.updated_at as submitted_at, t.total
      from ranked r
      join totals t on t.approver = r.approver
      join duty_logs l on l.id = r.id
      join enterprises e on e.id = l.enterprise_id
      join users u on u.id = l.author_user_id
      left join jurisdictions tj on tj.code = ${townshipOf(sql`r.jurisdiction_code`)}
     where r.rn <= r.lim
     order by r.approver, r.rn`);
  return rowsOf(backlogRowSchema, result);
}

const personRowSchema = z.object({
  code: z.string(),
  user_id: z.string(),
  name: z.string(),
  mobile: z.string().nullable(),
  dingtalk_user_id: z.string().nullable(),
});
export type PersonRow = z.infer<typeof personRowSchema>;

/**
 * Current, active township/park coordinators of the townships, for @ mentions and personal notices:
 * those who answer for at least one active enterprise there (seed §二(三) 岗位责任制: its 责任人,
 * or anyone where it has none), so a coordinator whose enterprises all have another 责任人 is not
 * called on.
 */
export async function townshipCoordinators(
  db: Pick<Db, 'execute'>,
  p: { townships: readonly string[]; today: string },
): Promise<PersonRow[]> {
  if (p.townships.length === 0) return [];
  const result = await db.execute(sql`
    select distinct on (cr.jurisdiction_code, u.name, u.id)
           cr.jurisdiction_code as code, u.id as user_id, u.name, u.mobile, u.dingtalk_user_id
      from coordinator_roles cr
      join users u on u.id = cr.user_id
     where cr.kind in ('township', 'park')
       and cr.jurisdiction_code = any(${codeArray(p.townships)})
       and cr.valid_from <= ${p.today}::date and (cr.valid_to is null or cr.valid_to >= ${p.today}::date)
       and u.active
       and exists (
         select 1 from enterprises e
          where e.jurisdiction_code ~>=~ left(cr.jurisdiction_code, 9)
            and e.jurisdiction_code ~<=~ (left(cr.jurisdiction_code, 9) || '999')
            and e.status = 'active' and e.in_scope
            and ${answersForSql('e', sql`u.id`, p.today)})
     order by cr.jurisdiction_code, u.name, u.id`);
  return rowsOf(personRowSchema, result);
}

/** Current supervisors of exactly these jurisdictions (the level told about a broken group robot). */
export async function supervisorsOf(
  db: Pick<Db, 'execute'>,
  p: { codes: readonly string[]; today: string },
): Promise<PersonRow[]> {
  if (p.codes.length === 0) return [];
  const result = await db.execute(sql`
    select distinct on (s.jurisdiction_code, u.id)
           s.jurisdiction_code as code, u.id as user_id, u.name, u.mobile, u.dingtalk_user_id
      from supervisor_roles s
      join users u on u.id = s.user_id
     where s.jurisdiction_code = any(${codeArray(p.codes)}) and s.access = 'manager'
       and s.valid_from <= ${p.today}::date and (s.valid_to is null or s.valid_to >= ${p.today}::date)
       and u.active
     order by s.jurisdiction_code, u.id`);
  return rowsOf(personRowSchema, result);
}

/** Townships and parks of these counties (personal notices go out where no group exists too). */
export async function townshipsOf(db: Pick<Tx, 'select'>, counties: readonly string[]) {
  if (counties.length === 0) return [];
  return db
    .select({ code: jurisdictions.code, name: jurisdictions.name })
    .from(jurisdictions)
    .where(
      and(
        sql`${jurisdictions.parentCode} = any(${codeArray(counties)})`,
        inArray(jurisdictions.level, ['township', 'park']),
      ),
    )
    .orderBy(asc(jurisdictions.code));
}

/** The run keys among these that exist already. */
export async function existingRunKeys(db: Pick<Tx, 'select'>, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .select({ runKey: reminderRuns.runKey })
    .from(reminderRuns)
    .where(sql`${reminderRuns.runKey} = any(${textArray(keys)})`);
  return new Set(rows.map((r) => r.runKey));
}
