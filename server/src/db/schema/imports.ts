import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { IMPORT_KIND_KEYS, IMPORT_STATE_KEYS } from '@coordnet/shared/api/imports';
import { coordinatorKind, enterpriseSize, enterpriseStatus, industry, skillLevel } from './enums';
import { users } from './people';

export const importKind = pgEnum('import_kind', IMPORT_KIND_KEYS);
export const importState = pgEnum('import_state', IMPORT_STATE_KEYS);

/** One uploaded file and its dry run / commit (modules/imports). */
export const imports = pgTable(
  'imports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: importKind('kind').notNull(),
    state: importState('state').notNull().default('queued'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    /** The importer's manage scope when uploading: the codes whose subtrees rows may touch. */
    scopeCodes: text('scope_codes').array().notNull(),
    fileName: text('file_name').notNull(),
    storageKey: text('storage_key').notNull(),
    /** Canonical names of the columns found in the header (a missing column keeps stored values). */
    columns: text('columns')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** The header row as written in the file, for the error report. */
    header: text('header')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    bytesTotal: bigint('bytes_total', { mode: 'number' }).notNull(),
    bytesDone: bigint('bytes_done', { mode: 'number' }).notNull().default(0),
    rowsDone: integer('rows_done').notNull().default(0),
    rowsCommitted: integer('rows_committed').notNull().default(0),
    inserts: integer('inserts').notNull().default(0),
    updates: integer('updates').notNull().default(0),
    unchanged: integer('unchanged').notNull().default(0),
    errorCount: integer('error_count').notNull().default(0),
    message: text('message'),
    ip: text('ip'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    validatedAt: timestamp('validated_at', { withTimezone: true }),
    committedAt: timestamp('committed_at', { withTimezone: true }),
    /** When the retention job made sure a failed import left no staged rows or file behind. */
    purgedAt: timestamp('purged_at', { withTimezone: true }),
    /**
     * The server instance working on the import while it is queued, validating or committing, and
     * until when (renewed while it lives): another instance's recovery takes only expired leases.
     */
    owner: text('owner'),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
  },
  (t) => [
    index('imports_created_by_idx').on(t.createdBy, t.createdAt),
    index('imports_in_flight_idx')
      .on(t.leaseUntil)
      .where(sql`${t.state} in ('queued', 'validating', 'committing')`),
  ],
);

/** Row errors of a dry run (at most IMPORT_MAX_REPORTED_ERRORS per import), for the report. */
export const importErrors = pgTable(
  'import_errors',
  {
    importId: uuid('import_id')
      .notNull()
      .references(() => imports.id, { onDelete: 'cascade' }),
    rowNo: integer('row_no').notNull(),
    columnName: text('column_name'),
    value: text('value'),
    message: text('message').notNull(),
    /** The row's cells as read from the file. */
    cells: jsonb('cells').$type<string[]>(),
  },
  (t) => [index('import_errors_import_idx').on(t.importId, t.rowNo)],
);

/**
 * Staging tables: the validated, typed rows of a dry run, merged set-based into the registry on
 * commit and deleted afterwards. UNLOGGED (migration 0011): they are scratch space, rebuilt by
 * uploading again after a crash. No indexes: each is read whole by import id, once or twice.
 */
export const importEnterpriseRows = pgTable('import_enterprise_rows', {
  importId: uuid('import_id').notNull(),
  rowNo: integer('row_no').notNull(),
  uscc: varchar('uscc', { length: 18 }).notNull(),
  name: text('name').notNull(),
  jurisdictionCode: varchar('jurisdiction_code', { length: 12 }).notNull(),
  industry: industry('industry'),
  employees: integer('employees'),
  revenue: numeric('revenue', { precision: 14, scale: 2 }),
  assets: numeric('assets', { precision: 14, scale: 2 }),
  declaredSize: enterpriseSize('declared_size'),
  computedSize: enterpriseSize('computed_size'),
  contactName: text('contact_name'),
  contactMobile: varchar('contact_mobile', { length: 11 }),
  address: text('address'),
  isKey: boolean('is_key'),
  latitude: doublePrecision('latitude'),
  longitude: doublePrecision('longitude'),
  status: enterpriseStatus('status'),
  /** 责任人 as typed: a coordinator's name or mobile, resolved against the township's posts. */
  responsible: text('responsible'),
});

export const importCoordinatorRows = pgTable('import_coordinator_rows', {
  importId: uuid('import_id').notNull(),
  rowNo: integer('row_no').notNull(),
  dingtalkUserId: varchar('dingtalk_user_id', { length: 64 }).notNull(),
  name: text('name').notNull(),
  mobile: varchar('mobile', { length: 11 }),
  kind: coordinatorKind('kind').notNull(),
  jurisdictionCode: varchar('jurisdiction_code', { length: 12 }),
  enterpriseUscc: varchar('enterprise_uscc', { length: 18 }),
  organisation: text('organisation'),
  skillLevel: skillLevel('skill_level'),
  certificateNo: varchar('certificate_no', { length: 64 }),
  certificateDate: date('certificate_date'),
  /** 结束日期: the first day out of post. */
  endedOn: date('ended_on'),
  /** 结束原因: departed (离任) or transferred (调岗). */
  endReason: text('end_reason'),
  /** 人员状态 停用: end all the person's posts and deactivate him. */
  deactivate: boolean('deactivate'),
});

export const importJurisdictionRows = pgTable('import_jurisdiction_rows', {
  importId: uuid('import_id').notNull(),
  rowNo: integer('row_no').notNull(),
  code: varchar('code', { length: 12 }).notNull(),
  name: text('name').notNull(),
  localCode: boolean('local_code'),
});
