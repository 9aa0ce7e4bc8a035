import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { ancestorCodes, codeRank, countyCodeOf, parentCode } from '@coordnet/shared/domain/jurisdiction-code';
import { shanghaiDate } from '@coordnet/shared/domain/period';
import { rowsOf } from '../../db/rows';
import type { Db, Tx } from '../../db/client';
import type { DingTalkResult } from '../../integrations/dingtalk/types';
import type { SettingsService } from '../settings/service';
import { escalateOverdueRiskCases, type RiskOverduePayload } from '../risk-cases/escalation';
import { explainRobotResult } from '../work-groups/robot';
import { groupBy, unique } from './content';
import {
  majorRiskReminder,
  misconfiguredReminder,
  riskOverdueReminder,
  type Links,
  type MajorRiskPayload,
} from './messages';
import { recordRuns, robotMessages, workNotification, type ComposedRun } from './outbox';
import { supervisorsOf } from './recipients';
import { healthyGroups, type GroupRow } from './reads';

/**
 * The reminders that do not wait for a routine send time: major dispute reports and overdue risk
 * reports (C4) at once, any day and hour, and a broken group robot told to the level above.
 */

export interface UrgentDeps {
  db: Db;
  settings: SettingsService;
  links: Links;
  /** Personal work notifications can be sent (a DingTalk app with an agent id). */
  workNotifications: boolean;
}

/** Runs created and messages written to the outbox. */
export interface TickReport {
  /** Runs this tick created (including those with nothing to say). */
  runs: number;
  /** Messages written to the outbox. */
  messages: number;
}

/** The groups of the first code in the chain that has any. */
const nearest = (byCode: Map<string, GroupRow[]>, chain: readonly string[]): GroupRow[] =>
  chain.map((code) => byCode.get(code)).find((list) => list && list.length > 0) ?? [];

/**
 * Whose supervisors look after a group: a township's, park's or community's is the county's, a
 * county's the city's, a city's the province's; the province looks after its own.
 */
function supervisingLevel(code: string): string {
  const rank = codeRank(code);
  if (rank === 'township' || rank === 'community') return countyCodeOf(code);
  return parentCode(code) ?? code;
}

const eventSchema = z.object({
  id: z.coerce.number(),
  kind: z.enum(['risk_report.major', 'risk_report.overdue']),
  jurisdiction_code: z.string(),
  /** JSON (a string on drivers that do not parse it) */
  payload: z.unknown().transform((v): unknown => (typeof v === 'string' ? JSON.parse(v) : v)),
});
type EscalationEvent = z.infer<typeof eventSchema>;

export function createUrgentComposer(deps: UrgentDeps) {
  const { db, links } = deps;

  /** An event's run and messages, to the event's jurisdiction's groups or the nearest above. */
  function composeEvent(event: EscalationEvent, groups: Map<string, GroupRow[]>, now: Date): ComposedRun {
    const targets = nearest(groups, [
      event.jurisdiction_code,
      ...ancestorCodes(event.jurisdiction_code).reverse(),
    ]);
    const rule = event.kind === 'risk_report.overdue' ? 'risk_overdue' : 'major_risk';
    const reminder =
      rule === 'risk_overdue'
        ? riskOverdueReminder({ payload: event.payload as RiskOverduePayload, links })
        : majorRiskReminder({ payload: event.payload as MajorRiskPayload, links });
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
        robotMessages(group, { rule, period, key: String(event.id), routine: false, ...reminder }),
      ),
    };
  }

  /**
   * Major dispute reports (C4) to the county's group at once, any day and hour (the nearest level
   * above with a working group if the county has none). Run every minute or more often.
   */
  async function composeUrgent(now: Date): Promise<TickReport> {
    return db.transaction(async (tx) => {
      // Risk reports whose deadline passed move up a level first (risk-cases/escalation.ts).
      await escalateOverdueRiskCases(tx, deps.settings, now);
      const events = rowsOf(
        eventSchema,
        await tx.execute(sql`
          select id, kind, jurisdiction_code, payload from escalation_events
           where dispatched_at is null and kind in ('risk_report.major', 'risk_report.overdue')
           order by id
           limit 200
           for update skip locked`),
      );
      if (events.length === 0) return { runs: 0, messages: 0 };
      const codes = unique(
        events.flatMap((e) => [e.jurisdiction_code, ...ancestorCodes(e.jurisdiction_code)]),
      );
      const groups = groupBy(await healthyGroups(tx, codes), (g) => g.jurisdictionCode);
      const composed = events.map((event) => composeEvent(event, groups, now));
      const created = await recordRuns(tx, composed, now);
      await tx.execute(sql`
        update escalation_events set dispatched_at = ${now.toISOString()}::timestamptz
         where id = any(array[${sql.join(
           events.map((e) => sql`${e.id}`),
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
    tx: Tx,
    group: { id: string; jurisdictionCode: string; name: string; jurisdictionName: string },
    result: DingTalkResult<unknown> & { ok: false },
    now: Date,
  ): Promise<void> {
    const parent = supervisingLevel(group.jurisdictionCode);
    const chain = [parent, ...ancestorCodes(parent).reverse()];
    const targets = nearest(
      groupBy(await healthyGroups(tx, chain), (g) => g.jurisdictionCode),
      chain,
    );
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
    const run = {
      runKey: `group_misconfigured:${key}`,
      rule: 'group_misconfigured' as const,
      period,
      jurisdictionCode: group.jurisdictionCode,
      groupId: group.id,
    };
    await recordRuns(tx, [{ run, messages }], now);
  }

  return { composeUrgent, composeMisconfigured };
}
