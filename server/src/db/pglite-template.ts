import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { openDatabase, type Database } from './client';

/**
 * The very first start on the embedded database spent most of its time in PGlite's initdb (2–3 s
 * of the 3.7 s it took). The build runs initdb and the migrations once, into a data folder next to
 * the bundle; a start on an empty folder copies it (a plain Postgres data folder, shut down cleanly)
 * and then migrates as usual, so a template older than the migrations only means more to apply.
 */
export const PGLITE_TEMPLATE = 'pglite-template';

/** Writes a migrated, empty PGlite data folder to `dir`. */
export async function writePgliteTemplate(dir: string, migrationsDir: string): Promise<void> {
  rmSync(dir, { recursive: true, force: true });
  const database = await openDatabase({ dataDir: dir });
  try {
    await database.migrate(migrationsDir);
  } finally {
    await database.close();
  }
}

const isEmptyFolder = (dir: string) => !existsSync(dir) || readdirSync(dir).length === 0;

/**
 * Opens the PGlite database in `dataDir`, copied from `template` when the folder is new and the
 * template is there. A template this PGlite cannot open (a build older than `npm install`) is skipped.
 */
export async function openPgliteFromTemplate(dataDir: string, template: string): Promise<Database> {
  if (isEmptyFolder(dataDir) && existsSync(path.join(template, 'PG_VERSION'))) {
    try {
      cpSync(template, dataDir, { recursive: true });
      return await openDatabase({ dataDir });
    } catch {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return openDatabase({ dataDir });
}

export const templateNextTo = (bundleDir: string) => path.join(bundleDir, PGLITE_TEMPLATE);
