import { sql } from 'drizzle-orm';
import {
  check,
  index,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { coordinatorRoles, users } from './people';

export const evaluationStatus = pgEnum('evaluation_status', ['draft', 'final']);

/**
 * The yearly evaluation of a grassroots coordinator's post (seed §二(三) 技能比武和评价机制, C5):
 * the indicators computed from the year's logs, the four part scores, the weighted score, the
 * supervisor's adjustment with its reason, and the status (a final row is locked).
 */
export const coordinatorEvaluations = pgTable(
  'coordinator_evaluations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    year: smallint('year').notNull(),
    /** The county whose HRSS staff evaluate (the post's county). */
    countyCode: varchar('county_code', { length: 12 }).notNull(),
    roleId: uuid('role_id')
      .notNull()
      .references(() => coordinatorRoles.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    jurisdictionCode: varchar('jurisdiction_code', { length: 12 }).notNull(),
    /** Indicators (shared/api/evaluations.ts evaluationMetricsSchema). */
    metrics: jsonb('metrics').notNull(),
    /** The weights the score was computed with. */
    weights: jsonb('weights').notNull(),
    /** Part scores; null: 不适用 (the post has nothing to do the part with). */
    coverageScore: numeric('coverage_score', { precision: 5, scale: 2, mode: 'number' }),
    frequencyScore: numeric('frequency_score', { precision: 5, scale: 2, mode: 'number' }),
    qualityScore: numeric('quality_score', { precision: 5, scale: 2, mode: 'number' }),
    difficultyScore: numeric('difficulty_score', { precision: 5, scale: 2, mode: 'number' }),
    computedScore: numeric('computed_score', { precision: 5, scale: 2, mode: 'number' }),
    adjustment: numeric('adjustment', { precision: 5, scale: 2, mode: 'number' }).notNull().default(0),
    adjustmentComment: text('adjustment_comment'),
    adjustedByUserId: uuid('adjusted_by_user_id').references(() => users.id),
    adjustedAt: timestamp('adjusted_at', { withTimezone: true }),
    status: evaluationStatus('status').notNull().default('draft'),
    finalizedByUserId: uuid('finalized_by_user_id').references(() => users.id),
    finalizedAt: timestamp('finalized_at', { withTimezone: true }),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('coordinator_evaluations_year_role_key').on(t.year, t.roleId),
    index('coordinator_evaluations_county_year_idx').on(t.countyCode, t.year),
    check('coordinator_evaluations_adjustment', sql`${t.adjustment} between -20 and 20`),
  ],
);
