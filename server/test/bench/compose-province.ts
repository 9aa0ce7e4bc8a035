// Composing the reminders of a whole province (issue 6 "Speed": ≤ 5 s at 4.1M enterprises).
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx server/test/bench/compose-province.ts [--reuse]
// Builds rbench_reminders: 1 province, 11 cities, 90 counties, 1,620 townships, 4.1M enterprises,
// 6,480 township coordinators, a work group at every level, C1/C2 marks for about half the
// enterprises; then times runReminderTick on a reminder day (Sunday 2026-09-20, a 调休 work day)
// and on the first work day after Q3 (2026-10-08: overdue lists, summaries, personal notices).
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { openDatabase } from '../../src/db/client';
import { fixedClock } from '../../src/lib/clock';
import { createJurisdictionRepository } from '../../src/modules/jurisdictions/repository';
import { createReminderComposer } from '../../src/modules/reminders/composer';
import { createSettingsService } from '../../src/modules/settings/service';
import { migrationsDir, withDatabase } from '../global-setup';

const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NAME = process.env.BENCH_DATABASE_NAME ?? 'rbench_reminders';
const ENTERPRISES = Number(process.env.BENCH_ENTERPRISES ?? 4_100_000);
const reuse = process.argv.includes('--reuse');

const cst = (date: string, hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return new Date(Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10), h - 8, m));
};
const step = async (label: string, run: () => Promise<unknown>) => {
  const start = performance.now();
  const result = await run();
  console.log(`${label}: ${((performance.now() - start) / 1000).toFixed(2)} s`);
  return result;
};

if (!reuse) {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop database if exists ${NAME} with (force)`);
  await admin.query(`create database ${NAME}`);
  await admin.end();
}
const database = await openDatabase({ databaseUrl: withDatabase(url, NAME), poolMax: 4 });
const db = database.db;
// Bulk loading takes longer than the app pool's statement timeout: a connection of its own.
const loader = drizzle({ client: new pg.Pool({ connectionString: withDatabase(url, NAME), max: 1 }) });

if (!reuse) {
  await step('migrate', () => database.migrate(migrationsDir));
  // The fuzzy-name index only slows the bulk load; composing does not use it.
  await loader.execute(sql`drop index if exists enterprises_name_trgm_idx`);
  await step('jurisdictions', () =>
    loader.execute(sql`
      insert into jurisdictions (code, parent_code, level, name, depth)
      select code, parent_code, level::jurisdiction_level, name, depth from (
      select '330000000000' as code, null as parent_code, 'province' as level, '浙江省' as name, 0 as depth
      union all
      select '33' || lpad(c::text, 2, '0') || '00000000', '330000000000', 'city', '市' || c, 1 from generate_series(1, 11) c
      union all
      select '33' || lpad(c::text, 2, '0') || lpad(k::text, 2, '0') || '000000', '33' || lpad(c::text, 2, '0') || '00000000',
             'county', '县' || c || '-' || k, 2
        from generate_series(1, 11) c, generate_series(1, case when c <= 2 then 9 else 8 end) k
      union all
      select '33' || lpad(c::text, 2, '0') || lpad(k::text, 2, '0') || lpad(t::text, 3, '0') || '000',
             '33' || lpad(c::text, 2, '0') || lpad(k::text, 2, '0') || '000000', 'township', '镇' || c || '-' || k || '-' || t, 3
        from generate_series(1, 11) c, generate_series(1, case when c <= 2 then 9 else 8 end) k, generate_series(1, 18) t
      ) j`),
  );
  for (let from = 1; from <= ENTERPRISES; from += 500_000) {
    const to = Math.min(ENTERPRISES, from + 499_999);
    await step(`enterprises ${from}–${to}`, () =>
      loader.execute(sql`
        with t as (select array_agg(code order by code) as codes, count(*)::int as n from jurisdictions where level = 'township')
        insert into enterprises (uscc, name, jurisdiction_code, computed_size, is_key, created_at, updated_at)
        select '91' || lpad(g::text, 16, '0'), '浙江第' || g || '号智能制造有限公司', t.codes[1 + g % t.n],
               (case when g % 50 = 0 then 'large' when g % 10 = 0 then 'medium' when g % 3 = 0 then 'small' else 'micro' end)::enterprise_size,
               g % 9 = 0, now(), now()
          from generate_series(${from}::int, ${to}::int) g, t`),
    );
  }
  await step('coordinators', async () => {
    await loader.execute(sql`
      insert into users (dingtalk_user_id, name, mobile)
      select 'bench' || j.code || '-' || n, '协调员' || j.code || '-' || n, '139' || lpad((row_number() over ())::text, 8, '0')
        from jurisdictions j, generate_series(1, 4) n where j.level = 'township'`);
    await loader.execute(sql`
      insert into coordinator_roles (user_id, kind, jurisdiction_code, valid_from)
      select u.id, 'township', substring(u.dingtalk_user_id from 6 for 12), '2024-01-01' from users u`);
  });
  await step('duty marks (about half done) and tallies', async () => {
    for (const [rule, period, modulo] of [
      ['C1', '2026-09', 2],
      ['C2', '2026-Q3', 5],
    ] as const)
      await loader.execute(sql`
        insert into duty_marks (enterprise_id, rule, period, state, jurisdiction_code, updated_at)
        select id, ${rule}::duty_rule, ${period}, 'done', jurisdiction_code, now()
          from enterprises where hashtext(id::text) % ${modulo}::int = 0`);
    for (const [table, code] of [
      ['duty_tallies', sql`e.jurisdiction_code`],
      ['duty_tallies_county', sql`county_rollup_code(e.jurisdiction_code)`],
    ] as const)
      await loader.execute(sql`
        insert into ${sql.raw(table)} (jurisdiction_code, rule, period, size_rank, is_key, done, awaiting)
        select ${code}, m.rule, m.period, enterprise_size_rank(e.size), e.is_key, count(*), 0
          from duty_marks m join enterprises e on e.id = m.enterprise_id
         where e.status = 'active' and e.in_scope
         group by 1, 2, 3, 4, 5`);
  });
  await step('work groups at every level', () =>
    loader.execute(sql`
      insert into work_groups (id, jurisdiction_code, name, access_token_sealed, token_fingerprint, created_at, updated_at)
      select gen_random_uuid(), code, name || '工作群', 'v1:bench', md5(code), now(), now()
        from jurisdictions`),
  );
  await step('vacuum analyze', () => loader.execute(sql`vacuum analyze`));
}

const counts = await db.execute<{
  enterprises: number;
  townships: number;
  groups: number;
  people: number;
}>(sql`
  select (select count(*)::int from enterprises) as enterprises,
         (select count(*)::int from jurisdictions where level = 'township') as townships,
         (select count(*)::int from work_groups) as groups,
         (select count(*)::int from coordinator_roles) as people`);
console.log(counts.rows[0]);

for (const [label, at] of [
  ['reminder day 2026-09-20 (due lists to every township group)', cst('2026-09-20', '09:00')],
  [
    'first work day after Q3, 2026-10-08 (overdue lists, summaries, personal notices)',
    cst('2026-10-08', '09:00'),
  ],
] as const) {
  for (const attempt of [1, 2]) {
    await db.execute(sql`truncate reminder_outbox, reminder_runs`);
    const clock = fixedClock(at);
    const settings = createSettingsService({ db, clock, jurisdictions: createJurisdictionRepository(db) });
    const composer = createReminderComposer({
      db,
      clock,
      settings,
      publicUrl: 'https://coordnet.example.cn',
      workNotifications: true,
    });
    const report = await step(`${label}, run ${attempt}`, () => composer.runReminderTick(at));
    console.log('  ', report);
  }
}
await database.close();
await loader.$client.end();
