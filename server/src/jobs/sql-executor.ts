import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import type PgBoss from 'pg-boss';
import type { Database } from '../db/client';

/**
 * pg-boss's `db` option: it runs its SQL through the app's own connection, on either driver.
 *
 * node-postgres: the app's pool. Text without values goes over the simple protocol, so pg-boss's
 * multi-statement maintenance scripts (BEGIN; …; COMMIT) run as one query on one connection.
 *
 * PGlite: the same in-process database the app uses. `query` takes one statement with values;
 * `exec` runs multi-statement text without values and returns every result, of which pg-boss
 * wants the last. PGlite serialises queries and transactions, so pg-boss waits while an app
 * transaction runs and never sees it half done.
 */
export function sqlExecutor(database: Database): PgBoss.Db {
  const client = (database.db as unknown as { $client: unknown }).$client;
  if (database.driver === 'pglite') {
    const lite = client as PGlite;
    return {
      async executeSql(text: string, values?: unknown[]) {
        if (values && values.length > 0) return lite.query(text, values);
        const results = await lite.exec(text);
        return results.at(-1) ?? { rows: [] };
      },
    };
  }
  const pool = client as pg.Pool;
  return { executeSql: (text: string, values?: unknown[]) => pool.query(text, values) };
}
