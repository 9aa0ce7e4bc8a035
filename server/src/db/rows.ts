import { z } from 'zod';

/**
 * The rows of a raw SQL statement (`db.execute`), checked at the boundary against a schema of what
 * the statement selects instead of asserted: a column renamed or retyped fails here, loudly, not
 * somewhere downstream. Both drivers return `{ rows }`; numbers that Postgres sends as text (bigint,
 * numeric, counts) want `z.coerce.number()`.
 */
export function rowsOf<S extends z.ZodType>(schema: S, result: { rows: unknown[] }): z.output<S>[] {
  return z.array(schema).parse(result.rows);
}

/** A timestamp column: a Date from node-postgres, an ISO string from some paths (JSON, PGlite text). */
export const timestampColumn = z.union([z.date(), z.string()]);

/** A JSON column: parsed already by node-postgres, text on some paths; checked against its schema either way. */
export const jsonColumn = <S extends z.ZodType>(schema: S) =>
  z.preprocess((v) => (typeof v === 'string' ? JSON.parse(v) : v), schema);
