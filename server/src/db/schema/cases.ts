import { sql } from 'drizzle-orm';
import { index, pgEnum, pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { jurisdictions } from './jurisdictions';
import { users } from './people';

/** `jurisdiction`: the subtree of `jurisdiction_code`; `province`: everyone in the province. */
export const caseVisibility = pgEnum('case_visibility', ['jurisdiction', 'province']);
export const caseStatus = pgEnum('case_status', ['published', 'hidden']);

/**
 * 协调员之家 (seed §二(三) 工作交流机制, §三(三) 典型经验): cases and experience coordinators share.
 * `share_prefix` is the significant prefix of `jurisdiction_code`: a reader whose post lies under it
 * sees a `jurisdiction` case.
 */
export const cases = pgTable(
  'cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    title: text('title').notNull(),
    /** One of the seven duties (shared/domain/duties.ts). */
    duty: text('duty').notNull(),
    body: text('body').notNull(),
    attachmentIds: uuid('attachment_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    authorUserId: uuid('author_user_id')
      .notNull()
      .references(() => users.id),
    jurisdictionCode: varchar('jurisdiction_code', { length: 12 })
      .notNull()
      .references(() => jurisdictions.code),
    sharePrefix: varchar('share_prefix', { length: 12 }).notNull(),
    visibility: caseVisibility('visibility').notNull(),
    status: caseStatus('status').notNull().default('published'),
    hiddenByUserId: uuid('hidden_by_user_id').references(() => users.id),
    hiddenAt: timestamp('hidden_at', { withTimezone: true }),
    hiddenReason: text('hidden_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('cases_created_idx').on(t.createdAt, t.id),
    index('cases_share_prefix_idx').on(t.sharePrefix),
    index('cases_author_idx').on(t.authorUserId),
  ],
);
