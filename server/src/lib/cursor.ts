import { z } from 'zod';
import { hasInvalidText } from '@coordnet/shared/api/text';
import { AppError } from './errors';

/** Keyset cursors are opaque base64url JSON tuples of the sort key. */
export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

const text = z
  .string()
  .max(300)
  .refine((v) => !hasInvalidText(v));
/**
 * The parts a sort key is made of; every list parses its cursor with a tuple of these, so a
 * tampered cursor is a 400 bad_cursor, never a value the database refuses (a 500).
 */
export const cursorPart = {
  text,
  uuid: z.uuid(),
  int: z.number().int().min(-2_147_483_648).max(2_147_483_647),
  bigint: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  /** An instant as encoded from a Date (ISO 8601 with offset), year 1 or later as Postgres wants. */
  instant: z.iso.datetime({ offset: true }).refine((v) => !v.startsWith('0000')),
  /** A calendar date (YYYY-MM-DD) that exists, year 1 or later. */
  date: z.iso.date().refine((v) => !v.startsWith('0000')),
};

export const badCursor = () => new AppError('bad_cursor');

/** The cursor's sort key, checked against its schema; no cursor is the first page (null). */
export function decodeCursor<T extends [z.ZodType, ...z.ZodType[]]>(
  cursor: string | undefined,
  schema: z.ZodTuple<T, null>,
): z.infer<z.ZodTuple<T, null>> | null {
  if (cursor === undefined) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw badCursor();
  return parsed.data;
}
