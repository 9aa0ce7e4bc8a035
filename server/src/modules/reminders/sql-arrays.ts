import { sql } from 'drizzle-orm';

/** A list as one array parameter (not one parameter per element): `{"a","b"}`::varchar[]. */
export const arrayLiteral = (values: readonly string[]) =>
  `{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
/** Codes as one varchar[] parameter. */
export const codeArray = (codes: readonly string[]) => sql`${arrayLiteral(codes)}::varchar[]`;
/** Texts as one text[] parameter. */
export const textArray = (values: readonly string[]) => sql`${arrayLiteral(values)}::text[]`;
