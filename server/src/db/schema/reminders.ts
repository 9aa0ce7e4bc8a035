import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { jurisdictions } from './jurisdictions';
import { users } from './people';

export const workGroupStatus = pgEnum('work_group_status', ['unknown', 'ok', 'throttled', 'misconfigured']);
/** webhook: the group's custom robot (docs/dingtalk.md §1); app_robot: the app's robot in the group (§2). */
export const workGroupDelivery = pgEnum('work_group_delivery', ['webhook', 'app_robot']);

/**
 * DingTalk work groups of each level (seed §二(三) 工作联络机制), reached through the group's custom
 * robot. The access token and the 加签 secret are sealed with the secrets box (AES-256-GCM, the row id
 * as associated data) and never leave the server; `token_fingerprint` (an HMAC of the token) tells
 * whether a robot is already registered without being able to recover it.
 */
export const workGroups = pgTable(
  'work_groups',
  {
    id: uuid('id').primaryKey(),
    jurisdictionCode: varchar('jurisdiction_code', { length: 12 })
      .notNull()
      .references(() => jurisdictions.code),
    name: text('name').notNull(),
    delivery: workGroupDelivery('delivery').notNull().default('webhook'),
    /** Webhook groups: the custom robot's sealed access token and its fingerprint. */
    accessTokenSealed: text('access_token_sealed'),
    tokenFingerprint: varchar('token_fingerprint', { length: 64 }),
    /** App-robot groups: the group's openConversationId (an id, not a secret). */
    openConversationId: text('open_conversation_id'),
    secretSealed: text('secret_sealed'),
    keyword: text('keyword'),
    active: boolean('active').notNull().default(true),
    status: workGroupStatus('status').notNull().default('unknown'),
    lastDeliveryAt: timestamp('last_delivery_at', { withTimezone: true }),
    lastErrcode: integer('last_errcode'),
    lastErrmsg: text('last_errmsg'),
    /**
     * Pacing shared by every server instance: the times of this robot's sends in the last minute or
     * so. A sender takes a slot by updating this row, which serialises the senders of one robot.
     */
    recentSends: timestamp('recent_sends', { withTimezone: true, mode: 'string' })
      .array()
      .notNull()
      .default(sql`'{}'::timestamptz[]`),
    /** DingTalk throttles a robot for 10 minutes after too many sends; nothing is sent before this. */
    throttledUntil: timestamp('throttled_until', { withTimezone: true }),
    createdByUserId: uuid('created_by_user_id').references(() => users.id),
    updatedByUserId: uuid('updated_by_user_id').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('work_groups_jurisdiction_idx').using('btree', t.jurisdictionCode.op('varchar_pattern_ops')),
    /** One robot, one active group: the pacing is per robot. */
    uniqueIndex('work_groups_token_key')
      .on(t.tokenFingerprint)
      .where(sql`${t.active}`),
    uniqueIndex('work_groups_conversation_key')
      .on(t.openConversationId)
      .where(sql`${t.active}`),
    check(
      'work_groups_delivery_target',
      sql`(${t.delivery} = 'webhook' and ${t.accessTokenSealed} is not null and ${t.tokenFingerprint} is not null) or (${t.delivery} = 'app_robot' and ${t.openConversationId} is not null)`,
    ),
  ],
);

export const reminderRule = pgEnum('reminder_rule', [
  'due',
  'overdue',
  'summary',
  'approval_backlog',
  'major_risk',
  'risk_overdue',
  'personal_overdue',
  'group_misconfigured',
  'test',
]);
export const reminderChannel = pgEnum('reminder_channel', ['robot', 'work_notification']);
export const reminderStatus = pgEnum('reminder_status', [
  'pending',
  'sending',
  'sent',
  'failed',
  'blocked',
  'cancelled',
]);

/**
 * One row per reminder decided: a group or person, a rule and a period (or day). The unique run key
 * makes composing idempotent across ticks and server instances: whoever inserts the key composes
 * the messages, in the same transaction.
 */
export const reminderRuns = pgTable(
  'reminder_runs',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    runKey: text('run_key').notNull(),
    rule: reminderRule('rule').notNull(),
    /** 2026-09, 2026-Q3, or a day (2026-09-20) for daily reminders. */
    period: varchar('period', { length: 10 }).notNull(),
    jurisdictionCode: varchar('jurisdiction_code', { length: 12 })
      .notNull()
      .references(() => jurisdictions.code),
    groupId: uuid('group_id').references(() => workGroups.id),
    userId: uuid('user_id').references(() => users.id),
    /** Messages composed; 0 when there was nothing to say. */
    messages: integer('messages').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('reminder_runs_key').on(t.runKey)],
);

/**
 * The outbox: every message to send, written with its run; the dispatcher sends from here, so a
 * crash between composing and sending loses nothing, and the msgUuid (per group, rule, period and
 * part) keeps a retried robot message from showing twice.
 */
export const reminderOutbox = pgTable(
  'reminder_outbox',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    runId: bigint('run_id', { mode: 'number' })
      .notNull()
      .references(() => reminderRuns.id),
    channel: reminderChannel('channel').notNull(),
    groupId: uuid('group_id').references(() => workGroups.id),
    recipientUserId: uuid('recipient_user_id').references(() => users.id),
    jurisdictionCode: varchar('jurisdiction_code', { length: 12 })
      .notNull()
      .references(() => jurisdictions.code),
    rule: reminderRule('rule').notNull(),
    period: varchar('period', { length: 10 }).notNull(),
    part: smallint('part').notNull(),
    parts: smallint('parts').notNull(),
    title: text('title').notNull(),
    /** The exact robot or work-notification message body. */
    message: jsonb('message').notNull(),
    msgUuid: varchar('msg_uuid', { length: 36 }).notNull(),
    /** Routine reminders wait for a work day within the reminder window; urgent ones do not. */
    routine: boolean('routine').notNull(),
    /** Planned on an estimated work-day calendar: the year's official schedule was not known yet. */
    estimatedCalendar: boolean('estimated_calendar').notNull().default(false),
    status: reminderStatus('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    /** While `sending`: after this, another dispatcher may take it over (the sender crashed). */
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    errcode: integer('errcode'),
    errmsg: text('errmsg'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('reminder_outbox_msg_uuid_key').on(t.msgUuid),
    /** The dispatcher's queue. */
    index('reminder_outbox_due_idx')
      .on(t.nextAttemptAt, t.id)
      .where(sql`${t.status} = 'pending'`),
    index('reminder_outbox_sending_idx')
      .on(t.leaseUntil)
      .where(sql`${t.status} = 'sending'`),
    index('reminder_outbox_group_idx').on(t.groupId, t.status),
    index('reminder_outbox_run_idx').on(t.runId),
    /** Delivery history of a subtree, newest first. */
    index('reminder_outbox_history_idx').using(
      'btree',
      t.jurisdictionCode.op('varchar_pattern_ops'),
      t.createdAt,
      t.id,
    ),
    index('reminder_outbox_recipient_idx').on(t.recipientUserId, t.createdAt),
    check(
      'reminder_outbox_target',
      sql`(${t.channel} = 'robot' and ${t.groupId} is not null) or (${t.channel} = 'work_notification' and ${t.recipientUserId} is not null)`,
    ),
  ],
);

/**
 * Send budgets shared by every server instance for limits that are not per robot (work
 * notifications: recipients per minute per app), as a fixed window per key.
 */
export const sendBudgets = pgTable('send_budgets', {
  key: varchar('key', { length: 64 }).primaryKey(),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
  used: integer('used').notNull(),
});

/** Province-level corrections to the work-day calendar (dates the calendar package does not know yet). */
export const workdayOverrides = pgTable(
  'workday_overrides',
  {
    provinceCode: varchar('province_code', { length: 12 })
      .notNull()
      .references(() => jurisdictions.code),
    date: date('date').notNull(),
    workday: boolean('workday').notNull(),
    note: text('note'),
    updatedByUserId: uuid('updated_by_user_id').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ name: 'workday_overrides_pkey', columns: [t.provinceCode, t.date] })],
);

/**
 * A province's confirmation that its overrides hold the whole official schedule of a year the
 * calendar package lacks (entered under 工作日调整): the year stops being an estimate.
 */
export const workdayScheduleYears = pgTable(
  'workday_schedule_years',
  {
    provinceCode: varchar('province_code', { length: 12 })
      .notNull()
      .references(() => jurisdictions.code),
    year: smallint('year').notNull(),
    confirmedByUserId: uuid('confirmed_by_user_id').references(() => users.id),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ name: 'workday_schedule_years_pkey', columns: [t.provinceCode, t.year] })],
);
