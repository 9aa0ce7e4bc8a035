import { sql } from 'drizzle-orm';
import { shanghaiDate } from '@coordnet/shared/domain/period';
import type { Db } from '../../db/client';
import type { Clock } from '../../lib/clock';
import type { SettingsResolver, SettingsService } from '../settings/service';
import { loadCalendars } from './calendar';
import { personalCandidates, previewCandidates, routineCandidates, type Candidate } from './candidates';
import { compose } from './compose-rules';
import { loadContent } from './content';
import { createLinks } from './messages';
import { recordRuns } from './outbox';
import { planAt, settingsNode, type Plan } from './plan';
import { codesAtLevel, existingRunKeys, healthyGroups, townshipsOf } from './reads';
import { townshipCoordinators, type PersonRow } from './recipients';
import { createUrgentComposer, type TickReport } from './urgent';

export type { TickReport } from './urgent';

/**
 * Decides which reminders are due at an instant and writes them, with their runs, into the outbox
 * (seed §二(三) 工作联络机制 over the cadence of seed §二(三)). Plain functions of `now`, so a test
 * walks a quarter day by day; in production pg-boss calls them on a schedule. Every decision has a
 * run key (group or person, rule, period or day): a second tick, or a second server, composes
 * nothing twice. The steps live beside it: plan.ts (what a county does today), candidates.ts
 * (which reminders may be due), content.ts (what they say, read set-based), compose-rules.ts (one
 * function a rule) and urgent.ts (C4 reports and broken robots, at once).
 */

export interface ComposerDeps {
  db: Db;
  clock: Clock;
  settings: SettingsService;
  /** The address people open (PUBLIC_URL); links are left out without it. */
  publicUrl?: string | undefined;
  /** Personal work notifications can be sent (a DingTalk app with an agent id). */
  workNotifications: boolean;
}

export function createReminderComposer(deps: ComposerDeps) {
  const { db } = deps;
  const links = createLinks(deps.publicUrl);
  const urgent = createUrgentComposer({ ...deps, links });

  /** Routine reminders due at `now`: township due lists, closed-period notices, summaries, backlog, personal. */
  async function runReminderTick(now: Date = deps.clock.now()): Promise<TickReport> {
    const today = shanghaiDate(now);
    const provinceCodes = await codesAtLevel(db, 'province');
    if (provinceCodes.length === 0) return { runs: 0, messages: 0 };
    const [groups, resolver, calendarFor] = await Promise.all([
      healthyGroups(db),
      deps.settings.resolver(provinceCodes),
      loadCalendars(db),
    ]);
    const plans = new Map<string, Plan>();
    const planFor = (code: string): Plan => {
      const node = settingsNode(code);
      let plan = plans.get(node);
      if (!plan) {
        plan = planAt(now, resolver.effectiveFor(node), calendarFor(node));
        plans.set(node, plan);
      }
      return plan;
    };
    const candidates = routineCandidates(groups, planFor, today);
    // Personal notices go to every township/park coordinator with overdue enterprises, group or not.
    let personalTownships: { code: string; name: string }[] = [];
    if (deps.workNotifications) {
      const closing = (await codesAtLevel(db, 'county')).filter((c) => planFor(c).closed);
      personalTownships = await townshipsOf(db, closing);
    }
    const personalPeople = await townshipCoordinators(db, {
      townships: personalTownships.map((t) => t.code),
      today,
    });
    candidates.push(...personalCandidates(personalPeople, planFor));
    return composeCandidates(candidates, personalPeople, resolver, now, today);
  }

  /** Composes the candidates not composed before and records them with their messages. */
  async function composeCandidates(
    candidates: readonly Candidate[],
    personalPeople: readonly PersonRow[],
    resolver: SettingsResolver,
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
      const run = compose(c, content, links, now);
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
    const provinceCodes = await codesAtLevel(db, 'province');
    if (provinceCodes.length === 0) return { runs: 0, messages: 0 };
    const [groups, resolver] = await Promise.all([healthyGroups(db), deps.settings.resolver(provinceCodes)]);
    return composeCandidates(previewCandidates(groups, resolver, today), [], resolver, now, today);
  }

  return {
    runReminderTick,
    /** C4 reports at once (urgent.ts). */
    composeUrgent: (now: Date = deps.clock.now()) => urgent.composeUrgent(now),
    composeMisconfigured: urgent.composeMisconfigured,
    composeDemoPreview,
  };
}

export type ReminderComposer = ReturnType<typeof createReminderComposer>;
