import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePg, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { dedicatedClient, pgliteCopySink, postgresCopySink, type CopySink } from './bulk';
import { cacheRepeatedStatements } from './statement-cache';

const gzipAsync = promisify(gzip);

/**
 * The app talks to one Drizzle API on either driver. The PGlite database shares the
 * query-builder surface with node-postgres, so both are typed as the node-postgres flavour.
 */
export type Db = NodePgDatabase;

/**
 * What a service's statements run on: an open transaction, or the database itself where one
 * statement needs none (both offer the query builder and `execute`). The one declaration of the
 * transaction type.
 */
export type Tx = Pick<Db, 'select' | 'selectDistinct' | 'insert' | 'update' | 'delete' | 'execute'>;

export interface Database {
  db: Db;
  driver: 'pglite' | 'postgres';
  /** Postgres only: the connection string (pg_dump in backup/snapshot.ts connects with it). */
  url?: string;
  migrate(migrationsFolder: string): Promise<void>;
  ping(): Promise<void>;
  /** Pool statistics for /metrics; PGlite has a single in-process connection. */
  poolStats(): { total: number; idle: number; waiting: number };
  /** Bulk loads `table (columns)` with COPY (bulk imports' staging); see bulk.ts. */
  copyFrom(table: string, columns: readonly string[]): Promise<CopySink>;
  /** Runs bulk work on a connection without the pool's timeouts (bulk imports); see bulk.ts. */
  unbounded<T>(task: (db: Db) => Promise<T>): Promise<T>;
  /**
   * PGlite only: a gzipped tar of the data folder taken between transactions (backup/snapshot.ts).
   * Statements wait, none is refused, while the files are read.
   */
  dumpDataDir?(): Promise<{ data: Blob; pauseMs: number }>;
  /** PGlite only: `COPY (<select>) TO` in text format, as a blob (an embedded archive restored into Postgres). */
  copyOut?(select: string): Promise<Blob>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string | undefined;
  /** PGlite data folder; `memory://` for a throw-away database. */
  dataDir?: string;
  poolMax?: number;
  /** Postgres only: name the statements a connection repeats (statement-cache.ts); off behind PgBouncer's transaction pooling. */
  preparedStatements?: boolean;
  /** PGlite only: start from this data-dir dump (a migrated template) instead of running initdb. */
  snapshot?: Blob;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.poolMax ?? 20, options.preparedStatements ?? true)
    : openPglite(options.dataDir ?? 'memory://', options.snapshot);
}

/** The advisory lock instances hold while migrating: one migrates, the others wait, then find nothing to do. */
export const MIGRATION_LOCK_KEY = 0x636f6f72; // 'coor'

/**
 * Migrations on a connection of their own, without the pool's statement and query timeouts: an
 * index built on a province's tens of millions of rows takes minutes, not 15 s. Several instances
 * starting together take turns under a session advisory lock (released when the connection ends,
 * so an instance that dies mid-migration does not leave it held).
 */
async function migratePostgres(connectionString: string, migrationsFolder: string) {
  const client = await dedicatedClient(connectionString);
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await migratePg(drizzlePg({ client }), { migrationsFolder });
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
  } finally {
    await client.end();
  }
}

function openPostgres(connectionString: string, max: number, preparedStatements: boolean): Database {
  const pool = new pg.Pool({
    connectionString,
    max,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: 15_000,
    // The client gives up too (the server cannot cancel a statement it never heard back about when
    // the network is gone): a request never waits on the database longer than this.
    query_timeout: 17_000,
    application_name: 'coordnet',
  });
  // A dropped idle connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  // Nor one that drops while checked out (a transaction between two statements): its statement
  // fails (→ 503), and the pool discards the client when it comes back (R3 drill found the crash).
  pool.on('connect', (client) => {
    client.on('error', () => {});
    dropConnectionOnQueryTimeout(client);
    if (preparedStatements) cacheRepeatedStatements(client);
  });
  const db = drizzlePg({ client: pool });
  return {
    db,
    driver: 'postgres',
    url: connectionString,
    migrate: (migrationsFolder) => migratePostgres(connectionString, migrationsFolder),
    ping: async () => {
      await pool.query('select 1');
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    copyFrom: (table, columns) => postgresCopySink(connectionString, table, columns),
    async unbounded(task) {
      const client = await dedicatedClient(connectionString);
      try {
        return await task(drizzlePg({ client }));
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    close: () => pool.end(),
  };
}

/**
 * A statement that outlived `query_timeout` leaves its connection in an unknown state (over a dead
 * network, the next statement, e.g. the transaction's ROLLBACK, would wait behind it for ever):
 * close the socket, so whatever is queued on it fails at once and the pool replaces the client.
 */
function dropConnectionOnQueryTimeout(client: pg.PoolClient) {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((...args: unknown[]) => {
    const result = query(...args);
    if (result instanceof Promise) {
      result.catch((error: unknown) => {
        if ((error as Error | undefined)?.message === 'Query read timeout') {
          (
            client as unknown as { connection?: { stream?: { destroy(): void } } }
          ).connection?.stream?.destroy();
        }
      });
    }
    return result;
  }) as typeof client.query;
}

async function openPglite(dataDir: string, snapshot?: Blob): Promise<Database> {
  if (!dataDir.startsWith('memory://')) mkdirSync(path.resolve(dataDir), { recursive: true });
  const client = await PGlite.create(dataDir, {
    extensions: { pg_trgm },
    ...(snapshot ? { loadDataDir: snapshot } : {}),
  });
  const db = drizzlePglite({ client });
  return {
    db: db as unknown as Db,
    driver: 'pglite',
    migrate: async (migrationsFolder) => {
      await migratePglite(db, { migrationsFolder });
      // PGlite learns array types (e.g. industry[]) at start; teach it those the migrations made.
      await client.refreshArrayTypes();
    },
    ping: async () => {
      await client.query('select 1');
    },
    poolStats: () => ({ total: 1, idle: 1, waiting: 0 }),
    copyFrom: async (table, columns) => pgliteCopySink(client, table, columns),
    unbounded: (task) => task(db as unknown as Db),
    // Holding the transaction lock, no transaction is half-way; the dump holds the statement lock.
    // Only the files are read in there (~0.7 s for the demo county); they are compressed afterwards.
    async dumpDataDir() {
      const started = performance.now();
      const tar = (await client.transaction(async () => client.dumpDataDir('none'))) as Blob;
      const pauseMs = Math.round(performance.now() - started);
      return { data: new Blob([await gzipAsync(Buffer.from(await tar.arrayBuffer()))]), pauseMs };
    },
    async copyOut(select) {
      const result = await client.query(`copy (${select}) to '/dev/blob'`);
      return result.blob ?? new Blob([]);
    },
    close: () => client.close(),
  };
}
