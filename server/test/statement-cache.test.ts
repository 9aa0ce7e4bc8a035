import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cacheRepeatedStatements } from '../src/db/statement-cache';

const url = process.env.TEST_DATABASE_URL;

/** Named statements are a node-postgres feature; PGlite runs in-process and has nothing to cache. */
describe.runIf(url)('repeated query texts become prepared statements (PostgreSQL)', () => {
  let client: pg.Client;
  beforeEach(async () => {
    client = new pg.Client({ connectionString: url });
    await client.connect();
  });
  afterEach(() => client.end());

  const prepared = async () =>
    (
      await client.query<{ statement: string }>(
        'select statement from pg_prepared_statements order by statement',
      )
    ).rows.map((r) => r.statement);
  const run = (text: string, values: unknown[] = []) => client.query({ text }, values);

  it('names a text after its third run on the connection and answers the same from then on', async () => {
    cacheRepeatedStatements(client as unknown as pg.PoolClient);
    const text = 'select $1::int * 2 as doubled';
    for (const n of [1, 2]) expect((await run(text, [n])).rows).toEqual([{ doubled: n * 2 }]);
    expect(await prepared()).toEqual([]);
    for (const n of [3, 4, 5, 6, 7, 8]) expect((await run(text, [n])).rows).toEqual([{ doubled: n * 2 }]);
    expect(await prepared()).toEqual([text]);
  });

  it('keeps at most `capacity` statements a connection, the rest run unnamed', async () => {
    cacheRepeatedStatements(client as unknown as pg.PoolClient, { threshold: 1, capacity: 2 });
    for (const n of [1, 2, 3, 4]) expect((await run(`select ${n} as n`)).rows).toEqual([{ n }]);
    expect(await prepared()).toEqual(['select 1 as n', 'select 2 as n']);
  });

  it('survives failing runs: a bad value, an aborted transaction, a text that does not parse', async () => {
    cacheRepeatedStatements(client as unknown as pg.PoolClient, { threshold: 1 });
    const divide = 'select 10 / $1::int as q';
    await expect(run(divide, [0])).rejects.toThrow(/division by zero/);
    expect((await run(divide, [5])).rows).toEqual([{ q: 2 }]);

    await client.query('begin');
    await expect(run(divide, [0])).rejects.toThrow(/division by zero/);
    await expect(run('select 1 as one')).rejects.toThrow(/aborted/);
    await client.query('rollback');
    expect((await run('select 1 as one')).rows).toEqual([{ one: 1 }]);

    for (let i = 0; i < 2; i++) await expect(run('selec 1')).rejects.toThrow(/syntax/);
    expect((await run(divide, [2])).rows).toEqual([{ q: 5 }]);
  });

  it('starts a text over when a migration changed what its statement returns', async () => {
    cacheRepeatedStatements(client as unknown as pg.PoolClient, { threshold: 1 });
    await client.query('create temporary table migrated (a int)');
    await client.query('insert into migrated values (1)');
    expect((await run('select * from migrated')).rows).toEqual([{ a: 1 }]);
    await client.query('alter table migrated add column b int default 2');
    await expect(run('select * from migrated')).rejects.toThrow(/cached plan must not change result type/);
    expect((await run('select * from migrated')).rows).toEqual([{ a: 1, b: 2 }]);
  });

  it('leaves plain-string queries and named configs as they are', async () => {
    cacheRepeatedStatements(client as unknown as pg.PoolClient, { threshold: 1 });
    for (let i = 0; i < 3; i++) await client.query('select 42 as answer');
    await client.query({ name: 'mine', text: 'select 7 as seven' });
    expect(await prepared()).toEqual(['select 7 as seven']);
  });
});
