import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { dutyLogs } from './duty-logs';
import { users } from './people';

/** Images uploaded from the phone; the bytes live in lib/storage.ts under `storage_key`. */
export const uploads = pgTable(
  'uploads',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerUserId: uuid('owner_user_id')
      .notNull()
      .references(() => users.id),
    /** The log it is attached to; an upload can be attached by its owner to one log only. */
    logId: uuid('log_id').references(() => dutyLogs.id),
    contentType: varchar('content_type', { length: 64 }).notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: varchar('sha256', { length: 64 }).notNull(),
    storageKey: text('storage_key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('uploads_owner_idx').on(t.ownerUserId, t.createdAt),
    index('uploads_log_idx')
      .on(t.logId)
      .where(sql`${t.logId} is not null`),
  ],
);
