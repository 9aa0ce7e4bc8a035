import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '../../db/client';
import { jsonColumn, rowsOf, timestampColumn } from '../../db/rows';
import type { RobotMessage, WorkMessage } from '../../integrations/dingtalk/messages';
import { reserveRobotSlot } from '../work-groups/robot';
import type { DispatchReport } from './dispatcher';

/**
 * How a dispatcher takes a message from the outbox: in a short transaction (SKIP LOCKED) that
 * checks it may go now (the routine window, the recipient, the robot's pace and order) and marks
 * it `sending` with a lease, or puts it off and says to look again.
 */

export const iso = (d: Date) => d.toISOString();

const WORK_NOTIFICATION_BUDGET = 'work_notification';

const outboxRowSchema = z.object({
  id: z.coerce.number(),
  channel: z.enum(['robot', 'work_notification']),
  group_id: z.string().nullable(),
  recipient_user_id: z.string().nullable(),
  jurisdiction_code: z.string(),
  /** JSON (a string on drivers that do not parse it); written by the composer as one of these */
  message: jsonColumn(z.custom<RobotMessage | WorkMessage>((v) => typeof v === 'object' && v !== null)),
  msg_uuid: z.string(),
  routine: z.boolean(),
  attempts: z.number(),
});
type OutboxRow = z.infer<typeof outboxRowSchema>;

const groupInfoSchema = z.object({
  id: z.string(),
  jurisdiction_code: z.string(),
  jurisdiction_name: z.string(),
  name: z.string(),
  keyword: z.string().nullable(),
  active: z.boolean(),
  status: z.string(),
  throttled_until: timestampColumn.nullable(),
  delivery: z.enum(['webhook', 'app_robot']),
  open_conversation_id: z.string().nullable(),
  access_token_sealed: z.string().nullable(),
  secret_sealed: z.string().nullable(),
});
type GroupInfo = z.infer<typeof groupInfoSchema>;

export type Claim =
  | { kind: 'robot'; row: OutboxRow; group: GroupInfo; attempts: number }
  | { kind: 'work_notification'; row: OutboxRow; dingtalkUserId: string; attempts: number };

/** When a routine message of a jurisdiction may go: null now, else the next opening. */
export type Gate = (code: string, now: Date) => Date | null;

export interface ClaimContext {
  gate: Gate;
  report: Pick<DispatchReport, 'deferred' | 'blocked'>;
  /** How long a claimed message is the claimer's. */
  leaseMs: number;
  /** Work-notification recipients per minute for the whole app. */
  perMinute: number;
}

/**
 * The queues a dispatcher takes from, in this order: messages whose sender died (their lease ran
 * out; oldest of their group, so parts stay in order), urgent ones, routine ones. A group with a
 * message in flight is skipped: one robot gets one message at a time, parts in order.
 */
const notInFlight = (now: string) => sql`(o.group_id is null or not exists (
  select 1 from reminder_outbox s
   where s.group_id = o.group_id and s.status = 'sending' and s.lease_until > ${now}::timestamptz))`;
export const QUEUES: { where: (now: string) => SQL; order: SQL }[] = [
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

/** Puts a message back in the queue until then (a taken-over `sending` one becomes `pending` again). */
async function defer(tx: Tx, id: number, until: Date, now: Date) {
  await tx.execute(sql`
    update reminder_outbox set status = 'pending', lease_until = null, next_attempt_at = ${iso(until)}::timestamptz,
           updated_at = ${iso(now)}::timestamptz
     where id = ${id}`);
}

/** The robot's other waiting messages wait too (without touching ones another dispatcher holds). */
export async function deferGroup(tx: Tx, groupId: string, until: Date, now: Date) {
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

/** The robot's waiting messages are blocked until the group is fixed. */
export async function blockGroup(tx: Tx, groupId: string, now: Date) {
  await tx.execute(sql`
    update reminder_outbox set status = 'blocked', updated_at = ${iso(now)}::timestamptz
     where id in (
       select id from reminder_outbox where group_id = ${groupId}::uuid and status = 'pending'
        for update skip locked)`);
}

/** Takes `n` work-notification recipients from the app's per-minute budget, or says when to try again. */
async function reserveNotifications(tx: Tx, n: number, now: Date, perMinute: number): Promise<Date | null> {
  const windowStartCut = iso(new Date(now.getTime() - 60_000));
  await tx.execute(sql`
    insert into send_budgets (key, window_start, used) values (${WORK_NOTIFICATION_BUDGET}, ${iso(now)}::timestamptz, 0)
    on conflict (key) do nothing`);
  const taken = await tx.execute(sql`
    update send_budgets
       set used = case when window_start <= ${windowStartCut}::timestamptz then ${n}::int else used + ${n}::int end,
           window_start = case when window_start <= ${windowStartCut}::timestamptz then ${iso(now)}::timestamptz else window_start end
     where key = ${WORK_NOTIFICATION_BUDGET}
       and (window_start <= ${windowStartCut}::timestamptz or used + ${n}::int <= ${perMinute}::int)
    returning key`);
  if (taken.rows.length > 0) return null;
  const [row] = rowsOf(
    z.object({ window_start: timestampColumn }),
    await tx.execute(sql`select window_start from send_budgets where key = ${WORK_NOTIFICATION_BUDGET}`),
  );
  return new Date(new Date(row!.window_start).getTime() + 60_000);
}

/** The first message due in the first queue that has one, locked. */
async function nextDue(tx: Tx, now: Date): Promise<OutboxRow | undefined> {
  for (const queue of QUEUES) {
    const [row] = rowsOf(
      outboxRowSchema,
      await tx.execute(sql`
        select o.id, o.channel, o.group_id, o.recipient_user_id, o.jurisdiction_code, o.message, o.msg_uuid,
               o.routine, o.attempts
          from reminder_outbox o
         where ${queue.where(iso(now))}
         order by ${queue.order}
         limit 1
         for update of o skip locked`),
    );
    if (row) return row;
  }
  return undefined;
}

/** One message being claimed, in its transaction; `take` marks it `sending`. */
interface Attempt {
  tx: Tx;
  row: OutboxRow;
  now: Date;
  ctx: ClaimContext;
  take: () => Promise<void>;
}

/** A work notification goes if its recipient can receive it and the app's budget allows. */
async function claimNotification({ tx, row, now, ctx, take }: Attempt): Promise<Claim | 'again'> {
  const [user] = rowsOf(
    z.object({ dingtalk_user_id: z.string().nullable(), active: z.boolean() }),
    await tx.execute(sql`
      select dingtalk_user_id, active from users where id = ${row.recipient_user_id}::uuid`),
  );
  if (!user?.active || !user.dingtalk_user_id) {
    await setStatus(tx, row.id, 'cancelled', now, '接收人已停用');
    return 'again';
  }
  const retryAt = await reserveNotifications(tx, 1, now, ctx.perMinute);
  if (retryAt) {
    await defer(tx, row.id, retryAt, now);
    ctx.report.deferred++;
    return 'again';
  }
  await take();
  return {
    kind: 'work_notification',
    row,
    dingtalkUserId: user.dingtalk_user_id,
    attempts: row.attempts + 1,
  };
}

/** When an older message of the robot is due or one is in flight: this one waits its turn. */
async function waitsItsTurn(tx: Tx, row: OutboxRow, now: Date): Promise<boolean> {
  // One message at a time per robot, and oldest first, so numbered parts arrive in order.
  const inFlight = await tx.execute(sql`
    select id from reminder_outbox
     where group_id = ${row.group_id}::uuid and id <> ${row.id}
       and status = 'sending' and lease_until > ${iso(now)}::timestamptz
     limit 1`);
  if (inFlight.rows.length > 0) return true;
  const [older] = rowsOf(
    z.object({ at: timestampColumn.nullable() }),
    await tx.execute(sql`
      select max(next_attempt_at) as at from reminder_outbox
       where group_id = ${row.group_id}::uuid and id < ${row.id}
         -- an urgent message does not wait behind routine ones (they may have to wait for morning)
         and (not routine or ${row.routine}::boolean)
         and ((status = 'pending' and next_attempt_at <= ${iso(now)}::timestamptz)
           or (status = 'sending' and lease_until <= ${iso(now)}::timestamptz))`),
  );
  if (!older?.at) return false;
  // An older message of this robot is due: this one queues up behind it.
  await tx.execute(sql`
    update reminder_outbox
       set status = 'pending', lease_until = null,
           next_attempt_at = greatest(next_attempt_at, ${iso(new Date(older.at))}::timestamptz)
     where id = ${row.id}`);
  return true;
}

/** A robot message goes if its group works, is not throttled and has a send slot free. */
async function claimRobot({ tx, row, now, ctx, take }: Attempt): Promise<Claim | 'again'> {
  // The group's row lock makes its senders take turns; whoever comes second sees the first's claim.
  const [group] = rowsOf(
    groupInfoSchema,
    await tx.execute(sql`
      select g.id, g.jurisdiction_code, j.name as jurisdiction_name, g.name, g.keyword, g.active, g.status,
             g.throttled_until, g.delivery, g.open_conversation_id, g.access_token_sealed, g.secret_sealed
        from work_groups g join jurisdictions j on j.code = g.jurisdiction_code
       where g.id = ${row.group_id}::uuid
         for update of g`),
  );
  if (await waitsItsTurn(tx, row, now)) return 'again';
  if (!group?.active) {
    await setStatus(tx, row.id, 'cancelled', now, '工作群已停用');
    return 'again';
  }
  if (group.status === 'misconfigured') {
    await setStatus(tx, row.id, 'blocked', now);
    ctx.report.blocked++;
    return 'again';
  }
  const throttled = group.throttled_until ? new Date(group.throttled_until) : null;
  const slot =
    throttled && throttled.getTime() > now.getTime() ? null : await reserveRobotSlot(tx, group.id, now);
  const until = slot === null ? throttled! : slot.ok ? null : slot.freeAt;
  if (until) {
    await defer(tx, row.id, until, now);
    await deferGroup(tx, group.id, until, now);
    ctx.report.deferred++;
    return 'again';
  }
  await take();
  return { kind: 'robot', row, group, attempts: row.attempts + 1 };
}

/**
 * One claim attempt: the first message due in the first queue that has one, and whether it may
 * go now. Returns the claim, 'again' (that message was put off or set aside: look for the next),
 * or 'none'.
 */
export async function claimNext(db: Db, now: Date, ctx: ClaimContext): Promise<Claim | 'again' | 'none'> {
  return db.transaction(async (tx) => {
    const row = await nextDue(tx, now);
    if (!row) return 'none';
    if (row.routine) {
      const opens = ctx.gate(row.jurisdiction_code, now);
      if (opens) {
        // Never defer to a moment that has already come: the same row would be claimed again at once.
        const until = opens.getTime() > now.getTime() ? opens : new Date(now.getTime() + 60_000);
        await defer(tx, row.id, until, now);
        ctx.report.deferred++;
        return 'again';
      }
    }
    const take = async () => {
      await tx.execute(sql`
        update reminder_outbox
           set status = 'sending', lease_until = ${iso(new Date(now.getTime() + ctx.leaseMs))}::timestamptz,
               attempts = ${row.attempts + 1}::int, updated_at = ${iso(now)}::timestamptz
         where id = ${row.id}`);
    };
    const attempt = { tx, row, now, ctx, take };
    return row.channel === 'work_notification' ? claimNotification(attempt) : claimRobot(attempt);
  });
}
