import { countyCodeOf, rollupCode } from '@coordnet/shared/domain/jurisdiction-code';
import { periodOf } from '@coordnet/shared/domain/period';
import type { Tx } from '../../db/client';
import type { SettingsResolver } from '../settings/service';
import type { Candidate } from './candidates';
import type { OpenList } from './messages';
import { approvalBacklog, type BacklogRow } from './approval-backlog';
import { childCoverage, openCounts, type CoverageRow } from './counts';
import { personalKey, townshipOfKey } from './open-sql';
import { openItems } from './open-walk';
import { townshipCoordinators, type PersonRow } from './recipients';
import { jurisdictionNames } from './reads';

/**
 * What the candidates of a tick say, read set-based for all of them at once (in one snapshot):
 * the open lists of the townships, the coverage of each child for the summaries, the approval
 * backlog, the coordinators to @ and the names of the townships in personal notices.
 */
export interface Content {
  /** by pair of periods, then township */
  open: Map<string, Map<string, OpenList>>;
  /** by period and parent level, then parent */
  coverage: Map<string, Map<string, CoverageRow[]>>;
  backlog: Map<string, BacklogRow[]>;
  people: Map<string, PersonRow[]>;
  /** the townships each person with a personal notice serves */
  served: Map<string, string[]>;
  townshipNames: Map<string, string>;
}

export const groupBy = <T, K>(items: readonly T[], key: (item: T) => K) => {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
};

export const unique = <T>(items: Iterable<T>) => [...new Set(items)];

/** Open lists are asked for per pair of periods: C1's month and C2's quarter (or none). */
export const pairKey = (c1: string, c2: string | null) => `${c1}|${c2 ?? ''}`;

const EMPTY: OpenList = { items: [], c1: 0, c2: 0, more: false };

/** A township's open list for a pair of periods (empty when nothing is open). */
export const openListOf = (content: Content, c1: string, c2: string | null, township: string) =>
  content.open.get(pairKey(c1, c2))?.get(township) ?? EMPTY;

type Wanted = Map<string, { c1: string; c2: string | null; townships: Set<string> }>;

/**
 * Which townships need which open lists (C1 of a month with C2 of a quarter, or C1 alone); records
 * in `content.served` the townships each personal notice covers and returns those townships.
 */
function wantedOpenLists(
  todo: readonly Candidate[],
  personalPeople: readonly PersonRow[],
  content: Content,
  now: Date,
  today: string,
): { wanted: Wanted; personal: Set<string> } {
  const wanted: Wanted = new Map();
  const want = (c1: string, c2: string | null, township: string) => {
    const key = pairKey(c1, c2);
    const entry = wanted.get(key) ?? { c1, c2, townships: new Set<string>() };
    entry.townships.add(township);
    wanted.set(key, entry);
  };
  const personal = new Set<string>();
  const servedBy = new Map<string, string[]>();
  for (const p of personalPeople) servedBy.set(p.user_id, [...(servedBy.get(p.user_id) ?? []), p.code]);
  for (const c of todo) {
    if (c.rule === 'due') want(today.slice(0, 7), periodOf(now, 'quarter'), c.jurisdictionCode);
    if (c.rule === 'overdue' || c.rule === 'personal_overdue') {
      const closed = c.plan.closed!;
      // A personal notice lists what the person answers for (personalKey: 责任人 or no one's).
      const townships =
        c.rule === 'personal_overdue'
          ? unique(servedBy.get(c.person!.user_id) ?? []).map((t) => personalKey(t, c.person!.user_id))
          : [c.jurisdictionCode];
      if (c.rule === 'personal_overdue') content.served.set(c.person!.user_id, townships);
      for (const t of townships) {
        want(closed.month, closed.quarter, t);
        if (c.rule === 'personal_overdue') personal.add(townshipOfKey(t));
      }
    }
  }
  return { wanted, personal };
}

/** The open lists of the townships of one pair of periods, each cut at its county's list limit. */
async function openLists(
  q: Pick<Tx, 'execute'>,
  p: {
    c1: string;
    c2: string | null;
    townships: readonly string[];
    resolver: SettingsResolver;
    today: string;
  },
): Promise<Map<string, OpenList>> {
  const { c1, c2, resolver, today } = p;
  const codes = [...p.townships];
  const limitOf = (key: string) => resolver.effectiveFor(countyCodeOf(townshipOfKey(key))).reminderListLimit;
  const limit = Math.max(...codes.map(limitOf)) + 1;
  const counts = await openCounts(q, { c1, c2, townships: codes, resolver, today });
  const items = groupBy(
    await openItems(q, { c1, c2, townships: codes, limit, resolver, counts, today }),
    (r) => r.township,
  );
  const lists = new Map<string, OpenList>();
  for (const { township, c1: n1, c2: n2 } of counts) {
    const rows = items.get(township) ?? [];
    const shown = rows.slice(0, limitOf(township));
    lists.set(township, {
      items: shown.map((r) => ({ name: r.name, c1: r.c1, c2: r.c2 })),
      c1: n1,
      c2: n2,
      more: rows.length > shown.length,
    });
  }
  return lists;
}

/** Coverage of each child, per parent level and closed period, for the summaries. */
async function loadCoverage(
  q: Pick<Tx, 'execute'>,
  todo: readonly Candidate[],
  resolver: SettingsResolver,
  content: Content,
): Promise<void> {
  const summaries = todo.filter((c) => c.rule === 'summary');
  const byLevel = groupBy(summaries, (c) => `${c.group!.level}|${c.period}|${c.plan.closed!.quarter ?? ''}`);
  for (const [key, list] of byLevel) {
    const [level, month, quarter] = key.split('|') as ['county' | 'city' | 'province', string, string];
    const parents = unique(list.map((c) => c.jurisdictionCode));
    for (const [rule, period] of [['C1', month], ...(quarter ? [['C2', quarter]] : [])] as [
      'C1' | 'C2',
      string,
    ][]) {
      const rows = await childCoverage(q, { rule, period, parentLevel: level, parents, resolver });
      content.coverage.set(
        `${level}|${period}`,
        groupBy(rows, (r) => r.parentCode),
      );
    }
  }
}

export async function loadContent(
  q: Pick<Tx, 'execute' | 'select'>,
  todo: readonly Candidate[],
  personalPeople: readonly PersonRow[],
  resolver: SettingsResolver,
  now: Date,
  today: string,
): Promise<Content> {
  const content: Content = {
    open: new Map(),
    coverage: new Map(),
    backlog: new Map(),
    people: new Map(),
    served: new Map(),
    townshipNames: new Map(),
  };
  const { wanted, personal } = wantedOpenLists(todo, personalPeople, content, now, today);
  for (const [key, { c1, c2, townships }] of wanted)
    content.open.set(key, await openLists(q, { c1, c2, townships: [...townships], resolver, today }));
  await loadCoverage(q, todo, resolver, content);
  if (todo.some((c) => c.rule === 'approval_backlog')) {
    const provinces = unique(todo.map((c) => rollupCode(c.jurisdictionCode, 'province')));
    const rows = await approvalBacklog(q, { provinces, resolver, now });
    content.backlog = groupBy(rows, (r) => r.approver);
  }
  // @ mentions for township messages; names of townships in personal notices.
  const townships = unique(
    todo.filter((c) => c.rule === 'due' || c.rule === 'overdue').map((c) => c.jurisdictionCode),
  );
  const people = await townshipCoordinators(q, { townships, today });
  content.people = groupBy(people, (p) => p.code);
  if (personal.size > 0) content.townshipNames = await jurisdictionNames(q, [...personal]);
  return content;
}
