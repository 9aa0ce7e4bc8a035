import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { formatTimeOfDay } from '@coordnet/shared/api/settings';
import { shanghaiDate } from '@coordnet/shared/domain/period';
import type { Db } from '../../db/client';
import { rowsOf } from '../../db/rows';
import type { RobotMessage, WorkMessage } from '../../integrations/dingtalk/messages';
import type { DingTalkClient, DingTalkResult } from '../../integrations/dingtalk/types';
import type { Clock } from '../../lib/clock';
import type { SecretBox } from '../../lib/secret-box';
import type { WorkdayCalendar } from '../../lib/workdays';
import type { SettingsResolver, SettingsService } from '../settings/service';
import { outcomeOf, recordGroupOutcome, ROBOT_THROTTLE_MS, sendToGroup } from '../work-groups/robot';
import { loadCalendars } from './calendar';
import { blockGroup, claimNext, deferGroup, iso, QUEUES, type Claim, type Gate } from './claims';
import { settingsNode } from './plan';
import { codesAtLevel } from './reads';
import type { ReminderComposer } from './composer';

/** The rows a statement `returning id` touched. */
const idRow = z.object({ id: z.coerce.number() });

/**
 * Sends what the composer put in the outbox. Each message is claimed in a short transaction
 * (SKIP LOCKED, so several dispatchers on several instances never take the same one) that also
 * takes a send slot of the robot from Postgres; it is sent outside any transaction and its result
 * recorded in another. A dispatcher that dies in between leaves the message `sending` with a lease;
 * after the lease another one sends it again with the same msgUuid, which DingTalk shows once.
 */

export interface DispatcherOptions {
  /** How long a claimed message is someone's before another dispatcher may take it over. */
  leaseMs?: number;
  /** Messages sent at the same time (to different robots; each robot is paced on its own). */
  concurrency?: number;
  /** Attempts before a message that keeps failing with "try later" is given up. */
  maxAttempts?: number;
  /** Work-notification recipients per minute for the whole app (DingTalk allows 5,000). */
  notificationsPerMinute?: number;
  /** Stop after this many sends in one call. */
  maxSends?: number;
}

export interface DispatchReport {
  sent: number;
  failed: number;
  retried: number;
  blocked: number;
  deferred: number;
}

export interface DispatcherDeps {
  db: Db;
  clock: Clock;
  dingtalk: DingTalkClient;
  secretBox: SecretBox;
  settings: SettingsService;
  composer: Pick<ReminderComposer, 'composeMisconfigured'>;
  options?: DispatcherOptions;
}

const OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const BASE_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 30 * 60_000;

export function createReminderDispatcher(deps: DispatcherDeps) {
  const { db, dingtalk, secretBox } = deps;
  const leaseMs = deps.options?.leaseMs ?? 2 * 60_000;
  const concurrency = deps.options?.concurrency ?? 4;
  const maxAttempts = deps.options?.maxAttempts ?? 20;
  const perMinute = deps.options?.notificationsPerMinute ?? 2_500;
  const maxSends = deps.options?.maxSends ?? 5_000;

  /** Where routine messages may go: work days, inside the county's reminder window. */
  function routineGate(resolver: SettingsResolver, calendarFor: (code: string) => WorkdayCalendar): Gate {
    return (code: string, now: Date): Date | null => {
      const node = settingsNode(code);
      const settings = resolver.effectiveFor(node);
      const calendar = calendarFor(node);
      const window = {
        from: formatTimeOfDay(settings.reminderWindowStart),
        until: formatTimeOfDay(settings.reminderWindowEnd),
      };
      if (calendar.isRoutineSendTime(now, window)) return null;
      // Next opening: today's if it is a work day still before the window, else the next work day's.
      const today = shanghaiDate(now);
      const startOn = (date: string) =>
        new Date(
          Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) -
            OFFSET_MS +
            (Math.floor(settings.reminderWindowStart / 100) * 60 + (settings.reminderWindowStart % 100)) *
              60_000,
        );
      if (calendar.isWorkday(today) && startOn(today).getTime() > now.getTime()) return startOn(today);
      const tomorrow = shanghaiDate(new Date(startOn(today).getTime() + DAY_MS));
      return startOn(calendar.firstWorkdayOnOrAfter(tomorrow));
    };
  }

  async function send(c: Claim): Promise<DingTalkResult<unknown>> {
    const message = c.row.message;
    if (c.kind === 'work_notification')
      return dingtalk.sendWorkNotification({ userIds: [c.dingtalkUserId], message: message as WorkMessage });
    return sendToGroup(
      dingtalk,
      secretBox,
      {
        id: c.group.id,
        delivery: c.group.delivery,
        openConversationId: c.group.open_conversation_id,
        accessTokenSealed: c.group.access_token_sealed,
        secretSealed: c.group.secret_sealed,
        keyword: c.group.keyword,
      },
      message as RobotMessage,
      c.row.msg_uuid,
    );
  }

  async function record(c: Claim, result: DingTalkResult<unknown>, report: DispatchReport, now: Date) {
    const mine = sql`id = ${c.row.id} and status = 'sending' and attempts = ${c.attempts}::int`;
    await db.transaction(async (tx) => {
      const errcode = result.ok ? 0 : result.errcode;
      const errmsg = result.ok ? null : result.errmsg.slice(0, 500);
      const outcome = outcomeOf(result);
      let status: 'sent' | 'pending' | 'failed' | 'blocked';
      let next: Date | null = null;
      if (result.ok) status = 'sent';
      else if (outcome === 'throttled') {
        status = 'pending';
        next = new Date(now.getTime() + ROBOT_THROTTLE_MS);
      } else if (result.kind === 'retry_later') {
        status = c.attempts >= maxAttempts ? 'failed' : 'pending';
        next = new Date(now.getTime() + Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** (c.attempts - 1)));
      } else if (outcome === 'misconfigured' && c.kind === 'robot') status = 'blocked';
      else status = 'failed';

      const updated = await tx.execute(sql`
        update reminder_outbox
           set status = ${status}::reminder_status, lease_until = null, errcode = ${errcode}::int, errmsg = ${errmsg},
               sent_at = ${result.ok ? iso(now) : null}::timestamptz,
               next_attempt_at = coalesce(${next ? iso(next) : null}::timestamptz, next_attempt_at),
               updated_at = ${iso(now)}::timestamptz
         where ${mine}
        returning id`);
      if (rowsOf(idRow, updated).length === 0) return; // taken over meanwhile: the other dispatcher records it
      if (status === 'sent') report.sent++;
      else if (status === 'pending') report.retried++;
      else if (status === 'blocked') report.blocked++;
      else report.failed++;

      if (c.kind !== 'robot') return;
      const becameMisconfigured = await recordGroupOutcome(tx, c.group.id, result, now);
      if (outcome === 'throttled' && next) await deferGroup(tx, c.group.id, next, now);
      if (outcome === 'misconfigured') {
        await blockGroup(tx, c.group.id, now);
        if (becameMisconfigured && !result.ok)
          await deps.composer.composeMisconfigured(
            tx,
            {
              id: c.group.id,
              jurisdictionCode: c.group.jurisdiction_code,
              name: c.group.name,
              jurisdictionName: c.group.jurisdiction_name,
            },
            result,
            now,
          );
      }
    });
  }

  /**
   * Sends every message that is due, paced per robot, and returns what happened. With `at`, the
   * whole call happens at that instant (tests walk a clock); without, each step reads the clock.
   */
  async function dispatchOnce(at?: Date): Promise<DispatchReport> {
    const nowOf = () => at ?? deps.clock.now();
    const report: DispatchReport = { sent: 0, failed: 0, retried: 0, blocked: 0, deferred: 0 };
    // Most calls find nothing to do: one cheap look over the queue indexes first.
    const now = iso(nowOf());
    const due = await db.execute(sql`
      select exists (select 1 from reminder_outbox o where ${QUEUES[0]!.where(now)})
          or exists (select 1 from reminder_outbox o where o.status = 'pending' and o.next_attempt_at <= ${now}::timestamptz) as due`);
    if (!rowsOf(z.object({ due: z.boolean() }), due)[0]?.due) return report;
    const provinces = await codesAtLevel(db, 'province');
    const [resolver, calendarFor] = await Promise.all([deps.settings.resolver(provinces), loadCalendars(db)]);
    const gate = routineGate(resolver, calendarFor);
    let sends = 0;
    // A bound on looks that send nothing, so no unforeseen state can keep a worker spinning.
    let looks = 0;
    const worker = async () => {
      while (sends < maxSends && looks++ < 4 * maxSends) {
        const claimed = await claimNext(db, nowOf(), { gate, report, leaseMs, perMinute });
        if (claimed === 'none') return;
        if (claimed === 'again') continue;
        sends++;
        const result = await send(claimed);
        await record(claimed, result, report, nowOf());
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return report;
  }

  /**
   * Milliseconds until the earliest waiting message is due (0 if one is due now), or null when
   * nothing waits: the dispatch job sleeps until then rather than a fixed pause, so a robot's next
   * send slot is used when it frees up.
   */
  async function nextDueInMs(): Promise<number | null> {
    const now = iso(deps.clock.now());
    const next = await db.execute(sql`
      select extract(epoch from (least(
               (select min(next_attempt_at) from reminder_outbox where status = 'pending'),
               (select min(lease_until) from reminder_outbox where status = 'sending')
             ) - ${now}::timestamptz)) * 1000 as ms`);
    const ms = rowsOf(z.object({ ms: z.coerce.number().nullable() }), next)[0]?.ms;
    return ms === null || ms === undefined ? null : Math.max(0, Math.ceil(ms));
  }

  return { dispatchOnce, nextDueInMs };
}

export type ReminderDispatcher = ReturnType<typeof createReminderDispatcher>;
