import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/client';
import { copyLine } from '../src/db/bulk';
import { createTestDatabase } from './helpers/test-database';

/** The bulk import stages its rows with COPY (text format) and runs its long passes unbounded. */
let database: Database;
beforeAll(async () => {
  database = await createTestDatabase({ demo: false });
});
afterAll(() => database.close());

const TABLE = 'import_enterprise_rows';
const COLUMNS = ['import_id', 'row_no', 'uscc', 'name', 'jurisdiction_code', 'employees', 'is_key'];
const row = (id: string, rowNo: unknown, name: string, employees: number | null, isKey: boolean | null) =>
  copyLine([id, rowNo, '91330106MA2B3C4D5E', name, '330106000000', employees, isKey]);

async function staged(importId: string) {
  const result = await database.db.execute(
    sql`select row_no, name, employees, is_key from import_enterprise_rows where import_id = ${importId} order by row_no`,
  );
  return (
    result as unknown as {
      rows: { row_no: number; name: string; employees: number | null; is_key: boolean | null }[];
    }
  ).rows;
}

describe('COPY sink (bulk import staging)', () => {
  it('stores text with tabs, line breaks and backslashes as written, numbers, booleans and nulls', async () => {
    const id = crypto.randomUUID();
    const names = ['西湖\t区', '第一行\n第二行\r\n', 'C:\\路径\\N', '\\N', '普通'];
    const sink = await database.copyFrom(TABLE, COLUMNS);
    await sink.write(names.map((name, i) => row(id, i + 1, name, i, i % 2 === 0)).join(''));
    await sink.write(row(id, 9, '空值', null, null));
    await sink.end();
    expect(await staged(id)).toEqual([
      ...names.map((name, i) => ({ row_no: i + 1, name, employees: i, is_key: i % 2 === 0 })),
      { row_no: 9, name: '空值', employees: null, is_key: null },
    ]);
  });

  it('fails on a bad line, and keeps nothing of an abandoned COPY on PostgreSQL', async () => {
    const id = crypto.randomUUID();
    const bad = await database.copyFrom(TABLE, COLUMNS);
    await expect(
      (async () => {
        await bad.write(row(id, 'not a number', '坏行', 1, true));
        await bad.end();
      })(),
    ).rejects.toThrow();

    const sink = await database.copyFrom(TABLE, COLUMNS);
    await sink.write(row(id, 1, '放弃', 1, true));
    await sink.abort();
    if (database.driver === 'postgres') expect(await staged(id)).toEqual([]);
  });
});

describe('unbounded bulk work', () => {
  it('runs without the pool’s statement timeout, transactions included', async () => {
    const timeout = await database.unbounded(async (db) =>
      db.transaction(async (tx) => {
        const result = await tx.execute(sql`show statement_timeout`);
        return (result as unknown as { rows: { statement_timeout: string }[] }).rows[0]!.statement_timeout;
      }),
    );
    expect(timeout).toBe('0');
  });
});
