import {
  boolean,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { dutyLogs } from './duty-logs';
import { enterprises } from './enterprises';

export const dutyRule = pgEnum('duty_rule', ['C1', 'C2', 'C3']);
export const dutyMarkState = pgEnum('duty_mark_state', ['done', 'awaiting']);

/**
 * One row per enterprise, rule and period that has a qualifying log: `done`, or `awaiting` (C2: a
 * visit submitted but not yet approved). No row means due/overdue. Kept current in the same
 * transaction as every log write, approval, rejection, reopening and withdrawal.
 */
export const dutyMarks = pgTable(
  'duty_marks',
  {
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    rule: dutyRule('rule').notNull(),
    /** 2026-11, 2026-Q4 or 2026. */
    period: varchar('period', { length: 7 }).notNull(),
    state: dutyMarkState('state').notNull(),
    /** The enterprise's jurisdiction, moved along by a trigger when the enterprise moves. */
    jurisdictionCode: varchar('jurisdiction_code', { length: 12 }).notNull(),
    lastLogId: uuid('last_log_id').references(() => dutyLogs.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'duty_marks_pkey', columns: [t.enterpriseId, t.rule, t.period] }),
    /**
     * A scope's marks of a period; with the enterprise last, a township's "is it marked?" lookups
     * (the reminders' open lists) read a few neighbouring pages instead of the whole primary key.
     */
    index('duty_marks_period_jurisdiction_enterprise_idx').using(
      'btree',
      t.rule,
      t.period,
      t.jurisdictionCode.op('varchar_pattern_ops'),
      t.enterpriseId,
    ),
  ],
);

/**
 * Counts of duty marks per jurisdiction, rule, period and the enterprise attributes the county's
 * scope settings filter on, for enterprises that are active and in scope. The summary of a whole
 * province reads these instead of millions of enterprises. Written with every mark change; moved
 * by a trigger when an enterprise's jurisdiction, size, key flag, status or in-scope flag changes.
 */
export const dutyTallies = pgTable(
  'duty_tallies',
  {
    jurisdictionCode: varchar('jurisdiction_code', { length: 12 }).notNull(),
    rule: dutyRule('rule').notNull(),
    period: varchar('period', { length: 7 }).notNull(),
    /** 0 unknown, 1 micro, 2 small, 3 medium, 4 large (enterprise_size_rank()). */
    sizeRank: smallint('size_rank').notNull(),
    isKey: boolean('is_key').notNull(),
    done: integer('done').notNull().default(0),
    awaiting: integer('awaiting').notNull().default(0),
  },
  (t) => [
    // Unique rather than a primary key so the code column can use pattern ops for subtree prefixes.
    uniqueIndex('duty_tallies_key').using(
      'btree',
      t.rule,
      t.period,
      t.jurisdictionCode.op('varchar_pattern_ops'),
      t.sizeRank,
      t.isKey,
    ),
  ],
);

/** Active, in-scope enterprises per jurisdiction, size and key flag; maintained by triggers on enterprises. */
export const enterpriseTallies = pgTable(
  'enterprise_tallies',
  {
    jurisdictionCode: varchar('jurisdiction_code', { length: 12 }).notNull(),
    sizeRank: smallint('size_rank').notNull(),
    isKey: boolean('is_key').notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [
    uniqueIndex('enterprise_tallies_key').using(
      'btree',
      t.jurisdictionCode.op('varchar_pattern_ops'),
      t.sizeRank,
      t.isKey,
    ),
  ],
);

/**
 * The same tallies rolled up to the county (an enterprise registered above county level rolls up
 * to its own code): the province and city summaries read a few hundred of these instead of the
 * hundreds of thousands of per-community rows. Policy settings are set at county level or above,
 * so a county roll-up never mixes two scope settings. Maintained alongside the tallies above.
 */
export const dutyTalliesCounty = pgTable(
  'duty_tallies_county',
  {
    jurisdictionCode: varchar('jurisdiction_code', { length: 12 }).notNull(),
    rule: dutyRule('rule').notNull(),
    period: varchar('period', { length: 7 }).notNull(),
    sizeRank: smallint('size_rank').notNull(),
    isKey: boolean('is_key').notNull(),
    done: integer('done').notNull().default(0),
    awaiting: integer('awaiting').notNull().default(0),
  },
  (t) => [
    uniqueIndex('duty_tallies_county_key').using(
      'btree',
      t.rule,
      t.period,
      t.jurisdictionCode.op('varchar_pattern_ops'),
      t.sizeRank,
      t.isKey,
    ),
  ],
);

export const enterpriseTalliesCounty = pgTable(
  'enterprise_tallies_county',
  {
    jurisdictionCode: varchar('jurisdiction_code', { length: 12 }).notNull(),
    sizeRank: smallint('size_rank').notNull(),
    isKey: boolean('is_key').notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [
    uniqueIndex('enterprise_tallies_county_key').using(
      'btree',
      t.jurisdictionCode.op('varchar_pattern_ops'),
      t.sizeRank,
      t.isKey,
    ),
  ],
);
