import { z } from 'zod';
import { badRequest } from './errors';

/** Keyset cursors are opaque base64url JSON tuples of the sort key. */
export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

const tupleSchema = z
  .array(z.union([z.string().max(300), z.number()]))
  .min(1)
  .max(4);

export function decodeCursor(cursor: string | undefined, length: number): (string | number)[] | null {
  if (cursor === undefined) return null;
  try {
    const values = tupleSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (values.length !== length) throw new Error('length');
    return values;
  } catch {
    throw badRequest('bad_cursor', '分页参数无效，请从第一页重新加载');
  }
}
