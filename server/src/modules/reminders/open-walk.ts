import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { rowsOf } from '../../db/rows';
import type { SettingsResolver } from '../settings/service';
import { answersForSql } from '../enterprises/responsible-sql';
import type { OpenCountRow } from './counts';
import { openFor, type Periods } from './open-sql';
import { arrayLiteral, codeArray, textArray } from './sql-arrays';
import { codeRangeSql } from '../../db/rules-sql';

/**
 * The open lists of the townships: each township's index range of enterprises walked a page at a
 * time by cursor (after_code, after_id, page), all townships in one statement a round.
 */

export type OpenItemsRow = {
  township: string;
  id: string;
  name: string;
  /** open for C1 (in its scope, no mark for the month) */
  c1: boolean;
  /** open for C2 (in its scope, no mark for the quarter) */
  c2: boolean;
};

type Found = OpenItemsRow & { code: string };

/** Where a township's walk goes on from, and how far its next round walks. */
type Walk = { code: string; afterCode: string; afterId: string; page: number };

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
type WalkRow = z.infer<typeof walkRowSchema>;

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
 * One round: for each township of `todo`, its next page in index order with what is open (C1 and
 * C2 as SQL over enterprises `e` and the walk `t`), the first `limit` open ones, and a tail row
 * saying where the walk got to and how many it scanned.
 */
async function walkRound(
  db: Pick<Db, 'execute'>,
  todo: readonly Walk[],
  open: { c1: SQL; c2: SQL; limit: number },
): Promise<WalkRow[]> {
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
              select e.id, e.name, e.jurisdiction_code, row_number() over () as seq, ${open.c1} as c1, ${open.c2} as c2
                from (
                  select e.id, e.name, e.jurisdiction_code, e.size, e.is_key
                    from enterprises e
                   where ${codeRangeSql(sql`e.jurisdiction_code`, sql`t.code`, 'township', sql`t.after_code`)}
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
      from walked where (c1 or c2) and nth <= ${open.limit}::int
    union all
    -- where each walk got to (codes have 12 digits, so the concatenation sorts as (code, id))
    select township, substr(last, 13), '', substr(last, 1, 12), false, false, true, scanned
      from (select township, count(*)::int as scanned,
                   max((jurisdiction_code || id::text) collate "C") as last
              from walked group by township) w`);
  return rowsOf(walkRowSchema, result);
}

/**
 * Takes a round's open rows into `found` and returns the walks to go on with: a township that has
 * not found enough yet and has more to walk walks twice as far next round.
 */
function takeRound(
  rows: readonly WalkRow[],
  todo: readonly Walk[],
  found: Map<string, Found[]>,
  limit: number,
): Walk[] {
  const pages = new Map(todo.map((t) => [t.code, t.page]));
  const next: Walk[] = [];
  for (const row of rows) {
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
    const page = pages.get(row.township)!;
    if (row.scanned >= page && (found.get(row.township)?.length ?? 0) < limit)
      next.push({ code: row.township, afterCode: row.code, afterId: row.id, page: 2 * page });
  }
  return next;
}

/** Each township's first `limit` found in index order, then shown by name. */
function listsOf(townships: readonly string[], found: Map<string, Found[]>, limit: number): OpenItemsRow[] {
  // Codes are digits and ids lower-case hex, so string order is the index's (byte) order.
  const byKey = (a: { code: string; id: string }, b: { code: string; id: string }) =>
    a.code < b.code ? -1 : a.code > b.code ? 1 : a.id < b.id ? -1 : 1;
  return townships.flatMap((code) =>
    (found.get(code) ?? [])
      .sort(byKey)
      .slice(0, limit)
      .map(({ code: _code, ...row }) => row)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  );
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
  const open = {
    c1: sql`(${openFor('C1', p.c1, p.resolver)} and ${answered})`,
    c2: sql`(${openFor('C2', p.c2, p.resolver)} and ${answered})`,
    limit: p.limit,
  };
  const found = new Map<string, Found[]>();
  const counts = new Map(p.counts?.map((c) => [c.township, c]));
  let todo: Walk[] = p.townships.flatMap((code) => {
    const page = firstPage(p.limit, counts.get(code));
    return page === 0 ? [] : [{ code, afterCode: '', afterId: '00000000-0000-0000-0000-000000000000', page }];
  });
  while (todo.length > 0) todo = takeRound(await walkRound(db, todo, open), todo, found, p.limit);
  return listsOf(p.townships, found, p.limit);
}
