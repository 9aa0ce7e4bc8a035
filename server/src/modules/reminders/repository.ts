import { z } from 'zod';
import { sql, type SQL } from 'drizzle-orm';
import {
  REMINDER_RULES,
  REMINDER_STATUSES,
  type ReminderListQuery,
  type ReminderPage,
  reminderChannelSchema,
  reminderRuleSchema,
  reminderStatusSchema,
} from '@coordnet/shared/api/reminders';
import type { Db } from '../../db/client';
import { rowsOf, timestampColumn } from '../../db/rows';
import { cursorPart, decodeCursor, encodeCursor } from '../../lib/cursor';
import { readableBy, withinCodes } from '../../lib/scope';
import type { Principal } from '../auth/principal';
import { isUuid } from '../logs/repository';
import { maskMobilesIn } from './text';

const historyRowSchema = z.object({
  id: z.coerce.number(),
  channel: reminderChannelSchema,
  rule: reminderRuleSchema,
  period: z.string(),
  jurisdiction_code: z.string(),
  jurisdiction_name: z.string(),
  group_id: z.string().nullable(),
  group_name: z.string().nullable(),
  recipient_user_id: z.string().nullable(),
  recipient_name: z.string().nullable(),
  title: z.string(),
  message: z.unknown(),
  part: z.coerce.number(),
  parts: z.coerce.number(),
  status: reminderStatusSchema,
  errcode: z.coerce.number().nullable(),
  errmsg: z.string().nullable(),
  attempts: z.coerce.number(),
  created_at: timestampColumn,
  sent_at: timestampColumn.nullable(),
  next_attempt_at: timestampColumn.nullable(),
  estimated_calendar: z.boolean().nullable(),
});

const isoOf = (value: string | Date | null) => (value === null ? null : new Date(value).toISOString());

/** The shown text of a robot or work-notification body. */
function textOf(raw: unknown): string {
  const message = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Record<string, unknown>;
  const section = message[String(message.msgtype)] as { text?: unknown; content?: unknown } | undefined;
  const text = message.msgtype === 'text' ? section?.content : section?.text;
  return typeof text === 'string' ? text : '';
}

/**
 * Who sees which message: group messages by everyone who can read the group's jurisdiction;
 * a work notification by its recipient and by supervisors over the recipient's jurisdiction.
 */
export function reminderReadableBy(principal: Principal): SQL {
  const supervised = principal.supervisorRoles.map((r) => r.jurisdictionCode);
  return sql`(
    (o.channel = 'robot' and ${readableBy(principal.scope, sql`o.jurisdiction_code`)})
    or (o.channel = 'work_notification'
        and (o.recipient_user_id = ${principal.user.id}::uuid or ${withinCodes(sql`o.jurisdiction_code`, supervised)})))`;
}

export function createReminderRepository(db: Pick<Db, 'execute'>) {
  return {
    /** Delivery history, newest first, with each message's status and DingTalk errcode. */
    async list(principal: Principal, query: ReminderListQuery): Promise<ReminderPage> {
      const conditions: SQL[] = [reminderReadableBy(principal)];
      if (query.jurisdiction) conditions.push(withinCodes(sql`o.jurisdiction_code`, [query.jurisdiction]));
      if (query.groupId) conditions.push(sql`o.group_id = ${query.groupId}::uuid`);
      if (query.rule) conditions.push(sql`o.rule = ${query.rule}::reminder_rule`);
      if (query.status) conditions.push(sql`o.status = ${query.status}::reminder_status`);
      if (query.channel) conditions.push(sql`o.channel = ${query.channel}::reminder_channel`);
      const after = decodeCursor(query.cursor, z.tuple([cursorPart.instant, cursorPart.bigint]));
      if (after) {
        const [at, id] = after;
        conditions.push(sql`(o.created_at, o.id) < (${at}::timestamptz, ${id}::bigint)`);
      }
      const result = await db.execute(sql`
        select o.id, o.channel, o.rule, o.period, o.jurisdiction_code, j.name as jurisdiction_name,
               o.group_id, g.name as group_name, o.recipient_user_id, u.name as recipient_name,
               o.title, o.message, o.part, o.parts, o.status, o.errcode, o.errmsg, o.attempts,
               o.created_at, o.sent_at, o.next_attempt_at, o.estimated_calendar
          from reminder_outbox o
          join jurisdictions j on j.code = o.jurisdiction_code
          left join work_groups g on g.id = o.group_id
          left join users u on u.id = o.recipient_user_id
         where ${sql.join(conditions, sql` and `)}
         order by o.created_at desc, o.id desc
         limit ${query.limit + 1}::int`);
      const all = rowsOf(historyRowSchema, result);
      const rows = all.slice(0, query.limit);
      const last = rows.at(-1);
      return {
        items: rows.map((r) => ({
          id: String(r.id),
          channel: r.channel,
          rule: r.rule,
          ruleLabel: REMINDER_RULES[r.rule],
          period: r.period,
          jurisdictionCode: r.jurisdiction_code,
          jurisdictionName: r.jurisdiction_name,
          group: r.group_id && isUuid(r.group_id) ? { id: r.group_id, name: r.group_name ?? '' } : null,
          recipient:
            r.recipient_user_id && isUuid(r.recipient_user_id)
              ? { userId: r.recipient_user_id, name: r.recipient_name ?? '' }
              : null,
          title: maskMobilesIn(r.title),
          text: maskMobilesIn(textOf(r.message)),
          part: Number(r.part),
          parts: Number(r.parts),
          status: r.status,
          statusLabel: REMINDER_STATUSES[r.status],
          errcode: r.errcode === null ? null : Number(r.errcode),
          errmsg: r.errmsg,
          attempts: Number(r.attempts),
          createdAt: isoOf(r.created_at)!,
          sentAt: isoOf(r.sent_at),
          nextAttemptAt: r.status === 'pending' ? isoOf(r.next_attempt_at) : null,
          estimatedCalendar: r.estimated_calendar === true,
        })),
        nextCursor:
          all.length > query.limit && last ? encodeCursor([isoOf(last.created_at)!, Number(last.id)]) : null,
      };
    },
  };
}

export type ReminderRepository = ReturnType<typeof createReminderRepository>;
