import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { skillLevel } from './enums';
import { jurisdictions } from './jurisdictions';
import { users } from './people';

/**
 * Training (seed §二(三) 职业培训机制, §三(二)): sessions a level's HRSS staff organise, and who
 * attended. `jurisdiction_code` is the organising level; its supervisors record the session.
 */
export const trainingSessions = pgTable(
  'training_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jurisdictionCode: varchar('jurisdiction_code', { length: 12 })
      .notNull()
      .references(() => jurisdictions.code),
    heldOn: date('held_on').notNull(),
    topic: text('topic').notNull(),
    hours: numeric('hours', { precision: 4, scale: 1, mode: 'number' }).notNull(),
    trainer: text('trainer').notNull(),
    createdByUserId: uuid('created_by_user_id')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('training_sessions_jurisdiction_idx').using(
      'btree',
      t.jurisdictionCode.op('varchar_pattern_ops'),
      t.heldOn,
    ),
    check('training_sessions_hours', sql`${t.hours} > 0 and ${t.hours} <= 200`),
  ],
);

export const trainingAttendance = pgTable(
  'training_attendance',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => trainingSessions.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    /** The hours this person attended (a sign-in sheet's 学时); null: the whole session. */
    hours: numeric('hours', { precision: 4, scale: 1, mode: 'number' }),
  },
  (t) => [
    primaryKey({ name: 'training_attendance_pkey', columns: [t.sessionId, t.userId] }),
    index('training_attendance_user_idx').on(t.userId),
    check('training_attendance_hours', sql`${t.hours} is null or (${t.hours} > 0 and ${t.hours} <= 200)`),
  ],
);

/** 技能竞赛 results (seed §二(三) 技能比武) and honours such as 金牌劳动关系协调员 (seed §二(四)4). */
export const awardKind = pgEnum('award_kind', ['competition', 'honour']);

export const coordinatorAwards = pgTable(
  'coordinator_awards',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    kind: awardKind('kind').notNull(),
    /** The competition's name, or the honour (金牌劳动关系协调员, 技术能手 …). */
    title: text('title').notNull(),
    /** A competition's result (一等奖, 第 3 名); null for an honour. */
    result: text('result'),
    /** A defined honour's key (shared/api/development.ts HONOURS); null for a competition. */
    honour: text('honour'),
    /** The level that awarded it: national, province, city or county. */
    level: text('level'),
    /** The year the honour is for (2026年度金牌劳动关系协调员); null for a competition. */
    year: integer('year'),
    awardedOn: date('awarded_on').notNull(),
    /** Who awarded it (e.g. 浙江省人力资源和社会保障厅). */
    issuer: text('issuer').notNull(),
    /** The level that recorded it; its supervisors manage the row. */
    jurisdictionCode: varchar('jurisdiction_code', { length: 12 })
      .notNull()
      .references(() => jurisdictions.code),
    createdByUserId: uuid('created_by_user_id')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    check(
      'coordinator_awards_honour_defined',
      sql`${t.kind} <> 'honour' or (${t.level} is not null and ${t.year} is not null)`,
    ),
    index('coordinator_awards_user_idx').on(t.userId, t.awardedOn),
    index('coordinator_awards_jurisdiction_idx').using(
      'btree',
      t.jurisdictionCode.op('varchar_pattern_ops'),
      t.awardedOn,
    ),
  ],
);

/**
 * 技能提升补贴 (seed §二(四)2) and 金牌劳动关系协调员 (seed §二(四)4) lists: per person, the state of
 * the claim — 待申领 → 已申领 → 已发放, forward only, with the day and who moved it. The people on
 * the lists are derived (modules/incentives); a row is written when a manager first moves an entry.
 */
export const incentiveKind = pgEnum('incentive_kind', ['subsidy', 'gold']);
export const incentiveStatus = pgEnum('incentive_status', ['pending', 'claimed', 'paid']);

export const incentiveClaims = pgTable(
  'incentive_claims',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: incentiveKind('kind').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    /** 补贴: the certificate's level (四级 or 三级; each may be claimed once). */
    skillLevel: skillLevel('skill_level'),
    /** 金牌: the honour it is for. */
    awardId: uuid('award_id').references(() => coordinatorAwards.id),
    /** The level that manages the entry (the enterprise's, or the awarding record's). */
    jurisdictionCode: varchar('jurisdiction_code', { length: 12 })
      .notNull()
      .references(() => jurisdictions.code),
    /** The enterprise (补贴) when the row was written, so the entry stays after the post ends. */
    detail: text('detail'),
    status: incentiveStatus('status').notNull().default('pending'),
    claimedOn: date('claimed_on'),
    claimedByUserId: uuid('claimed_by_user_id').references(() => users.id),
    paidOn: date('paid_on'),
    paidByUserId: uuid('paid_by_user_id').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    check(
      'incentive_claims_subject',
      sql`(${t.kind} = 'subsidy' and ${t.skillLevel} is not null and ${t.awardId} is null)
        or (${t.kind} = 'gold' and ${t.awardId} is not null)`,
    ),
    check(
      'incentive_claims_dates',
      sql`(${t.status} = 'pending' or ${t.claimedOn} is not null)
        and (${t.status} <> 'paid' or (${t.paidOn} is not null and ${t.paidOn} >= ${t.claimedOn}))`,
    ),
    uniqueIndex('incentive_claims_subsidy_key')
      .on(t.userId, t.skillLevel)
      .where(sql`${t.kind} = 'subsidy'`),
    uniqueIndex('incentive_claims_award_key').on(t.awardId),
    index('incentive_claims_jurisdiction_idx').using(
      'btree',
      t.jurisdictionCode.op('varchar_pattern_ops'),
      t.kind,
    ),
    index('incentive_claims_user_idx').on(t.userId),
  ],
);
