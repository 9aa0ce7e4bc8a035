import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { coordinatorKind, skillLevel, supervisorAccess } from './enums';
import { enterprises } from './enterprises';
import { jurisdictions } from './jurisdictions';

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    dingtalkUserId: varchar('dingtalk_user_id', { length: 64 }).notNull(),
    name: text('name').notNull(),
    mobile: varchar('mobile', { length: 11 }),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_dingtalk_user_id_key').on(t.dingtalkUserId)],
);

/**
 * One row per post a person holds. `jurisdiction_code` is the jurisdiction served; for enterprise
 * coordinators it is copied from the enterprise so scope queries need no join.
 */
export const coordinatorRoles = pgTable(
  'coordinator_roles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    kind: coordinatorKind('kind').notNull(),
    enterpriseId: uuid('enterprise_id').references(() => enterprises.id),
    jurisdictionCode: varchar('jurisdiction_code', { length: 12 })
      .notNull()
      .references(() => jurisdictions.code),
    organisation: text('organisation'),
    skillLevel: skillLevel('skill_level'),
    certificateNo: varchar('certificate_no', { length: 64 }),
    certificateDate: date('certificate_date'),
    validFrom: date('valid_from').notNull().defaultNow(),
    validTo: date('valid_to'),
    /** Why the post ended (shared/api/registry.ts POST_END_REASONS), set with `valid_to`. */
    endReason: text('end_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('coordinator_roles_user_idx').on(t.userId),
    index('coordinator_roles_enterprise_idx')
      .on(t.enterpriseId)
      .where(sql`${t.enterpriseId} is not null`),
    index('coordinator_roles_jurisdiction_idx').using(
      'btree',
      t.jurisdictionCode.op('varchar_pattern_ops'),
      t.kind,
    ),
    check(
      'coordinator_roles_enterprise_kind',
      sql`(${t.kind} = 'enterprise') = (${t.enterpriseId} is not null)`,
    ),
    check('coordinator_roles_dates', sql`${t.validTo} is null or ${t.validTo} >= ${t.validFrom}`),
  ],
);

/** HRSS staff at county level or above. */
export const supervisorRoles = pgTable(
  'supervisor_roles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    jurisdictionCode: varchar('jurisdiction_code', { length: 12 })
      .notNull()
      .references(() => jurisdictions.code),
    access: supervisorAccess('access').notNull().default('manager'),
    title: text('title'),
    validFrom: date('valid_from').notNull().defaultNow(),
    validTo: date('valid_to'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('supervisor_roles_user_idx').on(t.userId),
    index('supervisor_roles_jurisdiction_idx').on(t.jurisdictionCode),
  ],
);
