import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidUscc } from '@coordnet/shared/domain/uscc';
import { isDatabaseEmpty, seedDemo } from '../src/demo/seed-demo';
import type { Database } from '../src/db/client';
import { createTestDatabase } from './helpers/test-database';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase({ demo: false });
});
afterAll(() => database.close());

describe('demo county (杭州市西湖区)', () => {
  it('loads into an empty database only', async () => {
    expect(await isDatabaseEmpty(database.db)).toBe(true);
    const summary = await seedDemo(database.db);
    expect(await isDatabaseEmpty(database.db)).toBe(false);
    expect(summary.enterprises).toBeGreaterThanOrEqual(80);
  });

  it('has enterprises of every size with checksum-valid USCCs', async () => {
    const rows = await database.db.execute<{ uscc: string; size: string }>(
      sql`select uscc, size from enterprises`,
    );
    expect(rows.rows.every((r) => isValidUscc(r.uscc))).toBe(true);
    expect(new Set(rows.rows.map((r) => r.size))).toEqual(new Set(['large', 'medium', 'small', 'micro']));
  });

  it('seed §二(一): has coordinators of every kind, township/park staffing of ≥ 4 where enterprises are many', async () => {
    const kinds = await database.db.execute<{ kind: string }>(
      sql`select distinct kind from coordinator_roles`,
    );
    expect(kinds.rows).toHaveLength(10);
    const sanDun = await database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from coordinator_roles where kind = 'township' and jurisdiction_code = '330106109000'`,
    );
    expect(sanDun.rows[0]!.n).toBeGreaterThanOrEqual(4);
  });

  it('gives every person on the demo sign-in list a unique name', async () => {
    const rows = await database.db.execute<{ name: string; n: number }>(
      sql`select name, count(*)::int as n from users where name in ('陈建国','林晓燕','王海峰','赵敏','孙立新','刘芳','周强','吴静','郑磊') group by name`,
    );
    expect(rows.rows).toHaveLength(9);
    expect(rows.rows.every((r) => r.n === 1)).toBe(true);
  });
});
