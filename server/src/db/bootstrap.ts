import path from 'node:path';
import type { Config } from '../config';
import { isDatabaseEmpty, seedDemo, type DemoSummary } from '../demo/seed-demo';
import { openDatabase, type Database } from './client';
import { assertSchemaNotNewer } from './migration-level';
import { openPgliteFromTemplate } from './pglite-template';

/**
 * Opens the configured database, applies migrations and, on an empty database, loads the demo
 * county. Throws SchemaNewerError (migration-level.ts) when the database is ahead of this code. A new embedded database starts from `pgliteTemplate` when the build left one.
 */
export async function openAndPrepareDatabase(
  config: Config,
  pgliteTemplate?: string,
): Promise<{ database: Database; demo: DemoSummary | null }> {
  const dataDir = path.join(config.dataDir, 'pglite');
  const database = config.databaseUrl
    ? await openDatabase({
        databaseUrl: config.databaseUrl,
        poolMax: config.databasePoolMax,
        preparedStatements: config.databasePreparedStatements,
      })
    : pgliteTemplate
      ? await openPgliteFromTemplate(dataDir, pgliteTemplate)
      : await openDatabase({ dataDir });
  try {
    // A database migrated by a newer CoordNet is left alone: this code would misread it.
    await assertSchemaNotNewer(database.db, config.migrationsDir);
    await database.migrate(config.migrationsDir);
    // Checked again: a newer instance may have migrated while this one waited for the lock.
    await assertSchemaNotNewer(database.db, config.migrationsDir);
    const demo = config.demoData && (await isDatabaseEmpty(database.db)) ? await seedDemo(database.db) : null;
    return { database, demo };
  } catch (error) {
    await database.close();
    throw error;
  }
}
