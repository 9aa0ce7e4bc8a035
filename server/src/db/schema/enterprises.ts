import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { enterpriseSize, enterpriseStatus, industry } from './enums';
import { jurisdictions } from './jurisdictions';

export const enterprises = pgTable(
  'enterprises',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    uscc: varchar('uscc', { length: 18 }).notNull(),
    name: text('name').notNull(),
    jurisdictionCode: varchar('jurisdiction_code', { length: 12 })
      .notNull()
      .references(() => jurisdictions.code),
    industry: industry('industry').notNull().default('other'),
    employees: integer('employees'),
    /** 万元 */
    revenue: numeric('revenue', { precision: 14, scale: 2, mode: 'number' }),
    /** 万元 */
    assets: numeric('assets', { precision: 14, scale: 2, mode: 'number' }),
    declaredSize: enterpriseSize('declared_size'),
    computedSize: enterpriseSize('computed_size'),
    size: enterpriseSize('size').generatedAlwaysAs(sql`coalesce(declared_size, computed_size)`),
    contactName: text('contact_name'),
    contactMobile: varchar('contact_mobile', { length: 11 }),
    address: text('address'),
    /** GCJ-02, as DingTalk reports check-ins */
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    inScope: boolean('in_scope').notNull().default(true),
    isKey: boolean('is_key').notNull().default(false),
    status: enterpriseStatus('status').notNull().default('active'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('enterprises_uscc_key').on(t.uscc),
    index('enterprises_jurisdiction_idx').using('btree', t.jurisdictionCode.op('varchar_pattern_ops'), t.id),
    index('enterprises_name_idx').on(t.name, t.id),
    check('enterprises_uscc_shape', sql`${t.uscc} ~ '^[0-9A-HJ-NP-RTUW-Y]{18}$'`),
  ],
);
