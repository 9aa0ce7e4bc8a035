import { sql, type SQL } from 'drizzle-orm';
import { formatTimeOfDay } from '@coordnet/shared/api/settings';
import { shanghaiDate } from '@coordnet/shared/domain/period';
import type { Db, Tx } from '../../db/client';
import type { RobotMessage, WorkMessage } from '../../integrations/dingtalk/messages';
import type { DingTalkClient, DingTalkResult } from '../../integrations/dingtalk/types';
import type { Clock } from '../../lib/clock';
import type { SecretBox } from '../../lib/secret-box';
import type { WorkdayCalendar } from '../../lib/workdays';
import type { SettingsResolver, SettingsService } from '../settings/service';
import {
  outcomeOf,
  recordGroupOutcome,
  reserveRobotSlot,
  ROBOT_THROTTLE_MS,
  sendToGroup,
} from '../work-groups/robot';
import { loadCalendars } from './calendar';
import { settingsNode } from './plan';
import type { ReminderComposer } from './composer';

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

type Row = {
  id: number;
  channel: 'robot' | 'work_notification';
  group_id: string | null;
  recipient_user_id: string | null;
  jurisdiction_code: string;
  message: RobotMessage | WorkMessage | string;
  msg_uuid: string;
  routine: boolean;
  attempts: number;
};

type GroupInfo = {
  id: string;
  jurisdiction_code: string;
  jurisdiction_name: string;
  name: string;
  keyword: string | null;
  active: boolean;
  status: string;
  throttled_until: string | Date | null;
  delivery: 'webhook' | 'app_robot';
  open_conversation_id: string | null;
  access_token_sealed: string | null;
  secret_sealed: string | null;
};

type Claim =
  | { kind: 'robot'; row: Row; group: GroupInfo; attempts: number }
  | { kind: 'work_notification'; row: Row; dingtalkUserId: string; attempts: number };

const OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const BASE_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 30 * 60_000;
const WORK_NOTIFICATION_BUDGET = 'work_notification';

const iso = (d: Date) => d.toISOString();

/**
 * The queues a dispatcher takes from, in this order: messages whose sender died (their lease ran
 * out; oldest of their group, so parts stay in order), urgent ones, routine ones. A group with a
 * message in flight is skipped: one robot gets one message at a time, parts in order.
 */
const notInFlight = (now: string) => sql`(o.group_id is null or not exists (
  select 1 from reminder_outbox s
   where s.group_id = o.group_id and s.status = 'sending' and s.lease_until > ${now}::timestamptz))`;
const QUEUES: { where: (now: string) => SQL; order: SQL }[] = [
  {
    where: (now) =>
      sql`o.status = 'sending' and o.lease_until <= ${now}::timestamptz and ${notInFlight(now)}`,
    order: sql`o.lease_until, o.id`,
  },
  {
    where: (now) =>
      sql`o.status = 'pending' and not o.routine and o.next_attempt_at <= ${now}::timestamptz and ${notInFlight(now)}`,
    order: sql`o.next_attempt_at, o.id`,
  },
  {
    where: (now) =>
      sql`o.status = 'pending' and o.next_attempt_at <= ${now}::timestamptz and ${notInFlight(now)}`,
    order: sql`o.next_attempt_at, o.id`,
  },
];

export function createReminderDispatcher(deps: DispatcherDeps) {
  const { db, dingtalk, secretBox } = deps;
  const leaseMs = deps.options?.leaseMs ?? 2 * 60_000;
  const concurrency = deps.options?.concurrency ?? 4;
  const maxAttempts = deps.options?.maxAttempts ?? 20;
  const perMinute = deps.options?.notificationsPerMinute ?? 2_500;
  const maxSends = deps.options?.maxSends ?? 5_000;

  /** Where routine messages may go: work days, inside the county's reminder window. */
  function routineGate(resolver: SettingsResolver, calendarFor: (code: string) => WorkdayCalendar) {
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

  /** Puts a message back in the queue until then (a taken-over `sending` one becomes `pending` again). */
  async function defer(tx: Tx, id: number, until: Date, now: Date) {
    await tx.execute(sql`
      update reminder_outbox set status = 'pending', lease_until = null, next_attempt_at = ${iso(until)}::timestamptz,
             updated_at = ${iso(now)}::timestamptz
       where id = ${id}`);
  }

  /** The robot's other waiting messages wait too (without touching ones another dispatcher holds). */
  async function deferGroup(tx: Tx, groupId: string, until: Date, now: Date) {
    await tx.execute(sql`
      update reminder_outbox set next_attempt_at = ${iso(until)}::timestamptz, updated_at = ${iso(now)}::timestamptz
       where id in (
         select id from reminder_outbox
          where group_id = ${groupId}::uuid and status = 'pending' and next_attempt_at < ${iso(until)}::timestamptz
          for update skip locked)`);
  }

  async function setStatus(
    tx: Tx,
    id: number,
    status: 'blocked' | 'cancelled' | 'failed',
    now: Date,
    errmsg: string | null = null,
  ) {
    await tx.execute(sql`
      update reminder_outbox set status = ${status}::reminder_status, lease_until = null,
             errmsg = coalesce(${errmsg}, errmsg), updated_at = ${iso(now)}::timestamptz
       where id = ${id}`);
  }

  async function blockGroup(tx: Tx, groupId: string, now: Date) {
    await tx.execute(sql`
      update reminder_outbox set status = 'blocked', updated_at = ${iso(now)}::timestamptz
       where id in (
         select id from reminder_outbox where group_id = ${groupId}::uuid and status = 'pending'
          for update skip locked)`);
  }

  /** Takes `n` work-notification recipients from the app's per-minute budget, or says when to try again. */
  async function reserveNotifications(tx: Tx, n: number, now: Date): Promise<Date | null> {
    const windowStartCut = iso(new Date(now.getTime() - 60_000));
    await tx.execute(sql`
      insert into send_budgets (key, window_start, used) values (${WORK_NOTIFICATION_BUDGET}, ${iso(now)}::timestamptz, 0)
      on conflict (key) do nothing`);
    const taken = await tx.execute<{ key: string }>(sql`
      update send_budgets
         set used = case when window_start <= ${windowStartCut}::timestamptz then ${n}::int else used + ${n}::int end,
             window_start = case when window_start <= ${windowStartCut}::timestamptz then ${iso(now)}::timestamptz else window_start end
       where key = ${WORK_NOTIFICATION_BUDGET}
         and (window_start <= ${windowStartCut}::timestamptz or used + ${n}::int <= ${perMinute}::int)
      returning key`);
    if (taken.rows.length > 0) return null;
    const row = await tx.execute<{ window_start: string | Date }>(sql`
      select window_start from send_budgets where key = ${WORK_NOTIFICATION_BUDGET}`);
    return new Date(new Date(row.rows[0]!.window_start).getTime() + 60_000);
  }

  type Gate = ReturnType<typeof routineGate>;

  /**
   * One claim attempt: the first message due in the first queue that has one, and whether it may
   * go now. Returns the claim, 'again' (that message was put off or set aside: look for the next),
   * or 'none'.
   */
  async function claim(now: Date, gate: Gate, report: DispatchReport): Promise<Claim | 'again' | 'none'> {
    return db.transaction(async (tx) => {
      let row: Row | undefined;
      for (const queue of QUEUES) {
        const found = await tx.execute<Row>(sql`
          select o.id, o.channel, o.group_id, o.recipient_user_id, o.jurisdiction_code, o.message, o.msg_uuid,
                 o.routine, o.attempts
            from reminder_outbox o
           where ${queue.where(iso(now))}
           order by ${queue.order}
           limit 1
           for update of o skip locked`);
        row = found.rows[0];
        if (row) break;
      }
      if (!row) return 'none';

      if (row.routine) {
        const opens = gate(row.jurisdiction_code, now);
        if (opens) {
          // Never defer to a moment that has already come: the same row would be claimed again at once.
          const until = opens.getTime() > now.getTime() ? opens : new Date(now.getTime() + 60_000);
          await defer(tx, row.id, until, now);
          report.deferred++;
          return 'again';
        }
      }

      const attempts = row.attempts + 1;
      const take = async () => {
        await tx.execute(sql`
          update reminder_outbox
             set status = 'sending', lease_until = ${iso(new Date(now.getTime() + leaseMs))}::timestamptz,
                 attempts = ${attempts}::int, updated_at = ${iso(now)}::timestamptz
           where id = ${row.id}`);
      };

      if (row.channel === 'work_notification') {
        const users = await tx.execute<{ dingtalk_user_id: string | null; active: boolean }>(sql`
          select dingtalk_user_id, active from users where id = ${row.recipient_user_id}::uuid`);
        const user = users.rows[0];
        if (!user?.active || !user.dingtalk_user_id) {
          await setStatus(tx, row.id, 'cancelled', now, '接收人已停用');
          return 'again';
        }
        const retryAt = await reserveNotifications(tx, 1, now);
        if (retryAt) {
          await defer(tx, row.id, retryAt, now);
          report.deferred++;
          return 'again';
        }
        await take();
        return { kind: 'work_notification', row, dingtalkUserId: user.dingtalk_user_id, attempts };
      }

      // The group's row lock makes its senders take turns; whoever comes second sees the first's claim.
      const groups = await tx.execute<GroupInfo>(sql`
        select g.id, g.jurisdiction_code, j.name as jurisdiction_name, g.name, g.keyword, g.active, g.status,
               g.throttled_until, g.delivery, g.open_conversation_id, g.access_token_sealed, g.secret_sealed
          from work_groups g join jurisdictions j on j.code = g.jurisdiction_code
         where g.id = ${row.group_id}::uuid
           for update of g`);
      const group = groups.rows[0];
      // One message at a time per robot, and oldest first, so numbered parts arrive in order.
      const inFlight = await tx.execute<{ id: number }>(sql`
        select id from reminder_outbox
         where group_id = ${row.group_id}::uuid and id <> ${row.id}
           and status = 'sending' and lease_until > ${iso(now)}::timestamptz
         limit 1`);
      if (inFlight.rows.length > 0) return 'again';
      const older = await tx.execute<{ at: string | Date | null }>(sql`
        select max(next_attempt_at) as at from reminder_outbox
         where group_id = ${row.group_id}::uuid and id < ${row.id}
           -- an urgent message does not wait behind routine ones (they may have to wait for morning)
           and (not routine or ${row.routine}::boolean)
           and ((status = 'pending' and next_attempt_at <= ${iso(now)}::timestamptz)
             or (status = 'sending' and lease_until <= ${iso(now)}::timestamptz))`);
      const olderAt = older.rows[0]?.at;
      if (olderAt) {
        // An older message of this robot is due: this one queues up behind it.
        await tx.execute(sql`
          update reminder_outbox
             set status = 'pending', lease_until = null,
                 next_attempt_at = greatest(next_attempt_at, ${iso(new Date(olderAt))}::timestamptz)
           where id = ${row.id}`);
        return 'again';
      }
      if (!group?.active) {
        await setStatus(tx, row.id, 'cancelled', now, '工作群已停用');
        return 'again';
      }
      if (group.status === 'misconfigured') {
        await setStatus(tx, row.id, 'blocked', now);
        report.blocked++;
        return 'again';
      }
      if (group.throttled_until && new Date(group.throttled_until).getTime() > now.getTime()) {
        const until = new Date(group.throttled_until);
        await defer(tx, row.id, until, now);
        await deferGroup(tx, group.id, until, now);
        report.deferred++;
        return 'again';
      }
      const slot = await reserveRobotSlot(tx, group.id, now);
      if (!slot.ok) {
        await defer(tx, row.id, slot.freeAt, now);
        await deferGroup(tx, group.id, slot.freeAt, now);
        report.deferred++;
        return 'again';
      }
      await take();
      return { kind: 'robot', row, group, attempts };
    });
  }

  async function send(c: Claim): Promise<DingTalkResult<unknown>> {
    const message = (typeof c.row.message === 'string' ? JSON.parse(c.row.message) : c.row.message) as
      RobotMessage | WorkMessage;
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

      const updated = await tx.execute<{ id: number }>(sql`
        update reminder_outbox
           set status = ${status}::reminder_status, lease_until = null, errcode = ${errcode}::int, errmsg = ${errmsg},
               sent_at = ${result.ok ? iso(now) : null}::timestamptz,
               next_attempt_at = coalesce(${next ? iso(next) : null}::timestamptz, next_attempt_at),
               updated_at = ${iso(now)}::timestamptz
         where ${mine}
        returning id`);
      if (updated.rows.length === 0) return; // taken over meanwhile: the other dispatcher records it
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
    const due = await db.execute<{ due: boolean }>(sql`
      select exists (select 1 from reminder_outbox o where ${QUEUES[0]!.where(now)})
          or exists (select 1 from reminder_outbox o where o.status = 'pending' and o.next_attempt_at <= ${now}::timestamptz) as due`);
    if (!due.rows[0]?.due) return report;
    const provinces = await db.execute<{ code: string }>(
      sql`select code from jurisdictions where level = 'province'`,
    );
    const [resolver, calendarFor] = await Promise.all([
      deps.settings.resolver(provinces.rows.map((r) => r.code)),
      loadCalendars(db),
    ]);
    const gate = routineGate(resolver, calendarFor);
    let sends = 0;
    // A bound on looks that send nothing, so no unforeseen state can keep a worker spinning.
    let looks = 0;
    const worker = async () => {
      while (sends < maxSends && looks++ < 4 * maxSends) {
        const claimed = await claim(nowOf(), gate, report);
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
    const next = await db.execute<{ ms: number | null }>(sql`
      select extract(epoch from (least(
               (select min(next_attempt_at) from reminder_outbox where status = 'pending'),
               (select min(lease_until) from reminder_outbox where status = 'sending')
             ) - ${now}::timestamptz)) * 1000 as ms`);
    const ms = next.rows[0]?.ms;
    return ms === null || ms === undefined ? null : Math.max(0, Math.ceil(Number(ms)));
  }

  return { dispatchOnce, nextDueInMs };
}

export type ReminderDispatcher = ReturnType<typeof createReminderDispatcher>;
