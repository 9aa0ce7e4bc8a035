import { createWriteStream, existsSync, readdirSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';
import { dedicatedClient } from '../../db/bulk';
import { openDatabase, type Database } from '../../db/client';
import { codeMigrationLevel, isNewer, readJournal } from '../../db/migration-level';
import type { Storage } from '../../lib/storage';
import { listArchive, readEntry, readEntryBuffer, type ArchiveEntry } from './archive';
import { hashing } from './backup';
import { fileEntry, MANIFEST_ENTRY, manifestSchema, type Manifest } from './manifest';
import { pgRestoreCommand, run, tableNames } from './snapshot';
import { verifyDatabase, verifyFiles, type Verification } from './verify';

/** A restore refused or failed for a reason the operator can act on; the CLI prints the message. */
export class RestoreError extends Error {}

export interface RestoreTarget {
  /** Restore into this Postgres database… */
  databaseUrl?: string | undefined;
  /** …or into this (empty) PGlite data folder. */
  dataDir?: string | undefined;
  storage: Pick<Storage, 'get' | 'putStream'>;
  /** Whether storage already holds files (a local uploads folder that is not empty); null when unknown. */
  storageHasFiles?: () => Promise<boolean>;
}

export interface RestoreOptions {
  migrationsDir: string;
  /** Replace a target that is not empty. */
  force?: boolean;
  log?: (line: string) => void;
}

export interface RestoreReport extends Verification {
  manifest: Manifest;
  /** The schema level after the restore (the code's, once newer migrations were applied). */
  migratedTo: string | null;
}

/** Reads and checks the archive's manifest (its last entry); a truncated or foreign file is refused. */
export async function readArchive(
  file: string,
): Promise<{ entries: Map<string, ArchiveEntry>; manifest: Manifest }> {
  let list: ArchiveEntry[];
  try {
    list = await listArchive(file);
  } catch (error) {
    throw new RestoreError(`${file} is not a complete CoordNet backup: ${(error as Error).message}`);
  }
  const last = list.at(-1);
  if (last?.name !== MANIFEST_ENTRY) {
    throw new RestoreError(`${file} is not a complete CoordNet backup: its manifest is missing`);
  }
  const parsed = manifestSchema.safeParse(JSON.parse((await readEntryBuffer(file, last)).toString('utf8')));
  if (!parsed.success) throw new RestoreError(`${file}: the manifest is not one this CoordNet reads`);
  return { entries: new Map(list.map((e) => [e.name, e])), manifest: parsed.data };
}

async function postgresIsEmpty(url: string): Promise<boolean> {
  const client = await dedicatedClient(url);
  try {
    const result = await client.query<{ n: number }>(
      `select count(*)::int as n from information_schema.tables where table_schema in ('public', 'drizzle')`,
    );
    return result.rows[0]!.n === 0;
  } finally {
    await client.end();
  }
}

async function emptyPostgres(url: string) {
  const client = await dedicatedClient(url);
  try {
    await client.query(
      'drop schema if exists drizzle cascade; drop schema if exists pgboss cascade; drop schema public cascade; create schema public',
    );
  } finally {
    await client.end();
  }
}

const folderIsEmpty = (dir: string) => !existsSync(dir) || readdirSync(dir).length === 0;

/** A copy of the migrations folder whose journal stops at `count` entries: the archive's level. */
async function migrationsUpTo(migrationsDir: string, manifest: Manifest): Promise<string> {
  const entries = readJournal(migrationsDir).slice(0, manifest.migration.count);
  if (manifest.migration.count > 0 && Math.max(...entries.map((e) => e.when)) !== manifest.migration.when) {
    throw new RestoreError(
      `the archive's schema (${manifest.migration.tag ?? manifest.migration.when}) is not one of this code's migrations`,
    );
  }
  const folder = await mkdtemp(path.join(tmpdir(), 'coordnet-migrations-'));
  await mkdir(path.join(folder, 'meta'));
  const journal = JSON.parse(await readFile(path.join(migrationsDir, 'meta/_journal.json'), 'utf8')) as {
    entries: unknown[];
  };
  await writeFile(path.join(folder, 'meta/_journal.json'), JSON.stringify({ ...journal, entries }));
  for (const entry of entries)
    await copyFile(path.join(migrationsDir, `${entry.tag}.sql`), path.join(folder, `${entry.tag}.sql`));
  return folder;
}

/** Tables in an order their foreign keys allow; the tallies (filled by triggers as enterprises arrive) last. */
async function copyOrder(client: pg.Client, tables: string[]): Promise<string[]> {
  const edges = await client.query<{ child: string; parent: string }>(
    `select c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent
       from pg_constraint c join pg_namespace n on n.oid = c.connamespace
      where c.contype = 'f' and n.nspname = 'public'`,
  );
  const strip = (name: string) => name.replace(/^public\./, '').replace(/"/g, '');
  const parents = new Map<string, Set<string>>(tables.map((t) => [t, new Set()]));
  for (const { child, parent } of edges.rows) {
    if (strip(child) !== strip(parent)) parents.get(strip(child))?.add(strip(parent));
  }
  const ordered: string[] = [];
  const visit = (table: string, path: Set<string>) => {
    if (ordered.includes(table) || path.has(table)) return;
    path.add(table);
    for (const parent of parents.get(table) ?? []) if (parents.has(parent)) visit(parent, path);
    path.delete(table);
    ordered.push(table);
  };
  for (const table of tables) visit(table, new Set());
  const tally = (t: string) => /tallies/.test(t);
  return [...ordered.filter((t) => !tally(t)), ...ordered.filter(tally)];
}

/**
 * An embedded archive into Postgres: the schema at the archive's level, then every table copied
 * from the dump (opened in memory) with COPY, in one transaction, identity sequences moved past
 * the copied ids.
 */
async function copyPgliteIntoPostgres(source: Database, url: string, log: (line: string) => void) {
  const client = await dedicatedClient(url);
  try {
    const tables = await tableNames(source.db);
    const order = await copyOrder(client, tables);
    await client.query('begin');
    for (const table of order) {
      const columns = (
        await client.query<{ name: string; identity: string }>(
          `select column_name as name, is_identity as identity from information_schema.columns
            where table_schema = 'public' and table_name = $1 and is_generated = 'NEVER' order by ordinal_position`,
          [table],
        )
      ).rows;
      const list = columns.map((c) => `"${c.name}"`).join(', ');
      const data = await source.copyOut!(`select ${list} from public."${table}"`);
      await client.query(`delete from public."${table}"`);
      const sink = client.query(copyFromStdin(`copy public."${table}" (${list}) from stdin`));
      await pipeline(data.stream() as unknown as NodeJS.ReadableStream, sink);
      for (const c of columns.filter((c) => c.identity === 'YES')) {
        await client.query(
          `select setval(pg_get_serial_sequence($1, $2), coalesce((select max("${c.name}") from public."${table}"), 0) + 1, false)`,
          [`public."${table}"`, c.name],
        );
      }
    }
    await client.query('commit');
    log(`copied ${order.length} tables into Postgres`);
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function extract(file: string, entry: ArchiveEntry, to: string) {
  await pipeline(readEntry(file, entry), createWriteStream(to, { mode: 0o600 }));
}

async function entryBlob(file: string, entry: ArchiveEntry): Promise<Blob> {
  return new Blob([await readEntryBuffer(file, entry)]);
}

/**
 * Restores `file` into an empty target and verifies it against the manifest: row counts per table,
 * duty tallies equal to a recount, every file's checksum read back from storage. The database is
 * verified at the archive's schema level, then brought to this code's with the newer migrations.
 */
export async function restoreBackup(
  file: string,
  target: RestoreTarget,
  options: RestoreOptions,
): Promise<RestoreReport> {
  const log = options.log ?? (() => undefined);
  const { entries, manifest } = await readArchive(file);
  const code = codeMigrationLevel(options.migrationsDir);
  if (isNewer(manifest.migration, code)) {
    throw new RestoreError(
      `the archive comes from a newer CoordNet (schema ${manifest.migration.tag ?? manifest.migration.count}, ` +
        `this code stops at ${code.tag}): restore it with that version or later`,
    );
  }
  const dump = entries.get(manifest.database.entry);
  if (!dump) throw new RestoreError(`${file} is damaged: ${manifest.database.entry} is missing`);
  const checked = hashing(readEntry(file, dump));
  for await (const _ of checked.stream);
  if (checked.digest() !== manifest.database.sha256) {
    throw new RestoreError(`${file} is damaged: the database dump does not match its checksum`);
  }
  for (const f of manifest.files) {
    if (!entries.has(fileEntry(f.key))) throw new RestoreError(`${file} is damaged: ${f.key} is missing`);
  }

  // The target must be empty unless told otherwise.
  const intoPostgres = Boolean(target.databaseUrl);
  if (!intoPostgres && manifest.driver === 'postgres') {
    throw new RestoreError(
      'a Postgres archive restores into Postgres: set DATABASE_URL to an empty database',
    );
  }
  const dataDir = target.dataDir;
  const targetEmpty = intoPostgres ? await postgresIsEmpty(target.databaseUrl!) : folderIsEmpty(dataDir!);
  const storageHasFiles = (await target.storageHasFiles?.()) ?? false;
  if ((!targetEmpty || storageHasFiles) && !options.force) {
    throw new RestoreError(
      `the target is not empty (${!targetEmpty ? (intoPostgres ? 'the database has tables' : `${dataDir} has files`) : 'the uploads folder has files'}): ` +
        'restore into an empty one, or add --force to replace what is there',
    );
  }
  if (!targetEmpty) {
    log('emptying the target (--force)');
    if (intoPostgres) await emptyPostgres(target.databaseUrl!);
    else await rm(dataDir!, { recursive: true, force: true });
  }

  // The database, at the archive's level.
  let database: Database;
  if (!intoPostgres) {
    await mkdir(dataDir!, { recursive: true });
    database = await openDatabase({ dataDir: dataDir!, snapshot: await entryBlob(file, dump) });
    log(`embedded database restored into ${dataDir}`);
  } else if (manifest.driver === 'postgres') {
    const folder = await mkdtemp(path.join(tmpdir(), 'coordnet-restore-'));
    try {
      const dumpFile = path.join(folder, 'postgres.dump');
      await extract(file, dump, dumpFile);
      await run(pgRestoreCommand(), [
        '--no-owner',
        '--no-privileges',
        '--exit-on-error',
        '--single-transaction',
        `--dbname=${target.databaseUrl}`,
        dumpFile,
      ]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
    database = await openDatabase({ databaseUrl: target.databaseUrl, poolMax: 2 });
    log('Postgres dump restored with pg_restore');
  } else {
    const migrations = await migrationsUpTo(options.migrationsDir, manifest);
    const source = await openDatabase({ dataDir: 'memory://', snapshot: await entryBlob(file, dump) });
    database = await openDatabase({ databaseUrl: target.databaseUrl, poolMax: 2 });
    try {
      await database.migrate(migrations);
      await copyPgliteIntoPostgres(source, target.databaseUrl!, log);
    } catch (error) {
      await database.close();
      throw error;
    } finally {
      await source.close();
      await rm(migrations, { recursive: true, force: true });
    }
  }

  try {
    const checks = await verifyDatabase(database.db, manifest);
    // The files, each checked while stored and read back afterwards.
    const fileMismatches: string[] = [];
    for (const f of manifest.files) {
      const bytes = hashing(readEntry(file, entries.get(fileEntry(f.key))!));
      await target.storage.putStream(f.key, bytes.stream);
      if (bytes.digest() !== f.sha256) fileMismatches.push(f.key);
    }
    log(`${manifest.files.length} files restored`);
    fileMismatches.push(
      ...(await verifyFiles(target.storage, manifest)).filter((k) => !fileMismatches.includes(k)),
    );
    await database.migrate(options.migrationsDir);
    const ok =
      Object.keys(checks.rowCountMismatches).length === 0 &&
      Object.keys(checks.tallyMismatches).length === 0 &&
      fileMismatches.length === 0;
    return { manifest, ...checks, fileMismatches, ok, migratedTo: code.tag };
  } finally {
    await database.close();
  }
}
