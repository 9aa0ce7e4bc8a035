import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ReminderRule } from '@coordnet/shared/api/reminders';
import type { Db, Tx } from '../../db/client';
import { rowsOf } from '../../db/rows';
import {
  APP_ROBOT_MAX_PARAM_BYTES,
  ROBOT_MAX_BODY_BYTES,
  splitMarkdown,
  type RobotAt,
  type RobotMessage,
  type WorkMessage,
} from '../../integrations/dingtalk/messages';
import { reminderMsgUuid } from '../../integrations/dingtalk/msg-uuid';

/** A run the insert created (an existing run key creates none). */
const createdRunSchema = z.object({ id: z.coerce.number(), run_key: z.string() });

/** Room left in every robot message for a keyword the group may be given after composing. */
const KEYWORD_RESERVE_BYTES = 200;

export interface RunInput {
  /** Unique: whoever inserts it composes the messages (idempotent per group/person, rule, period). */
  runKey: string;
  rule: ReminderRule;
  period: string;
  jurisdictionCode: string;
  groupId?: string | null;
  userId?: string | null;
}

export interface OutboxMessage {
  channel: 'robot' | 'work_notification';
  groupId?: string | null;
  recipientUserId?: string | null;
  jurisdictionCode: string;
  rule: ReminderRule;
  period: string;
  part: number;
  parts: number;
  title: string;
  message: RobotMessage | WorkMessage;
  msgUuid: string;
  routine: boolean;
  /** Defaults to the run's time. */
  nextAttemptAt?: Date;
  /** Planned on an estimated work-day calendar (the year's official schedule was missing). */
  estimatedCalendar?: boolean;
}

export interface ComposedRun {
  run: RunInput;
  messages: OutboxMessage[];
}

/** Rows go to Postgres as one JSON document per statement (not one parameter per value), in chunks of about this size. */
const CHUNK_BYTES = 4_000_000;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const item of items) {
    const bytes = JSON.stringify(item).length;
    if (current.length > 0 && size + bytes > CHUNK_BYTES) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(item);
    size += bytes;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/**
 * Records runs and their messages in the caller's transaction, set-based. A run whose key exists
 * already (an earlier tick, another instance) is skipped together with its messages. Returns the
 * keys this call created.
 */
export async function recordRuns(tx: Tx, composed: readonly ComposedRun[], now: Date): Promise<Set<string>> {
  const at = now.toISOString();
  const created = new Map<string, number>();
  const runs = composed.map(({ run, messages }) => ({
    run_key: run.runKey,
    rule: run.rule,
    period: run.period,
    jurisdiction_code: run.jurisdictionCode,
    group_id: run.groupId ?? null,
    user_id: run.userId ?? null,
    messages: messages.length,
  }));
  for (const chunk of chunks(runs)) {
    const rows = await tx.execute(sql`
      insert into reminder_runs (run_key, rule, period, jurisdiction_code, group_id, user_id, messages, created_at)
      select r.run_key, r.rule::reminder_rule, r.period, r.jurisdiction_code, r.group_id::uuid, r.user_id::uuid,
             r.messages, ${at}::timestamptz
        from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as r(
          run_key text, rule text, period text, jurisdiction_code text, group_id text, user_id text, messages int)
      on conflict (run_key) do nothing
      returning id, run_key`);
    for (const row of rowsOf(createdRunSchema, rows)) created.set(row.run_key, row.id);
  }
  const outbox = composed.flatMap(({ run, messages }) => {
    const runId = created.get(run.runKey);
    if (runId === undefined) return [];
    return messages.map((m) => ({
      run_id: runId,
      channel: m.channel,
      group_id: m.groupId ?? null,
      recipient_user_id: m.recipientUserId ?? null,
      jurisdiction_code: m.jurisdictionCode,
      rule: m.rule,
      period: m.period,
      part: m.part,
      parts: m.parts,
      title: m.title,
      message: m.message,
      msg_uuid: m.msgUuid,
      routine: m.routine,
      estimated_calendar: m.estimatedCalendar ?? false,
      next_attempt_at: (m.nextAttemptAt ?? now).toISOString(),
    }));
  });
  for (const chunk of chunks(outbox)) {
    // A msgUuid seen before means the same part of the same reminder: never queue it twice.
    await tx.execute(sql`
      insert into reminder_outbox (run_id, channel, group_id, recipient_user_id, jurisdiction_code, rule, period,
             part, parts, title, message, msg_uuid, routine, estimated_calendar, status, next_attempt_at,
             created_at, updated_at)
      select m.run_id, m.channel::reminder_channel, m.group_id::uuid, m.recipient_user_id::uuid, m.jurisdiction_code,
             m.rule::reminder_rule, m.period, m.part, m.parts, m.title, m.message, m.msg_uuid, m.routine,
             m.estimated_calendar, 'pending', m.next_attempt_at::timestamptz, ${at}::timestamptz, ${at}::timestamptz
        from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as m(
          run_id bigint, channel text, group_id text, recipient_user_id text, jurisdiction_code text, rule text,
          period text, part int, parts int, title text, message jsonb, msg_uuid text, routine boolean,
          estimated_calendar boolean, next_attempt_at text)
      on conflict (msg_uuid) do nothing`);
  }
  return new Set(created.keys());
}

export interface RobotTarget {
  id: string;
  jurisdictionCode: string;
  keyword: string | null;
  /** An app-robot group takes smaller messages (msgParam ≤ 15,000 bytes); default webhook. */
  delivery?: 'webhook' | 'app_robot';
}

/**
 * A markdown reminder to a group, split into numbered parts that each fit DingTalk's 20,000-byte
 * body limit (with room for a keyword), each with its msgUuid from (group, rule, period, part).
 */
export function robotMessages(
  group: RobotTarget,
  reminder: {
    rule: ReminderRule;
    period: string;
    title: string;
    lines: readonly string[];
    at?: RobotAt;
    routine: boolean;
    /** distinguishes several reminders of one rule and period to one group (e.g. one per event) */
    key?: string;
  },
): OutboxMessage[] {
  const parts = splitMarkdown(reminder.title, reminder.lines, {
    keyword: group.keyword ?? undefined,
    at: reminder.at && hasMentions(reminder.at) ? reminder.at : undefined,
    maxBytes:
      (group.delivery === 'app_robot' ? APP_ROBOT_MAX_PARAM_BYTES : ROBOT_MAX_BODY_BYTES) -
      KEYWORD_RESERVE_BYTES,
  });
  return parts.map((message, index) => ({
    channel: 'robot',
    groupId: group.id,
    jurisdictionCode: group.jurisdictionCode,
    rule: reminder.rule,
    period: reminder.period,
    part: index + 1,
    parts: parts.length,
    title: message.markdown.title,
    message,
    msgUuid: reminderMsgUuid({
      groupId: group.id,
      rule: reminder.key ? `${reminder.rule}/${reminder.key}` : reminder.rule,
      period: reminder.period,
      part: index + 1,
    }),
    routine: reminder.routine,
  }));
}

const hasMentions = (at: RobotAt) => (at.atMobiles?.length ?? 0) + (at.atUserIds?.length ?? 0) > 0;

/** A work notification to one person (docs/dingtalk.md §4); keyed like a robot part by (person, rule, period). */
export function workNotification(
  recipient: { userId: string; jurisdictionCode: string },
  reminder: {
    rule: ReminderRule;
    period: string;
    title: string;
    text: string;
    routine: boolean;
    /** distinguishes several notices of one rule and period to one person */
    key?: string;
  },
): OutboxMessage {
  return {
    channel: 'work_notification',
    recipientUserId: recipient.userId,
    jurisdictionCode: recipient.jurisdictionCode,
    rule: reminder.rule,
    period: reminder.period,
    part: 1,
    parts: 1,
    title: reminder.title,
    message: { msgtype: 'markdown', markdown: { title: reminder.title, text: reminder.text } },
    msgUuid: reminderMsgUuid({
      groupId: `user:${recipient.userId}`,
      rule: reminder.key ? `${reminder.rule}/${reminder.key}` : reminder.rule,
      period: reminder.period,
      part: 1,
    }),
    routine: reminder.routine,
  };
}

/** Blocked messages of a group go back to the queue once its robot is fixed: nothing is lost. */
export async function requeueBlocked(tx: Pick<Db, 'execute'>, groupId: string, now: Date): Promise<number> {
  const result = await tx.execute(sql`
    update reminder_outbox set status = 'pending', next_attempt_at = ${now.toISOString()}::timestamptz,
           updated_at = ${now.toISOString()}::timestamptz
     where group_id = ${groupId}::uuid and status = 'blocked'
    returning id`);
  return rowsOf(z.object({ id: z.coerce.number() }), result).length;
}

/** A deactivated group's unsent messages are cancelled. */
export async function cancelUnsent(tx: Pick<Db, 'execute'>, groupId: string, now: Date): Promise<void> {
  await tx.execute(sql`
    update reminder_outbox set status = 'cancelled', updated_at = ${now.toISOString()}::timestamptz,
           errmsg = '工作群已停用'
     where group_id = ${groupId}::uuid and status in ('pending', 'blocked')`);
}
