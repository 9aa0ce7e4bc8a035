import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  pgTable,
  smallint,
  text,
  timestamp,
  varchar,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { jurisdictionLevel } from './enums';

/**
 * Statistical division codes (12 digits) and park codes under their county. A code's significant
 * prefix identifies its subtree, so "everything under X" is `code LIKE prefix || '%'`.
 */
export const jurisdictions = pgTable(
  'jurisdictions',
  {
    code: varchar('code', { length: 12 }).primaryKey(),
    parentCode: varchar('parent_code', { length: 12 }).references((): AnyPgColumn => jurisdictions.code),
    level: jurisdictionLevel('level').notNull(),
    name: text('name').notNull(),
    depth: smallint('depth').notNull(),
    /**
     * A code the county assigned itself (a park with no 统计用区划代码), not a statistical one; the
     * app labels it 本地编码.
     */
    localCode: boolean('local_code').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('jurisdictions_parent_idx').on(t.parentCode),
    index('jurisdictions_code_pattern_idx').using('btree', t.code.op('varchar_pattern_ops')),
    check('jurisdictions_code_digits', sql`${t.code} ~ '^[0-9]{12}$'`),
  ],
);
