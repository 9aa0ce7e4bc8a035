import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { cases } from './cases';
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
    /** Or the 协调员之家 case it illustrates (never both). */
    caseId: uuid('case_id').references(() => cases.id),
    contentType: varchar('content_type', { length: 64 }).notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    /** Of the bytes as received (a retry sends the same ones), not of the re-encoded image stored. */
    sha256: varchar('sha256', { length: 64 }).notNull(),
    storageKey: text('storage_key').notNull(),
    /** Made on the phone for each photo: a retried upload with it returns this row. */
    clientId: uuid('client_id'),
    /** Where the server fetched the image from (a DingTalk-hosted photo); null for a multipart upload. */
    sourceUrl: text('source_url'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('uploads_owner_client_id_key')
      .on(t.ownerUserId, t.clientId)
      .where(sql`${t.clientId} is not null`),
    index('uploads_owner_idx').on(t.ownerUserId, t.createdAt),
    index('uploads_log_idx')
      .on(t.logId)
      .where(sql`${t.logId} is not null`),
    // The retention job's look for photos never attached (UPLOAD_RETENTION_HOURS).
    index('uploads_unattached_idx')
      .on(t.createdAt)
      .where(sql`${t.logId} is null and ${t.caseId} is null`),
  ],
);
