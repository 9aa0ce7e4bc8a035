import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { drizzle } from 'drizzle-orm/node-postgres';
import { dedicatedClient } from '../../db/bulk';
import { openDatabase, type Database, type Db } from '../../db/client';
import { rowsOf } from '../../db/rows';
import { databaseMigrationLevel, type MigrationLevel } from '../../db/migration-level';

/** A stored file the database names: photos (uploads) and pending import files (imports). */
export interface FileRef {
  key: string;
  /** The checksum the database recorded (photos); null for import files. */
  sha256: string | null;
  kind: 'upload' | 'import';
}

/** What a backup reads from the database, all as of one moment. */
export interface DatabaseSnapshot {
  driver: 'pglite' | 'postgres';
  /** How long writes waited for the dump (PGlite: the data folder is read between statements; Postgres: 0). */
  writePauseMs: number;
  /** The archive entry the dump goes to. */
  entry: string;
  size: number;
  open(): Readable;
  migration: MigrationLevel;
  rowCounts: Record<string, number>;
  files: FileRef[];
  /** Removes temporary files. */
  dispose(): Promise<void>;
}

export const PGLITE_ENTRY = 'database/pglite-datadir.tar.gz';
export const POSTGRES_ENTRY = 'database/postgres.dump';

/** The application's tables (schema public); pg-boss's job tables are not backed up, it recreates them. */
export async function tableNames(db: Db): Promise<string[]> {
  const result = await db.execute(
    sql`select table_name as name from information_schema.tables
         where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  return rowsOf(z.object({ name: z.string() }), result).map((r) => r.name);
}

export async function rowCounts(db: Db): Promise<Record<string, number>> {
  const names = await tableNames(db);
  if (names.length === 0) return {};
  const result = await db.execute(
    sql.raw(
      names.map((n) => `select '${n}' as name, count(*)::int as n from public."${n}"`).join(' union all '),
    ),
  );
  return Object.fromEntries(
    rowsOf(z.object({ name: z.string(), n: z.coerce.number() }), result).map((r) => [r.name, r.n]),
  );
}

const fileRefSchema = z.object({
  key: z.string(),
  sha256: z.string().nullable(),
  kind: z.enum(['upload', 'import']),
});

async function fileRefs(db: Db): Promise<FileRef[]> {
  const result = await db.execute(
    sql`select storage_key as key, sha256, 'upload' as kind from uploads
        union all
        select storage_key, null, 'import' from imports
        order by 1`,
  );
  return rowsOf(fileRefSchema, result).map((r) => ({ key: r.key, sha256: r.sha256, kind: r.kind }));
}

async function readAll(db: Db, migrationsDir: string) {
  return {
    migration: await databaseMigrationLevel(db, migrationsDir),
    rowCounts: await rowCounts(db),
    files: await fileRefs(db),
  };
}

/**
 * PGlite: the data folder dumped between transactions (writes wait the moment it takes, none is
 * refused), then opened as a throw-away in-memory database to count its rows and list its files:
 * the counts are exactly the dump's, and a dump that does not open fails the backup here.
 */
async function pgliteSnapshot(database: Database, migrationsDir: string): Promise<DatabaseSnapshot> {
  const { data: blob, pauseMs: writePauseMs } = await database.dumpDataDir!();
  const copy = await openDatabase({ dataDir: 'memory://', snapshot: blob });
  try {
    const contents = await readAll(copy.db, migrationsDir);
    const bytes = Buffer.from(await blob.arrayBuffer());
    return {
      driver: 'pglite',
      writePauseMs,
      entry: PGLITE_ENTRY,
      size: bytes.length,
      open: () => Readable.from([bytes]),
      ...contents,
      dispose: async () => undefined,
    };
  } finally {
    await copy.close();
  }
}

/** The pg_dump program; PG_DUMP overrides (e.g. /usr/lib/postgresql/16/bin/pg_dump for a newer server). */
export const pgDumpCommand = () => process.env.PG_DUMP ?? 'pg_dump';
export const pgRestoreCommand = () => process.env.PG_RESTORE ?? 'pg_restore';

export function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    child.once('error', (error) =>
      reject(
        new Error(`${command} could not be started (${error.message}); is the PostgreSQL client installed?`),
      ),
    );
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} failed (exit ${code}): ${stderr.trim()}`)),
    );
  });
}

/**
 * Postgres: a repeatable-read transaction exports its snapshot; the row counts and the file list
 * are read in it and `pg_dump --snapshot` dumps exactly that state, while the instances keep writing.
 */
async function postgresSnapshot(connectionString: string, migrationsDir: string): Promise<DatabaseSnapshot> {
  const client = await dedicatedClient(connectionString);
  const folder = await mkdtemp(path.join(tmpdir(), 'coordnet-backup-'));
  try {
    await client.query('begin isolation level repeatable read, read only');
    const id = (await client.query<{ id: string }>('select pg_export_snapshot() as id')).rows[0]!.id;
    const contents = await readAll(drizzle({ client }), migrationsDir);
    const file = path.join(folder, 'postgres.dump');
    await run(pgDumpCommand(), [
      '--format=custom',
      `--snapshot=${id}`,
      '--exclude-schema=pgboss',
      '--no-owner',
      '--no-privileges',
      `--file=${file}`,
      `--dbname=${connectionString}`,
    ]);
    await client.query('commit');
    return {
      driver: 'postgres',
      writePauseMs: 0,
      entry: POSTGRES_ENTRY,
      size: (await stat(file)).size,
      open: () => createReadStream(file),
      ...contents,
      dispose: () => rm(folder, { recursive: true, force: true }),
    };
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function takeSnapshot(database: Database, migrationsDir: string): Promise<DatabaseSnapshot> {
  if (database.driver === 'pglite') return pgliteSnapshot(database, migrationsDir);
  return postgresSnapshot(database.url!, migrationsDir);
}
