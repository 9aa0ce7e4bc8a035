import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { openDatabase, type Database } from './client';

/**
 * The very first start on the embedded database spends most of its time in PGlite's initdb (2–3 s
 * of the 3.7 s it took). The build runs initdb and the migrations once and keeps the data folder as
 * a template next to the bundle; a start on an empty folder unpacks it instead (under 1 s) and then
 * migrates as usual, so a template older than the migrations only means more of them to apply.
 */
export const PGLITE_TEMPLATE = 'pglite-template.tar.gz';

/** Writes a migrated, empty PGlite data folder to `file` (gzipped tar). */
export async function writePgliteTemplate(file: string, migrationsDir: string): Promise<void> {
  const database = await openDatabase({ dataDir: 'memory://' });
  try {
    await database.migrate(migrationsDir);
    writeFileSync(file, await dumpPgliteDataDir(database, 'gzip'));
  } finally {
    await database.close();
  }
}

/** The PGlite data folder as a tar, to start another database from (`openDatabase({ snapshot })`). */
export async function dumpPgliteDataDir(database: Database, compression: 'none' | 'gzip'): Promise<Buffer> {
  const client = (database.db as unknown as { $client: PGlite }).$client;
  return Buffer.from(await (await client.dumpDataDir(compression)).arrayBuffer());
}

const isEmptyFolder = (dir: string) => !existsSync(dir) || readdirSync(dir).length === 0;

/**
 * Opens the PGlite database in `dataDir`, from `template` when the folder is new and the template is
 * there. A template this PGlite cannot read (a build older than `npm install`) is skipped.
 */
export async function openPglite(dataDir: string, template: string): Promise<Database> {
  if (isEmptyFolder(dataDir) && existsSync(template)) {
    try {
      return await openDatabase({ dataDir, snapshot: new Blob([readFileSync(template)]) });
    } catch {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return openDatabase({ dataDir });
}

export const templateNextTo = (bundleDir: string) => path.join(bundleDir, PGLITE_TEMPLATE);
