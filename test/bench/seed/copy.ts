import { once } from 'node:events';
import { finished, pipeline } from 'node:stream/promises';
import { Readable, type Writable } from 'node:stream';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export type Cell = string | number | boolean | null;

/** One value in COPY text format: `\N` for null, arrays as `{a,b}`, no tabs or newlines inside. */
export function cell(value: Cell): string {
  if (value === null) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return String(value);
}

export const pgArray = (items: readonly string[]) => `{${items.join(',')}}`;

/**
 * Streams rows into `table (columns)` with COPY FROM STDIN. `rows` yields arrays of cells; they
 * are joined into chunks of about 256 KB so the socket sees few, large writes.
 */
export async function copyRows(
  client: pg.PoolClient | pg.Client,
  table: string,
  columns: readonly string[],
  rows: Iterable<Cell[]>,
): Promise<number> {
  let count = 0;
  function* chunks() {
    let chunk = '';
    for (const row of rows) {
      chunk += `${row.map(cell).join('\t')}\n`;
      count++;
      if (chunk.length > 256_000) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }
  const sink = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`));
  await pipeline(Readable.from(chunks()), sink);
  return count;
}

/**
 * Streams tagged rows into several tables at once, one COPY per table on its own connection, so a
 * single pass of a generator can fill tables whose rows are decided together.
 */
export async function copyTagged<T extends string>(
  targets: Record<T, { client: pg.Client; columns: readonly string[] }>,
  rows: Iterable<{ table: T; row: Cell[] }>,
): Promise<Record<T, number>> {
  const tables = Object.keys(targets) as T[];
  interface Sink {
    stream: Writable;
    done: Promise<void>;
    chunk: string;
    count: number;
  }
  const sinks = new Map<T, Sink>(
    tables.map((table): [T, Sink] => {
      const { client, columns } = targets[table];
      const stream = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`));
      const done = finished(stream);
      done.catch(() => {});
      return [table, { stream, done, chunk: '', count: 0 }];
    }),
  );
  const flush = async (sink: Sink) => {
    const ok = sink.stream.write(sink.chunk);
    sink.chunk = '';
    if (!ok) await once(sink.stream, 'drain');
  };
  for (const { table, row } of rows) {
    const sink = sinks.get(table)!;
    sink.chunk += `${row.map(cell).join('\t')}\n`;
    sink.count++;
    if (sink.chunk.length > 256_000) await flush(sink);
  }
  for (const sink of sinks.values()) {
    if (sink.chunk) await flush(sink);
    sink.stream.end();
  }
  await Promise.all([...sinks.values()].map((s) => s.done));
  return Object.fromEntries([...sinks].map(([t, s]) => [t, s.count])) as Record<T, number>;
}
