import { once } from 'node:events';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';

/**
 * Bulk work (imports of up to a million rows) on PostgreSQL runs on connections of its own: a COPY
 * or a set-based pass over a million rows outlasts the pool's 15 s statement and 17 s read timeouts,
 * which guard requests, and would hold a pool connection for minutes. TCP keep-alive notices a
 * vanished server instead. On PGlite, the one in-process database.
 */
export async function dedicatedClient(connectionString: string): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString,
    application_name: 'coordnet-bulk',
    options: '-c statement_timeout=0',
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
  client.on('error', () => {});
  await client.connect();
  return client;
}

/**
 * Loading with COPY (text format), the fastest way rows get into a table on either driver. A sink
 * takes lines made by `copyLine`; on PostgreSQL they stream into one COPY, on PGlite each `write` is
 * a COPY of its own from an in-memory blob.
 */
export interface CopySink {
  /** Sends `copyLine` lines; resolves when the sink can take more (the stream's back-pressure). */
  write(lines: string): Promise<void>;
  /** Finishes the COPY; resolves once every line is stored. */
  end(): Promise<void>;
  /**
   * Gives up. On PostgreSQL nothing written is kept; on PGlite the earlier writes are, and the
   * caller deletes them (as it deletes staged rows after any failure).
   */
  abort(): Promise<void>;
}

const SPECIAL = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One row in COPY's text format: tab-separated, `\N` for null, `\n` at the end. */
export function copyLine(values: readonly unknown[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (i > 0) line += '\t';
    if (value === null || value === undefined) line += '\\N';
    else if (typeof value === 'boolean') line += value ? 't' : 'f';
    else {
      const text = String(value);
      line += SPECIAL.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : text;
    }
  }
  return `${line}\n`;
}

const statementOf = (table: string, columns: readonly string[], source: string) =>
  `copy ${table} (${columns.join(', ')}) from ${source}`;

export async function postgresCopySink(
  connectionString: string,
  table: string,
  columns: readonly string[],
): Promise<CopySink> {
  const client = await dedicatedClient(connectionString);
  const stream = client.query(copyFromStdin(statementOf(table, columns, 'stdin')));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  }).finally(() => client.end().catch(() => undefined));
  done.catch(() => undefined);
  return {
    async write(lines) {
      if (stream.errored) throw stream.errored;
      if (!stream.write(lines)) await once(stream, 'drain');
    },
    async end() {
      stream.end();
      await done;
    },
    async abort() {
      stream.destroy(new Error('COPY abandoned'));
      await done.catch(() => undefined);
    },
  };
}

export function pgliteCopySink(client: PGlite, table: string, columns: readonly string[]): CopySink {
  const statement = statementOf(table, columns, "'/dev/blob'");
  return {
    async write(lines) {
      await client.query(statement, [], { blob: new Blob([lines]) });
    },
    end: async () => undefined,
    abort: async () => undefined,
  };
}
