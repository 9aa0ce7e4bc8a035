import { bigint, boolean, index, pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';

/**
 * Each backup taken (npm run backup, the scheduled job): /metrics and the province managers' home
 * page read the age of the last good one from here.
 */
export const backupRuns = pgTable(
  'backup_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** `cli` (npm run backup) or `schedule` (the daily job). */
    trigger: varchar('trigger', { length: 16 }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }).notNull(),
    ok: boolean('ok').notNull(),
    /** The archive's file name (not its folder); null when the backup failed before writing it. */
    file: text('file'),
    bytes: bigint('bytes', { mode: 'number' }),
    error: text('error'),
  },
  (t) => [index('backup_runs_ok_finished_idx').on(t.ok, t.finishedAt)],
);
