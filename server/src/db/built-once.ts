import type { SQL } from 'drizzle-orm';
import type { Tx } from './client';

/** What Drizzle's query builders keep after building (`_prepare`), on both drivers. */
interface PreparedParts {
  queryString: string;
  params: unknown[];
  fields?: unknown;
  joinsNotNullableMap?: Record<string, boolean>;
}

interface Session {
  dialect: { sqlToQuery(query: SQL): { sql: string; params: unknown[] } };
  prepareQuery(
    query: { sql: string; params: unknown[] },
    fields: unknown,
    name: string | undefined,
    isResponseInArrayMode: boolean,
  ): {
    joinsNotNullableMap?: Record<string, boolean>;
    execute(values: Record<string, unknown>): Promise<unknown>;
  };
}

interface Buildable {
  execute(): Promise<unknown>;
}

/**
 * A hot query whose SQL text Drizzle builds once, with `sql.placeholder(...)` for every value, and
 * then runs in any transaction with the values of the moment: the same text, parameters and row
 * mapping as building it afresh, without walking the query tree on every request (Drizzle's own
 * `.prepare()` is bound to the connection it was built on, so a transaction cannot use it). The
 * statement cache (statement-cache.ts) then sends the text as a named statement.
 *
 * `build` must give the same text every time: values only through placeholders, never through
 * anything that changes the shape (list lengths, optional clauses) — key such variants apart.
 */
export function builtOnce<Q extends Buildable>(build: (tx: Tx) => Q) {
  let parts: PreparedParts | undefined;
  return (tx: Tx, values: Record<string, unknown>): ReturnType<Q['execute']> => {
    parts ??= (build(tx) as unknown as { _prepare(): PreparedParts })._prepare();
    const { session } = tx as unknown as { session: Session };
    const prepared = session.prepareQuery(
      { sql: parts.queryString, params: parts.params },
      parts.fields,
      undefined,
      true,
    );
    if (parts.joinsNotNullableMap) prepared.joinsNotNullableMap = parts.joinsNotNullableMap;
    return prepared.execute(values) as ReturnType<Q['execute']>;
  };
}

/** builtOnce per shape: one built text for each key (a log kind and the columns it sets, say). */
export function builtOncePerKey<Q extends Buildable>(build: (tx: Tx, key: string) => Q) {
  const byKey = new Map<string, ReturnType<typeof builtOnce<Q>>>();
  return (key: string, tx: Tx, values: Record<string, unknown>): ReturnType<Q['execute']> => {
    let run = byKey.get(key);
    if (!run) {
      run = builtOnce((t) => build(t, key));
      byKey.set(key, run);
    }
    return run(tx, values);
  };
}

/**
 * builtOnce for a statement written as SQL (what `tx.execute` runs), one text per key: Drizzle turns
 * it into text once per key, and each run sends that text with the values of the moment.
 */
export function builtOnceSqlPerKey(build: (tx: Tx, key: string) => SQL) {
  const byKey = new Map<string, { sql: string; params: unknown[] }>();
  return (key: string, tx: Tx, values: Record<string, unknown>): Promise<unknown> => {
    const { session } = tx as unknown as { session: Session };
    let query = byKey.get(key);
    if (!query) {
      const { sql, params } = session.dialect.sqlToQuery(build(tx, key));
      query = { sql, params };
      byKey.set(key, query);
    }
    return session.prepareQuery(query, undefined, undefined, false).execute(values);
  };
}
