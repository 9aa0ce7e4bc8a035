import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import type { Database } from './client';

export type DriverClient = { driver: 'pglite'; client: PGlite } | { driver: 'postgres'; client: pg.Pool };

/** The driver's own client under Drizzle: the PGlite instance or the node-postgres pool. */
export function driverClient(database: Database): DriverClient {
  const client = (database.db as unknown as { $client: unknown }).$client;
  return database.driver === 'pglite'
    ? { driver: 'pglite', client: client as PGlite }
    : { driver: 'postgres', client: client as pg.Pool };
}

/**
 * Runs one statement with positional values on the app's connection, on either driver; an array
 * value stays one array parameter (Drizzle's `sql` would spread it into a list).
 */
export function rawQuery(database: Database) {
  const target = driverClient(database);
  return async (text: string, values: unknown[]): Promise<{ rows: unknown[] }> =>
    target.driver === 'pglite' ? target.client.query(text, values) : target.client.query(text, values);
}
