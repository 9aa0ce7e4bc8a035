import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { dutyLogs } from './duty-logs';
import { jurisdictions } from './jurisdictions';
import { users } from './people';

/**
 * How an open risk report (a `duty_logs` row of kind `risk_report`) is being handled: accepted by
 * whom, under way since when, which level answers for it and until when. No row yet means 待受理 at
 * the first level with the deadline counted from the report; `duty_logs.status = 'closed'` is 已办结
 * (the result in `decision_note`). Written by the accept/start routes and the escalation job.
 */
export const riskReportProgress = pgTable(
  'risk_report_progress',
  {
    logId: uuid('log_id')
      .primaryKey()
      .references(() => dutyLogs.id, { onDelete: 'cascade' }),
    stage: text('stage').notNull(),
    acceptedByUserId: uuid('accepted_by_user_id').references(() => users.id),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    startedAt: timestamp('started_at', { withTimezone: true }),
    /** The jurisdiction answering for the case now. */
    handlingCode: varchar('handling_code', { length: 12 })
      .notNull()
      .references(() => jurisdictions.code),
    deadlineAt: timestamp('deadline_at', { withTimezone: true }).notNull(),
    escalations: integer('escalations').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    check('risk_report_progress_stage', sql`${t.stage} in ('pending', 'accepted', 'in_progress')`),
    check(
      'risk_report_progress_accepted',
      sql`${t.stage} = 'pending' or (${t.acceptedByUserId} is not null and ${t.acceptedAt} is not null)`,
    ),
    index('risk_report_progress_deadline_idx').on(t.deadlineAt),
  ],
);
