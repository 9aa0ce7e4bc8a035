import { sql } from 'drizzle-orm';
import { formatTimeOfDay, type PolicySettings } from '@coordnet/shared/api/settings';
import {
  ancestorCodes,
  codeRank,
  parentCode,
  type JurisdictionLevel,
} from '@coordnet/shared/domain/jurisdiction-code';
import { periodOf, previousPeriod, shanghaiDate } from '@coordnet/shared/domain/period';
import type { Db } from '../../db/client';
import type { DingTalkResult } from '../../integrations/dingtalk/types';
import type { Clock } from '../../lib/clock';
import type { WorkdayCalendar } from '../../lib/workdays';
import type { SettingsResolver, SettingsService } from '../settings/service';
import { escalateOverdueRiskCases, type RiskOverduePayload } from '../risk-cases/escalation';
import { explainRobotResult } from '../work-groups/robot';
import { loadCalendars } from './calendar';
import {
  backlogReminder,
  createLinks,
  dueReminder,
  majorRiskReminder,
  riskOverdueReminder,
  misconfiguredReminder,
  overdueReminder,
  personalReminder,
  summaryReminder,
  type MajorRiskPayload,
  type OpenList,
  type Reminder,
} from './messages';
import { recordRuns, robotMessages, workNotification, type ComposedRun, type RobotTarget } from './outbox';
import {
  approvalBacklog,
  childCoverage,
  existingRunKeys,
  openCounts,
  openItems,
  personalKey,
  supervisorsOf,
  townshipCoordinators,
  textArray,
  townshipsOf,
  townshipOfKey,
  type CoverageRow,
  type PersonRow,
} from './queries';

/**
 * Decides which reminders are due at an instant and writes them, with their runs, into the outbox
 * (seed §二(三) 工作联络机制 over the cadence of seed §二(三)). Plain functions of `now`, so a test
 * walks a quarter day by day; in production pg-boss calls them on a schedule. Every decision has a
 * run key (group or person, rule, period or day): a second tick, or a second server, composes
 * nothing twice.
 */

/** A closed period's notices go out on the first work day after it, or a few days later if the server was down. */
const CATCH_UP_DAYS = 7;
const DAY_MS = 86_400_000;

export interface ComposerDeps {
  db: Db;
  clock: Clock;
  settings: SettingsService;
  /** The address people open (PUBLIC_URL); links are left out without it. */
  publicUrl?: string | undefined;
  /** Personal work notifications can be sent (a DingTalk app with an agent id). */
  workNotifications: boolean;
}

export interface TickReport {
  /** Runs this tick created (including those with nothing to say). */
  runs: number;
  /** Messages written to the outbox. */
  messages: number;
}

interface GroupRow extends RobotTarget {
  name: string;
  level: JurisdictionLevel;
  jurisdictionName: string;
}

interface Plan {
  settings: PolicySettings;
  /** a work day inside the county's reminder window */
  routine: boolean;
  /** the township groups hear what is still due */
  due: boolean;
  /** periods closed and announced today */
  closed: { month: string; quarter: string | null } | null;
  /** decided on an estimated calendar: today's year has no official schedule yet */
  estimated: boolean;
}

const dayNumber = (date: string) =>
  Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / DAY_MS;

/** The county a township, park or community belongs to; a county, city or province is its own. */
const settingsNode = (code: string, level: JurisdictionLevel) =>
  level === 'township' || level === 'park' || level === 'community' ? code.slice(0, 6).padEnd(12, '0') : code;

function planAt(now: Date, settings: PolicySettings, calendar: WorkdayCalendar): Plan {
  const window = {
    from: formatTimeOfDay(settings.reminderWindowStart),
    until: formatTimeOfDay(settings.reminderWindowEnd),
  };
  const today = shanghaiDate(now);
  const estimated = calendar.isEstimatedYear(Number(today.slice(0, 4)));
  if (!calendar.isRoutineSendTime(now, window))
    return { settings, routine: false, due: false, closed: null, estimated };
  const month = today.slice(0, 7);
  const firstAfterReminderDay = calendar.firstWorkdayOnOrAfter(
    `${month}-${String(settings.reminderDayOfMonth).padStart(2, '0')}`,
  );
  // A reminder day whose next work day lies in the next month (the 28th of January 2025: 5 February)
  // still reminds within its own month, on the month's last work day.
  const fromDay = firstAfterReminderDay.startsWith(month)
    ? firstAfterReminderDay
    : (calendar.lastWorkdaysOfMonth(month, 1)[0] ?? firstAfterReminderDay);
  const due =
    fromDay === today || calendar.lastWorkdaysOfMonth(month, settings.reminderLastWorkdays).includes(today);
  const closeDay = calendar.firstWorkdayOnOrAfter(`${month}-01`);
  const since = dayNumber(today) - dayNumber(closeDay);
  let closed: Plan['closed'] = null;
  if (since >= 0 && since < CATCH_UP_DAYS) {
    const closedMonth = previousPeriod(month);
    const quarterEnds = Number(closedMonth.slice(5, 7)) % 3 === 0;
    closed = {
      month: closedMonth,
      quarter: quarterEnds
        ? periodOf(new Date(Date.UTC(+closedMonth.slice(0, 4), +closedMonth.slice(5, 7) - 1, 15)), 'quarter')
        : null,
    };
  }
  return { settings, routine: true, due, closed, estimated };
}

const PREVIEW_NOTE =
  '> 演示环境：启动演示时按当前数据生成的预览。正式运行时，此提醒只在每月提醒日（默认 20 日起的第一个工作日）和月末最后几个工作日发送。';

const groupBy = <T, K>(items: readonly T[], key: (item: T) => K) => {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
};

const EMPTY: OpenList = { items: [], c1: 0, c2: 0, more: false };

/** Open lists are asked for per pair of periods: C1's month and C2's quarter (or none). */
const pairKey = (c1: string, c2: string | null) => `${c1}|${c2 ?? ''}`;

const county = (code: string) => code.slice(0, 6).padEnd(12, '0');

/**
 * Whose supervisors look after a group: a township's, park's or community's is the county's, a
 * county's the city's, a city's the province's; the province looks after its own.
 */
function supervisingLevel(code: string): string {
  const rank = codeRank(code);
  if (rank === 'township' || rank === 'community') return county(code);
  return parentCode(code) ?? code;
}
const unique = <T>(items: Iterable<T>) => [...new Set(items)];

interface Candidate {
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

export function createReminderComposer(deps: ComposerDeps) {
  const { db } = deps;
  const links = createLinks(deps.publicUrl);

  /** Active groups whose robot is not known to be broken. */
  async function healthyGroups(tx: Pick<Db, 'execute'>, codes?: readonly string[]): Promise<GroupRow[]> {
    const filter = codes ? sql`and g.jurisdiction_code = any(${textArray(codes)})` : sql``;
    const result = await tx.execute<{
      id: string;
      jurisdiction_code: string;
      keyword: string | null;
      delivery: 'webhook' | 'app_robot';
      name: string;
      level: JurisdictionLevel;
      jurisdiction_name: string;
    }>(sql`
      select g.id, g.jurisdiction_code, g.keyword, g.delivery, g.name, j.level, j.name as jurisdiction_name
        from work_groups g join jurisdictions j on j.code = g.jurisdiction_code
       where g.active and g.status <> 'misconfigured' ${filter}
       order by g.jurisdiction_code, g.created_at, g.id`);
    return result.rows.map((r) => ({
      id: r.id,
      jurisdictionCode: r.jurisdiction_code,
      keyword: r.keyword,
      delivery: r.delivery,
      name: r.name,
      level: r.level,
      jurisdictionName: r.jurisdiction_name,
    }));
  }

  async function provinces(): Promise<string[]> {
    const result = await db.execute<{ code: string }>(
      sql`select code from jurisdictions where level = 'province' order by code`,
    );
    return result.rows.map((r) => r.code);
  }

  /** Routine reminders due at `now`: township due lists, closed-period notices, summaries, backlog, personal. */
  async function runReminderTick(now: Date = deps.clock.now()): Promise<TickReport> {
    const today = shanghaiDate(now);
    const provinceCodes = await provinces();
    if (provinceCodes.length === 0) return { runs: 0, messages: 0 };
    const [groups, resolver, calendarFor] = await Promise.all([
      healthyGroups(db),
      deps.settings.resolver(provinceCodes),
      loadCalendars(db),
    ]);
    const plans = new Map<string, Plan>();
    const planFor = (code: string, level: JurisdictionLevel): Plan => {
      const node = settingsNode(code, level);
      let plan = plans.get(node);
      if (!plan) {
        plan = planAt(now, resolver.effectiveFor(node), calendarFor(node));
        plans.set(node, plan);
      }
      return plan;
    };

    const candidates: Candidate[] = [];
    for (const group of groups) {
      const plan = planFor(group.jurisdictionCode, group.level);
      if (!plan.routine) continue;
      const base = { jurisdictionCode: group.jurisdictionCode, group, plan };
      if (group.level === 'township' || group.level === 'park') {
        if (plan.due)
          candidates.push({ ...base, runKey: `due:${group.id}:${today}`, rule: 'due', period: today });
        if (plan.closed)
          candidates.push({
            ...base,
            runKey: `overdue:${group.id}:${plan.closed.month}`,
            rule: 'overdue',
            period: plan.closed.month,
          });
      } else if (group.level === 'county' || group.level === 'city' || group.level === 'province') {
        if (plan.closed)
          candidates.push({
            ...base,
            runKey: `summary:${group.id}:${plan.closed.month}`,
            rule: 'summary',
            period: plan.closed.month,
          });
        candidates.push({
          ...base,
          runKey: `approval_backlog:${group.id}:${today}`,
          rule: 'approval_backlog',
          period: today,
        });
      }
    }

    // Personal notices go to every township/park coordinator with overdue enterprises, group or not.
    let personalTownships: { code: string; name: string }[] = [];
    if (deps.workNotifications) {
      const counties = await db.execute<{ code: string }>(sql`
        select code from jurisdictions where level = 'county' order by code`);
      const closing = counties.rows.map((r) => r.code).filter((c) => planFor(c, 'county').closed);
      personalTownships = await townshipsOf(db, closing);
    }
    const personalPeople = await townshipCoordinators(db, {
      townships: personalTownships.map((t) => t.code),
      today,
    });
    for (const person of personalPeople) {
      const plan = planFor(person.code, 'township');
      if (!plan.closed) continue;
      candidates.push({
        runKey: `personal_overdue:${person.user_id}:${plan.closed.month}`,
        rule: 'personal_overdue',
        period: plan.closed.month,
        jurisdictionCode: person.code,
        person,
        plan,
      });
    }
    return composeCandidates(candidates, personalPeople, resolver, now, today);
  }

  /** Composes the candidates not composed before and records them with their messages. */
  async function composeCandidates(
    candidates: readonly Candidate[],
    personalPeople: Parameters<typeof loadContent>[2],
    resolver: Parameters<typeof loadContent>[3],
    now: Date,
    today: string,
  ): Promise<TickReport> {
    // A person serving two townships gets one notice: the first candidate of the key carries them all.
    const seen = new Set<string>();
    const distinct = candidates.filter((c) => !seen.has(c.runKey) && seen.add(c.runKey));
    const existing = await existingRunKeys(
      db,
      distinct.map((c) => c.runKey),
    );
    const todo = distinct.filter((c) => !existing.has(c.runKey));
    if (todo.length === 0) return { runs: 0, messages: 0 };

    // The heavy reads in one snapshot; JIT compiling would cost more than these short queries take.
    const content = await db.transaction(async (tx) => {
      await tx.execute(sql`set local jit = off`);
      return loadContent(tx, todo, personalPeople, resolver, now, today);
    });
    const composed = todo.map((c) => {
      const run = compose(c, content, now);
      if (!c.plan.estimated) return run;
      return { ...run, messages: run.messages.map((m) => ({ ...m, estimatedCalendar: true })) };
    });
    const created = await db.transaction((tx) => recordRuns(tx, composed, now));
    const messages = composed
      .filter((c) => created.has(c.run.runKey))
      .reduce((n, c) => n + c.messages.length, 0);
    return { runs: created.size, messages };
  }

  /**
   * The offline demo, started on a day that is not a reminder day, would show no reminder: this
   * composes once, now, the township/park "still due" reminders as they would read today, titled
   * 【演示预览】 and saying why, and sends them at once to the fake DingTalk.
   */
  async function composeDemoPreview(now: Date = deps.clock.now()): Promise<TickReport> {
    const today = shanghaiDate(now);
    const provinceCodes = await provinces();
    if (provinceCodes.length === 0) return { runs: 0, messages: 0 };
    const [groups, resolver] = await Promise.all([healthyGroups(db), deps.settings.resolver(provinceCodes)]);
    const candidates: Candidate[] = groups
      .filter((g) => g.level === 'township' || g.level === 'park')
      .map((group) => ({
        runKey: `preview:due:${group.id}`,
        rule: 'due',
        period: today,
        jurisdictionCode: group.jurisdictionCode,
        group,
        preview: true,
        plan: {
          settings: resolver.effectiveFor(settingsNode(group.jurisdictionCode, group.level)),
          routine: true,
          due: true,
          closed: null,
          estimated: false,
        },
      }));
    return composeCandidates(candidates, [], resolver, now, today);
  }

  interface Content {
    /** by pair of periods, then township */
    open: Map<string, Map<string, OpenList>>;
    /** by period and parent level, then parent */
    coverage: Map<string, Map<string, CoverageRow[]>>;
    backlog: Map<string, Awaited<ReturnType<typeof approvalBacklog>>>;
    people: Map<string, PersonRow[]>;
    /** the townships each person with a personal notice serves */
    served: Map<string, string[]>;
    townshipNames: Map<string, string>;
  }

  async function loadContent(
    q: Pick<Db, 'execute'>,
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
    // Which townships need which open lists (C1 of a month with C2 of a quarter, or C1 alone).
    const wanted = new Map<string, { c1: string; c2: string | null; townships: Set<string> }>();
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
    for (const [key, { c1, c2, townships }] of wanted) {
      const codes = [...townships];
      const limitOf = (code: string) => resolver.effectiveFor(county(code)).reminderListLimit;
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
      content.open.set(key, lists);
    }

    // Coverage of each child, per parent level and closed period.
    const summaries = todo.filter((c) => c.rule === 'summary');
    const byLevel = groupBy(
      summaries,
      (c) => `${c.group!.level}|${c.period}|${c.plan.closed!.quarter ?? ''}`,
    );
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

    if (todo.some((c) => c.rule === 'approval_backlog')) {
      const provinces = unique(todo.map((c) => c.jurisdictionCode.slice(0, 2).padEnd(12, '0')));
      const rows = await approvalBacklog(q, { provinces, resolver, now });
      content.backlog = groupBy(rows, (r) => r.approver);
    }

    // @ mentions for township messages; names of townships in personal notices.
    const townships = unique(
      todo.filter((c) => c.rule === 'due' || c.rule === 'overdue').map((c) => c.jurisdictionCode),
    );
    const people = await townshipCoordinators(q, { townships, today });
    content.people = groupBy(people, (p) => p.code);
    if (personal.size > 0) {
      const names = await q.execute<{ code: string; name: string }>(sql`
        select code, name from jurisdictions where code = any(${textArray([...personal])})`);
      for (const row of names.rows) content.townshipNames.set(row.code, row.name);
    }
    return content;
  }

  function compose(c: Candidate, content: Content, now: Date): ComposedRun {
    const run = {
      runKey: c.runKey,
      rule: c.rule,
      period: c.period,
      jurisdictionCode: c.jurisdictionCode,
      groupId: c.group?.id ?? null,
      userId: c.person?.user_id ?? null,
    };
    const open = (c1: string, c2: string | null, township: string) =>
      content.open.get(pairKey(c1, c2))?.get(township) ?? EMPTY;
    const group = c.group;
    const robot = (reminder: Reminder) =>
      robotMessages(
        group!,
        c.preview
          ? {
              rule: c.rule,
              period: c.period,
              routine: false,
              key: 'demo-preview',
              ...reminder,
              title: `【演示预览】${reminder.title}`,
              lines: [...reminder.lines, '', PREVIEW_NOTE],
            }
          : { rule: c.rule, period: c.period, routine: true, ...reminder },
      );

    switch (c.rule) {
      case 'due': {
        const month = shanghaiDate(now).slice(0, 7);
        const quarter = periodOf(now, 'quarter');
        const list = open(month, quarter, c.jurisdictionCode);
        if (list.items.length === 0) return { run, messages: [] };
        return {
          run,
          messages: robot(
            dueReminder({
              township: { code: c.jurisdictionCode, name: group!.jurisdictionName },
              now,
              month,
              quarter,
              open: list,
              people: content.people.get(c.jurisdictionCode) ?? [],
              links,
            }),
          ),
        };
      }
      case 'overdue': {
        const closed = c.plan.closed!;
        const list = open(closed.month, closed.quarter, c.jurisdictionCode);
        if (list.items.length === 0) return { run, messages: [] };
        return {
          run,
          messages: robot(
            overdueReminder({
              township: { code: c.jurisdictionCode, name: group!.jurisdictionName },
              month: closed.month,
              quarter: closed.quarter,
              open: list,
              people: content.people.get(c.jurisdictionCode) ?? [],
              links,
            }),
          ),
        };
      }
      case 'summary': {
        const closed = c.plan.closed!;
        const level = group!.level as 'county' | 'city' | 'province';
        const rows = (period: string) =>
          content.coverage.get(`${level}|${period}`)?.get(c.jurisdictionCode) ?? [];
        const c1 = rows(closed.month);
        if (!c1.some((r) => r.total > 0)) return { run, messages: [] };
        return {
          run,
          messages: robot(
            summaryReminder({
              jurisdiction: { code: c.jurisdictionCode, name: group!.jurisdictionName, level },
              month: closed.month,
              quarter: closed.quarter,
              c1,
              c2: closed.quarter ? rows(closed.quarter) : null,
              links,
            }),
          ),
        };
      }
      case 'approval_backlog': {
        const rows = content.backlog.get(c.jurisdictionCode) ?? [];
        if (rows.length === 0) return { run, messages: [] };
        return {
          run,
          messages: robot(
            backlogReminder({
              jurisdiction: { name: group!.jurisdictionName },
              days: c.plan.settings.approvalReminderDays,
              rows,
              links,
            }),
          ),
        };
      }
      case 'personal_overdue': {
        const closed = c.plan.closed!;
        const person = c.person!;
        const townships = (content.served.get(person.user_id) ?? [personalKey(person.code, person.user_id)])
          .map((key) => ({
            code: townshipOfKey(key),
            name: content.townshipNames.get(townshipOfKey(key)) ?? townshipOfKey(key),
            open: open(closed.month, closed.quarter, key),
          }))
          .filter((t) => t.open.items.length > 0);
        if (townships.length === 0) return { run, messages: [] };
        const notice = personalReminder({
          person: { name: person.name },
          month: closed.month,
          quarter: closed.quarter,
          townships,
          links,
        });
        return {
          run,
          messages: [
            workNotification(
              { userId: person.user_id, jurisdictionCode: person.code },
              { rule: 'personal_overdue', period: closed.month, routine: true, ...notice },
            ),
          ],
        };
      }
    }
  }

  /**
   * Major dispute reports (C4) to the county's group at once, any day and hour (the nearest level
   * above with a working group if the county has none). Run every minute or more often.
   */
  async function composeUrgent(now: Date = deps.clock.now()): Promise<TickReport> {
    return db.transaction(async (tx) => {
      // Risk reports whose deadline passed move up a level first (risk-cases/escalation.ts).
      await escalateOverdueRiskCases(tx, deps.settings, now);
      const events = await tx.execute<{
        id: number;
        kind: string;
        jurisdiction_code: string;
        payload: MajorRiskPayload | RiskOverduePayload | string;
      }>(sql`
        select id, kind, jurisdiction_code, payload from escalation_events
         where dispatched_at is null and kind in ('risk_report.major', 'risk_report.overdue')
         order by id
         limit 200
         for update skip locked`);
      if (events.rows.length === 0) return { runs: 0, messages: 0 };
      const codes = unique(
        events.rows.flatMap((e) => [e.jurisdiction_code, ...ancestorCodes(e.jurisdiction_code)]),
      );
      const byCode = groupBy(await healthyGroups(tx, codes), (g) => g.jurisdictionCode);
      const composed: ComposedRun[] = events.rows.map((event) => {
        const chain = [event.jurisdiction_code, ...ancestorCodes(event.jurisdiction_code).reverse()];
        const targets = chain.map((code) => byCode.get(code)).find((list) => list && list.length > 0) ?? [];
        const payload: unknown =
          typeof event.payload === 'string' ? JSON.parse(event.payload) : event.payload;
        const rule = event.kind === 'risk_report.overdue' ? 'risk_overdue' : 'major_risk';
        const reminder =
          rule === 'risk_overdue'
            ? riskOverdueReminder({ payload: payload as RiskOverduePayload, links })
            : majorRiskReminder({ payload: payload as MajorRiskPayload, links });
        const period = shanghaiDate(now);
        return {
          run: {
            runKey: `${rule}:${event.id}`,
            rule,
            period,
            jurisdictionCode: event.jurisdiction_code,
            groupId: targets[0]?.id ?? null,
          },
          messages: targets.flatMap((group) =>
            robotMessages(group, {
              rule,
              period,
              key: String(event.id),
              routine: false,
              ...reminder,
            }),
          ),
        };
      });
      const created = await recordRuns(tx, composed, now);
      await tx.execute(sql`
        update escalation_events set dispatched_at = ${now.toISOString()}::timestamptz
         where id = any(array[${sql.join(
           events.rows.map((e) => sql`${e.id}`),
           sql`, `,
         )}]::bigint[])`);
      return {
        runs: created.size,
        messages: composed
          .filter((c) => created.has(c.run.runKey))
          .reduce((n, c) => n + c.messages.length, 0),
      };
    });
  }

  /**
   * A group's robot stopped working (token, signature, keyword or robot wrong): the parent level
   * is told, in the dispatcher's transaction, through its own group (the nearest level above with a
   * working one) and by work notification to its manager supervisors.
   */
  async function composeMisconfigured(
    tx: Pick<Db, 'execute' | 'insert'>,
    group: { id: string; jurisdictionCode: string; name: string; jurisdictionName: string },
    result: DingTalkResult<unknown> & { ok: false },
    now: Date,
  ): Promise<void> {
    const parent = supervisingLevel(group.jurisdictionCode);
    const chain = [parent, ...ancestorCodes(parent).reverse()];
    const byCode = groupBy(await healthyGroups(tx, chain), (g) => g.jurisdictionCode);
    const targets = chain.map((code) => byCode.get(code)).find((list) => list && list.length > 0) ?? [];
    const period = shanghaiDate(now);
    const key = `${group.id}@${now.toISOString()}`;
    const reminder = misconfiguredReminder({
      group,
      errcode: result.errcode,
      errmsg: result.errmsg,
      explanation: explainRobotResult(result),
      links,
    });
    const messages = targets
      .filter((t) => t.id !== group.id)
      .flatMap((target) =>
        robotMessages(target, { rule: 'group_misconfigured', period, key, routine: false, ...reminder }),
      );
    if (deps.workNotifications) {
      const supervisors = await supervisorsOf(tx, { codes: [parent], today: period });
      const text = [`#### ${reminder.title}`, '', ...reminder.lines].join('\n');
      for (const person of supervisors)
        messages.push(
          workNotification(
            { userId: person.user_id, jurisdictionCode: group.jurisdictionCode },
            { rule: 'group_misconfigured', period, key, routine: false, title: reminder.title, text },
          ),
        );
    }
    await recordRuns(
      tx,
      [
        {
          run: {
            runKey: `group_misconfigured:${key}`,
            rule: 'group_misconfigured',
            period,
            jurisdictionCode: group.jurisdictionCode,
            groupId: group.id,
          },
          messages,
        },
      ],
      now,
    );
  }

  return { runReminderTick, composeUrgent, composeMisconfigured, composeDemoPreview };
}

export type ReminderComposer = ReturnType<typeof createReminderComposer>;
