import { index, jsonb, pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { users } from './people';

/**
 * Short-lived single-use download links of ledgers (台账下载): DingTalk's file viewer opens a URL
 * without the Authorization header, so the API issues a signed link carrying the id of this row.
 * The row keeps who asked, for which ledger and filter; the download re-checks that person's scope
 * now, marks the row used in the same statement that claims it, and the export is audited as usual.
 */
export const exportLinks = pgTable(
  'export_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    ledger: varchar('ledger', { length: 32 }).notNull(),
    /** The validated query of the ledger. */
    query: jsonb('query').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    usedIp: text('used_ip'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('export_links_expires_idx').on(t.expiresAt)],
);
