import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { enterprises } from './enterprises';
import { jurisdictions } from './jurisdictions';
import { users } from './people';

export const logKind = pgEnum('log_kind', ['contact', 'visit', 'guidance', 'risk_report']);

/**
 * contact/guidance: recorded. visit: submitted → approved | rejected (→ submitted again on a new
 * revision), approved → submitted on reopen, submitted/rejected → withdrawn. risk_report: open → closed.
 */
export const logStatus = pgEnum('log_status', [
  'recorded',
  'submitted',
  'approved',
  'rejected',
  'withdrawn',
  'open',
  'closed',
]);

/**
 * Every C1–C4 log. `jurisdiction_code` is copied from the enterprise when written so scope filters
 * need no join. Kind-specific columns are null for the other kinds.
 */
export const dutyLogs = pgTable(
  'duty_logs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Made on the phone; (author, client id) is the idempotency key. */
    clientId: uuid('client_id').notNull(),
    /** sha256 of the normalised create request, to tell a replay from a conflicting reuse. */
    requestHash: varchar('request_hash', { length: 64 }).notNull(),
    kind: logKind('kind').notNull(),
    status: logStatus('status').notNull(),
    revision: integer('revision').notNull().default(1),
    authorUserId: uuid('author_user_id')
      .notNull()
      .references(() => users.id),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    jurisdictionCode: varchar('jurisdiction_code', { length: 12 })
      .notNull()
      .references(() => jurisdictions.code),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    duties: text('duties')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** C3: the guidance topics of seed §二(三) (shared/domain/guidance-topics.ts). */
    topics: text('topics')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Contact notes, visit findings, guidance notes or risk description. */
    notes: text('notes').notNull().default(''),
    flags: text('flags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    duplicateOfId: uuid('duplicate_of_id'),
    /** Contact channel or guidance method. */
    channel: text('channel'),
    /** The enterprise coordinator contacted (C1) or the coordinators guided (C3). */
    counterpartUserIds: uuid('counterpart_user_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    riskFlags: text('risk_flags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    // C2 check-in, as the phone reported it; purged after the policy's retention period.
    checkinLatitude: doublePrecision('checkin_latitude'),
    checkinLongitude: doublePrecision('checkin_longitude'),
    checkinAccuracy: doublePrecision('checkin_accuracy'),
    checkinAddress: text('checkin_address'),
    checkinIsMock: boolean('checkin_is_mock'),
    checkinCoordinateSystem: text('checkin_coordinate_system'),
    distanceMeters: integer('distance_meters'),
    photoIds: uuid('photo_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    riskLevel: text('risk_level'),
    // C4
    riskKind: text('risk_kind'),
    severity: text('severity'),
    peopleAffected: integer('people_affected'),
    amountInvolved: numeric('amount_involved', { precision: 14, scale: 2, mode: 'number' }),
    /** Approval or rejection of a visit, or the closing of a risk report (with its outcome). */
    decidedByUserId: uuid('decided_by_user_id').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('duty_logs_author_client_key').on(t.authorUserId, t.clientId),
    /** Duty marks, last qualifying log, probable duplicates. */
    index('duty_logs_enterprise_idx').on(t.enterpriseId, t.occurredAt),
    /** My logs, newest first. */
    index('duty_logs_author_idx').on(t.authorUserId, t.occurredAt, t.id),
    /** A large scope's logs (a city, the province), newest first. */
    index('duty_logs_occurred_idx').on(t.occurredAt, t.id),
    /** A scope's logs. */
    index('duty_logs_jurisdiction_idx').using(
      'btree',
      t.jurisdictionCode.op('varchar_pattern_ops'),
      t.occurredAt,
    ),
    /** The approval queue. */
    index('duty_logs_submitted_visits_idx')
      .using('btree', t.jurisdictionCode.op('varchar_pattern_ops'), t.occurredAt)
      .where(sql`${t.kind} = 'visit' and ${t.status} = 'submitted'`),
    /** The approval backlog per county, oldest first: counted and ranked from the index alone. */
    index('duty_logs_waiting_visits_idx')
      .using('btree', t.jurisdictionCode.op('varchar_pattern_ops'), t.updatedAt, t.id)
      .where(sql`${t.kind} = 'visit' and ${t.status} = 'submitted'`),
    check(
      'duty_logs_kind_status',
      sql`case ${t.kind}
        when 'visit' then ${t.status} in ('submitted', 'approved', 'rejected', 'withdrawn')
        when 'risk_report' then ${t.status} in ('open', 'closed')
        else ${t.status} = 'recorded' end`,
    ),
    check('duty_logs_revision_positive', sql`${t.revision} >= 1`),
  ],
);

/** The history of a log: each revision's content, each decision, reopening and withdrawal. */
export const dutyLogEvents = pgTable(
  'duty_log_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    logId: uuid('log_id')
      .notNull()
      .references(() => dutyLogs.id),
    revision: integer('revision').notNull(),
    action: text('action').notNull(),
    actorUserId: uuid('actor_user_id')
      .notNull()
      .references(() => users.id),
    reason: text('reason'),
    /** The content of the revision for created/revised events. */
    snapshot: jsonb('snapshot'),
    requestHash: varchar('request_hash', { length: 64 }),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('duty_log_events_log_idx').on(t.logId, t.id)],
);

/** Events the reminders job sends to DingTalk work groups (e.g. a major dispute to the county group). */
export const escalationEvents = pgTable(
  'escalation_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    kind: text('kind').notNull(),
    /** The county whose work group is told. */
    jurisdictionCode: varchar('jurisdiction_code', { length: 12 })
      .notNull()
      .references(() => jurisdictions.code),
    payload: jsonb('payload').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true }),
  },
  (t) => [
    index('escalation_events_pending_idx')
      .on(t.createdAt)
      .where(sql`${t.dispatchedAt} is null`),
  ],
);
