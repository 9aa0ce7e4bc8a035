import path from 'node:path';
import type { Config } from '../config';
import { isDatabaseEmpty, seedDemo, type DemoSummary } from '../demo/seed-demo';
import { openDatabase, type Database } from './client';

/** Opens the configured database, applies migrations and, on an empty database, loads the demo county. */
export async function openAndPrepareDatabase(
  config: Config,
): Promise<{ database: Database; demo: DemoSummary | null }> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: path.join(config.dataDir, 'pglite'),
    poolMax: config.databasePoolMax,
    preparedStatements: config.databasePreparedStatements,
  });
  try {
    await database.migrate(config.migrationsDir);
    const demo = config.demoData && (await isDatabaseEmpty(database.db)) ? await seedDemo(database.db) : null;
    return { database, demo };
  } catch (error) {
    await database.close();
    throw error;
  }
}
