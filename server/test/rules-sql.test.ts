import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DutyRule } from '@coordnet/shared/api/duties';
import { logCountsFor } from '@coordnet/shared/domain/duty-rules';
import { countyCodeOf, rollupCode } from '@coordnet/shared/domain/jurisdiction-code';
import { QUALIFYING_CASES, ROLLUP_CASES } from '../../shared/test/rule-cases';
import type { Database } from '../src/db/client';
import { rowsOf } from '../src/db/rows';
import {
  countyCodeSql,
  needsApprovalSql,
  qualifiesSql,
  qualifyingCondition,
  qualifyingFor,
  rollupSql,
} from '../src/db/rules-sql';
import { createTestDatabase } from './helpers/test-database';
import { z } from 'zod';

/**
 * The SQL side of the rules of shared/src/domain, run on the database against the same cases as the
 * TypeScript side (shared/test/duty-rules.test.ts): the two cannot disagree.
 */

const RULES: DutyRule[] = ['C1', 'C2', 'C3'];
let database: Database;

beforeAll(async () => {
  database = await createTestDatabase({ demo: false });
});
afterAll(async () => {
  await database?.close();
});

describe('which logs count, in SQL', () => {
  it.each(QUALIFYING_CASES)('a $kind log, $status, counts for $rules', async ({ kind, status, rules }) => {
    const log = sql`(select ${kind}::log_kind as kind, ${status}::log_status as status)`;
    const [row] = rowsOf(
      z.object({ c1: z.boolean(), c2: z.boolean(), c3: z.boolean(), by_name: z.array(z.string()) }),
      await database.db.execute(sql`
        select ${qualifyingFor('C1')} as c1, ${qualifyingFor('C2')} as c2, ${qualifyingFor('C3')} as c3,
               array(select r from unnest(array['C1', 'C2', 'C3']) r where ${qualifiesSql(sql`r`)} order by r) as by_name
          from ${log} l`),
    );
    const counted = RULES.filter((r) => row![r.toLowerCase() as 'c1' | 'c2' | 'c3']);
    expect(counted).toEqual(rules);
    expect(row!.by_name).toEqual(rules);
    expect(counted).toEqual(RULES.filter((r) => logCountsFor(r, { kind, status })));
  });

  it('reads as plain SQL text over any alias, and only C2 waits for approval', async () => {
    expect(qualifyingCondition('C2', 'x')).toBe(
      "(x.kind = 'visit' and x.status in ('submitted', 'approved'))",
    );
    const [row] = rowsOf(
      z.object({ c1: z.boolean(), c2: z.boolean(), c3: z.boolean() }),
      await database.db.execute(
        sql`select ${needsApprovalSql(sql`'C1'`)} as c1, ${needsApprovalSql(sql`'C2'`)} as c2, ${needsApprovalSql(sql`'C3'`)} as c3`,
      ),
    );
    expect(row).toEqual({ c1: false, c2: true, c3: false });
  });
});

describe('the code a jurisdiction code rolls up to, in SQL', () => {
  it.each(ROLLUP_CASES)('$code at $rank is $expected', async ({ code, rank, expected }) => {
    const [row] = rowsOf(
      z.object({ rolled: z.string(), county: z.string() }),
      await database.db.execute(
        sql`select ${rollupSql(sql`${code}::varchar`, rank)} as rolled, ${countyCodeSql(sql`${code}::varchar`)} as county`,
      ),
    );
    expect(row!.rolled).toBe(expected);
    expect(row!.rolled).toBe(rollupCode(code, rank));
    expect(row!.county).toBe(countyCodeOf(code));
  });
});
