import { sql } from 'drizzle-orm';
import { check, numeric, pgTable, primaryKey, smallint, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { jurisdictions } from './jurisdictions';
import { users } from './people';

/**
 * Yearly targets of the regional assessment (seed §三(一) 年度目标考核, C6): the province sets each
 * city's, a city each of its counties'. Rates are 0–1; a missing target is "not set".
 */
export const assessmentTargets = pgTable(
  'assessment_targets',
  {
    jurisdictionCode: varchar('jurisdiction_code', { length: 12 })
      .notNull()
      .references(() => jurisdictions.code),
    year: smallint('year').notNull(),
    /** Posts filled against what the enterprise counts require. */
    staffingRate: numeric('staffing_rate', { precision: 5, scale: 4, mode: 'number' }),
    /** Enterprises meeting their minimum. */
    compliantRate: numeric('compliant_rate', { precision: 5, scale: 4, mode: 'number' }),
    /** Average monthly C1 coverage. */
    c1Coverage: numeric('c1_coverage', { precision: 5, scale: 4, mode: 'number' }),
    /** Average quarterly C2 coverage. */
    c2Coverage: numeric('c2_coverage', { precision: 5, scale: 4, mode: 'number' }),
    setByUserId: uuid('set_by_user_id')
      .notNull()
      .references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionCode, t.year] }),
    check(
      'assessment_targets_rates',
      sql`coalesce(${t.staffingRate}, 0) between 0 and 1 and coalesce(${t.compliantRate}, 0) between 0 and 1
          and coalesce(${t.c1Coverage}, 0) between 0 and 1 and coalesce(${t.c2Coverage}, 0) between 0 and 1`,
    ),
  ],
);
