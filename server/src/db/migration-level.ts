import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from './client';
import { rowsOf } from './rows';

/**
 * Where a database's schema stands: the last migration of the journal (migrations/meta/_journal.json)
 * it has applied. Drizzle records each applied migration's `when` (folderMillis) in
 * drizzle.__drizzle_migrations.created_at, so the level is found by that timestamp.
 */
export interface MigrationLevel {
  /** Migrations applied (the journal index of the last one + 1); 0 for an empty database. */
  count: number;
  /** The last applied migration's journal tag, e.g. `0018_import_purged_at`; null when none or unknown. */
  tag: string | null;
  /** Its `when` (ms since epoch), the value drizzle compares. */
  when: number;
}

interface JournalEntry {
  idx: number;
  tag: string;
  when: number;
}

export function readJournal(migrationsDir: string): JournalEntry[] {
  const journal = JSON.parse(readFileSync(path.join(migrationsDir, 'meta/_journal.json'), 'utf8')) as {
    entries: JournalEntry[];
  };
  return journal.entries;
}

/**
 * The level this code's migrations bring a database to. `when` is the newest of them (not
 * necessarily the last entry's, when branches were merged), the value a database records.
 */
export function codeMigrationLevel(migrationsDir: string): MigrationLevel {
  const entries = readJournal(migrationsDir);
  const last = entries.at(-1);
  return { count: entries.length, tag: last?.tag ?? null, when: Math.max(0, ...entries.map((e) => e.when)) };
}

/** The level a database is at, named after this code's journal (tag null when the code does not know it). */
export async function databaseMigrationLevel(db: Db, migrationsDir: string): Promise<MigrationLevel> {
  const exists = await db.execute(
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
  );
  if (!rowsOf(z.object({ present: z.boolean() }), exists)[0]?.present)
    return { count: 0, tag: null, when: 0 };
  const result = await db.execute(
    sql`select count(*)::int as n, max(created_at)::text as last from drizzle.__drizzle_migrations`,
  );
  const [row] = rowsOf(z.object({ n: z.coerce.number(), last: z.string().nullable() }), result);
  const when = Number(row?.last ?? 0);
  const known = readJournal(migrationsDir).find((e) => e.when === when);
  return { count: row?.n ?? 0, tag: known?.tag ?? null, when };
}

/** Thrown when the database was migrated by a newer CoordNet than this one. */
export class SchemaNewerError extends Error {
  constructor(
    readonly database: MigrationLevel,
    readonly code: MigrationLevel,
  ) {
    super(
      `The database schema is newer than this CoordNet: it has ${database.count} migrations ` +
        `(last applied at ${new Date(database.when).toISOString()}), this code knows ${code.count} ` +
        `(up to ${code.tag ?? 'none'}). Refusing to serve: start the newer CoordNet version, or restore ` +
        `a backup taken at this version.`,
    );
  }
}

export function isNewer(database: MigrationLevel, code: MigrationLevel): boolean {
  return database.when > code.when || database.count > code.count;
}

/** Throws SchemaNewerError when the database is ahead of `migrationsDir`. */
export async function assertSchemaNotNewer(db: Db, migrationsDir: string): Promise<void> {
  const database = await databaseMigrationLevel(db, migrationsDir);
  const code = codeMigrationLevel(migrationsDir);
  if (isNewer(database, code)) throw new SchemaNewerError(database, code);
}
