import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtOnce } from '../src/db/built-once';
import type { Database } from '../src/db/client';
import { enterprises } from '../src/db/schema/enterprises';
import { readableBy, readableByPatterns, scopePatterns, type Scope } from '../src/lib/scope';
import { createTestDatabase } from './helpers/test-database';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase({ demo: true });
});
afterAll(() => database.close());

const scope = (rootCodes: string[], enterpriseIds: string[] = []): Scope => ({
  userId: '00000000-0000-4000-8000-000000000000',
  rootCodes,
  enterpriseIds,
  manageCodes: [],
});

describe('the write path built once (P1)', () => {
  it('readableByPatterns keeps exactly the rows readableBy keeps, for every shape of scope', async () => {
    const { db } = database;
    const some = await db
      .select({ id: enterprises.id })
      .from(enterprises)
      .orderBy(asc(enterprises.id))
      .limit(3);
    const ids = some.map((r) => r.id);
    const scopes = [
      scope([]),
      scope(['330106109000']),
      scope(['330106000000']),
      scope(['330106004000', '330106109000']),
      scope(['330000000000']),
      scope([], ids),
      scope(['330106109000'], ids),
    ];
    const kept: number[] = [];
    for (const s of scopes) {
      const expected = await db
        .select({ id: enterprises.id })
        .from(enterprises)
        .where(readableBy(s, enterprises.jurisdictionCode, enterprises.id))
        .orderBy(asc(enterprises.id));
      const patterns = scopePatterns(s);
      const actual = await db
        .select({ id: enterprises.id })
        .from(enterprises)
        .where(
          readableByPatterns(
            enterprises.jurisdictionCode,
            enterprises.id,
            sql.param(patterns.prefixes),
            sql.param(patterns.enterpriseIds),
          ),
        )
        .orderBy(asc(enterprises.id));
      expect(actual, JSON.stringify(s)).toEqual(expected);
      kept.push(actual.length);
    }
    // Not all empty, not all the same: the scopes above do tell rows apart.
    expect(kept[0]).toBe(0);
    expect(new Set(kept).size).toBeGreaterThan(2);
  });

  it('builtOnce answers as the query built afresh, in any transaction, with the values of each run', async () => {
    const { db } = database;
    const byId = builtOnce((tx) =>
      tx
        .select({ enterprise: enterprises, label: sql<string>`${sql.placeholder('label')}::text` })
        .from(enterprises)
        .where(eq(enterprises.id, sql.placeholder('id'))),
    );
    const rows = await db.select().from(enterprises).orderBy(asc(enterprises.id)).limit(4);
    expect(rows.length).toBeGreaterThan(1);
    for (const [i, row] of rows.entries()) {
      const found = await db.transaction((tx) => byId(tx, { id: row.id, label: `run ${i}` }));
      expect(found).toEqual([{ enterprise: row, label: `run ${i}` }]);
      expect(found[0]!.enterprise.createdAt).toBeInstanceOf(Date);
    }
  });
});
