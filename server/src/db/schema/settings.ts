import { jsonb, pgTable, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { jurisdictions } from './jurisdictions';
import { users } from './people';

/**
 * Policy settings set at one level (province, city or county): only the keys that level overrides,
 * validated against shared/api/settings.ts. Effective settings overlay the rows on a code's path.
 */
export const policySettings = pgTable('policy_settings', {
  jurisdictionCode: varchar('jurisdiction_code', { length: 12 })
    .primaryKey()
    .references(() => jurisdictions.code),
  overrides: jsonb('overrides').notNull(),
  updatedByUserId: uuid('updated_by_user_id').references(() => users.id),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});
