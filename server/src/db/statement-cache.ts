import type pg from 'pg';

export interface StatementCacheOptions {
  /** Runs of the same text on one connection before it becomes a named statement. */
  threshold: number;
  /** Named statements one connection keeps at most; texts beyond that stay unnamed. */
  capacity: number;
}

const DEFAULTS: StatementCacheOptions = { threshold: 3, capacity: 200 };
/** Distinct texts counted per connection before the counts start over (IN lists of every length). */
const MAX_COUNTED = 2_000;

/**
 * Server-side prepared statements for the texts a connection runs again and again, as pgjdbc's
 * `prepareThreshold` does. Drizzle sends every query unnamed, so Postgres parses and plans each run
 * afresh; for the five statements of a contact write that was two thirds of the database's time.
 * A named statement skips the parse, and once Postgres' plan cache settles on a generic plan
 * (after five runs, when it costs no more than the custom ones) the planning too.
 *
 * `capacity` bounds what one connection holds on the server; the pool also replaces connections
 * that sit idle, which lets their statements go.
 */
export function cacheRepeatedStatements(client: pg.PoolClient, options: Partial<StatementCacheOptions> = {}) {
  const { threshold, capacity } = { ...DEFAULTS, ...options };
  const runs = new Map<string, number>();
  const names = new Map<string, string>();
  let lastName = 0;
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;

  const nameFor = (text: string): string | undefined => {
    const named = names.get(text);
    if (named || names.size >= capacity) return named;
    const count = (runs.get(text) ?? 0) + 1;
    if (count < threshold) {
      if (runs.size >= MAX_COUNTED) runs.clear();
      runs.set(text, count);
      return undefined;
    }
    runs.delete(text);
    const name = `coordnet_${++lastName}`;
    names.set(text, name);
    return name;
  };

  client.query = ((config: unknown, ...rest: unknown[]) => {
    if (isUnnamedConfig(config)) {
      const name = nameFor(config.text);
      if (name) {
        const result = query({ ...config, name }, ...rest);
        // A migration from another instance changed what the statement returns: Postgres refuses the
        // old statement from now on, so the text starts over under a new name (this run fails once).
        if (result instanceof Promise) {
          result.catch((error: unknown) => {
            if ((error as { code?: string } | undefined)?.code === '0A000') names.delete(config.text);
          });
        }
        return result;
      }
    }
    return query(config, ...rest);
  }) as typeof client.query;
}

/** A query config object (not a plain string, not a cursor or stream) without a name. */
function isUnnamedConfig(config: unknown): config is { text: string; name?: string } {
  return (
    typeof config === 'object' &&
    config !== null &&
    typeof (config as { text?: unknown }).text === 'string' &&
    !(config as { name?: unknown }).name &&
    typeof (config as { submit?: unknown }).submit !== 'function'
  );
}
