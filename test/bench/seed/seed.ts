// `npm run bench:seed -- --enterprises 4100000 --months 12 [--seed 7]`
// A synthetic Zhejiang on Postgres (BENCH_DATABASE_URL, default coordnet_bench on the local server):
// real city and county codes, 1,364 townships and 230 parks, enterprises skewed per township,
// coordinators per the staffing rules (seed §二(一)), a year of contacts and visits, and the duty
// marks and tallies the app would have written for them. Runs the real migrations first, then
// COPYs the rows with foreign-key triggers off and secondary indexes dropped, and rebuilds both.
import pg from 'pg';
import { openDatabase } from '../../../server/src/db/client';
import { arg, repoRoot } from '../lib';
import { copyRows, copyTagged, type Cell } from './copy';
import { benchDatabaseUrl, withDatabase } from './database';
import {
  ENTERPRISE_NS,
  enterpriseAt,
  enterpriseName,
  layProvince,
  mix,
  personName,
  uuidOf,
  usccOf,
  type Province,
} from './layout';
import {
  ENTERPRISE_COORDINATOR_NS,
  LOG_COLUMNS,
  logRows,
  MARK_COLUMNS,
  monthsUntil,
  SUPERVISOR_NS,
  TOWNSHIP_COORDINATOR_NS,
} from './logs';

const ROLE_NS = { township: 5, enterprise: 6, supervisor: 7 } as const;
const BULK_TABLES = [
  'enterprises',
  'users',
  'coordinator_roles',
  'supervisor_roles',
  'duty_logs',
  'duty_marks',
];

const enterprises = arg('enterprises', 4_100_000);
const monthCount = arg('months', 12);
const seed = arg('seed', 7);
const url = benchDatabaseUrl();
const name = new URL(url).pathname.slice(1);
if (['test', 'postgres', 'template0', 'template1', ''].includes(name))
  throw new Error(`refusing to recreate database "${name}": give BENCH_DATABASE_URL a database of its own`);

const started = performance.now();
const step = async <T>(label: string, run: () => Promise<T>): Promise<T> => {
  const start = performance.now();
  const result = await run();
  console.log(`  ${label}: ${((performance.now() - start) / 1000).toFixed(1)} s`);
  return result;
};

console.log(
  `Seeding ${name}: ${enterprises.toLocaleString()} enterprises, ${monthCount} months, seed ${seed}`,
);
const admin = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
await admin.connect();
await admin.query(`drop database if exists "${name}" with (force)`);
await admin.query(`create database "${name}"`);
await admin.end();

const database = await openDatabase({ databaseUrl: url, poolMax: 1 });
await step('migrations', () => database.migrate(`${repoRoot}/migrations`));
await database.close();

const client = new pg.Client({ connectionString: url, application_name: 'coordnet-bench-seed' });
await client.connect();
// Replica role: no foreign-key or tally triggers fire during the load; both are rebuilt below.
await client.query(`set session_replication_role = replica`);
await client.query(`set synchronous_commit = off`);
await client.query(`set maintenance_work_mem = '512MB'`);

const { rows: indexes } = await client.query<{ name: string; def: string }>(
  `select i.indexname as name, i.indexdef as def from pg_indexes i
    where i.schemaname = 'public' and i.tablename = any($1)
      and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
  [BULK_TABLES],
);
for (const index of indexes) await client.query(`drop index "${index.name}"`);

const province = layProvince(enterprises, seed);
const now = new Date();
const today = now.toISOString().slice(0, 10);

await step(`jurisdictions (${province.jurisdictions.length})`, () =>
  copyRows(
    client,
    'jurisdictions',
    ['code', 'parent_code', 'level', 'name', 'depth'],
    province.jurisdictions.map((j) => [j.code, j.parentCode, j.level, j.name, j.depth]),
  ),
);

await step(`enterprises (${enterprises.toLocaleString()})`, () =>
  copyRows(
    client,
    'enterprises',
    [
      'id',
      'uscc',
      'name',
      'jurisdiction_code',
      'industry',
      'employees',
      'computed_size',
      'contact_name',
      'contact_mobile',
      'address',
      'in_scope',
      'is_key',
      'status',
    ],
    (function* () {
      for (const t of province.townships)
        for (let i = t.first; i < t.first + t.count; i++) {
          const e = enterpriseAt(i, seed);
          const h = mix(seed ^ 0xabc, i);
          yield [
            e.id,
            usccOf(t.code.slice(0, 6), i),
            enterpriseName(e, t.countyName, seed),
            t.code,
            e.industry,
            e.employees,
            e.size,
            personName(h),
            `13${String(h % 1e9).padStart(9, '0')}`,
            `${t.countyName}${t.name}${1 + (h % 300)}号`,
            e.inScope,
            e.isKey,
            e.status,
          ];
        }
    })(),
  ),
);

/** People and posts: township/park coordinators, enterprise coordinators and HRSS supervisors. */
function* people(
  p: Province,
): Generator<{ user: Cell[]; role: Cell[]; table: 'coordinator' | 'supervisor' }> {
  const user = (ns: number, n: number, dingtalk: string): Cell[] => {
    const h = mix(ns, n);
    return [uuidOf(ns, n), dingtalk, personName(h), `1${37 + (ns % 3)}${String(h % 1e8).padStart(8, '0')}`];
  };
  const skill = (h: number) => (['level4', 'level4', 'level3', 'level2'] as const)[h % 4]!;
  for (const t of p.townships)
    for (let k = 0; k < t.coordinators; k++) {
      const n = t.index * 16 + k;
      yield {
        table: 'coordinator',
        user: user(TOWNSHIP_COORDINATOR_NS, n, `bench-t-${t.code}-${k}`),
        role: [
          uuidOf(ROLE_NS.township, n),
          uuidOf(TOWNSHIP_COORDINATOR_NS, n),
          t.kind === 'park' ? 'park' : 'township',
          null,
          t.code,
          `${t.name}劳动关系协调工作站`,
          skill(mix(n, 3)),
          '2024-01-01',
        ],
      };
    }
  for (const t of p.townships)
    for (let i = t.first; i < t.first + t.count; i++) {
      const e = enterpriseAt(i, seed);
      for (let k = 0; k < e.coordinators; k++) {
        const n = i * 2 + k;
        yield {
          table: 'coordinator',
          user: user(ENTERPRISE_COORDINATOR_NS, n, `bench-e-${i}-${k}`),
          role: [
            uuidOf(ROLE_NS.enterprise, n),
            uuidOf(ENTERPRISE_COORDINATOR_NS, n),
            'enterprise',
            uuidOf(ENTERPRISE_NS, i),
            t.code,
            null,
            skill(mix(n, 5)),
            '2024-01-01',
          ],
        };
      }
    }
  // HRSS staff: two managers and a viewer per county, two managers per city and at the province.
  const supervised = [
    ...p.counties.map((c, i) => ({ code: c.code, n: i * 4, seats: 3 })),
    ...p.jurisdictions
      .filter((j) => j.level === 'city' || j.level === 'province')
      .map((j, i) => ({ code: j.code, n: (p.counties.length + i) * 4, seats: 2 })),
  ];
  for (const s of supervised)
    for (let k = 0; k < s.seats; k++)
      yield {
        table: 'supervisor',
        user: user(SUPERVISOR_NS, s.n + k, `bench-s-${s.code}-${k}`),
        role: [
          uuidOf(ROLE_NS.supervisor, s.n + k),
          uuidOf(SUPERVISOR_NS, s.n + k),
          s.code,
          k === 2 ? 'viewer' : 'manager',
          '劳动关系科',
          '2024-01-01',
        ],
      };
}

const userCount = await step('users', () =>
  copyRows(
    client,
    'users',
    ['id', 'dingtalk_user_id', 'name', 'mobile'],
    (function* () {
      for (const p of people(province)) yield p.user;
    })(),
  ),
);
await step(`coordinator roles (${userCount.toLocaleString()} people)`, async () => {
  await copyRows(
    client,
    'coordinator_roles',
    [
      'id',
      'user_id',
      'kind',
      'enterprise_id',
      'jurisdiction_code',
      'organisation',
      'skill_level',
      'valid_from',
    ],
    (function* () {
      for (const p of people(province)) if (p.table === 'coordinator') yield p.role;
    })(),
  );
  await copyRows(
    client,
    'supervisor_roles',
    ['id', 'user_id', 'jurisdiction_code', 'access', 'title', 'valid_from'],
    (function* () {
      for (const p of people(province)) if (p.table === 'supervisor') yield p.role;
    })(),
  );
});

const months = monthsUntil(now, monthCount);
// A second connection, so logs and the marks they earn stream in one pass.
const marksClient = new pg.Client({ connectionString: url, application_name: 'coordnet-bench-seed' });
await marksClient.connect();
await marksClient.query(`set session_replication_role = replica`);
await marksClient.query(`set synchronous_commit = off`);
const loaded = await step('duty logs and marks', () =>
  copyTagged(
    {
      duty_logs: { client, columns: LOG_COLUMNS },
      duty_marks: { client: marksClient, columns: MARK_COLUMNS },
    },
    logRows(province, months, seed),
  ),
);
await marksClient.end();
console.log(`    ${loaded.duty_logs.toLocaleString()} logs, ${loaded.duty_marks.toLocaleString()} marks`);

await step(`indexes (${indexes.length})`, async () => {
  for (const index of indexes) await client.query(index.def);
});

await step('tallies', async () => {
  await client.query(`
    insert into enterprise_tallies (jurisdiction_code, size_rank, is_key, count)
    select jurisdiction_code, enterprise_size_rank(size), is_key, count(*)
      from enterprises where status = 'active' and in_scope group by 1, 2, 3`);
  await client.query(`
    insert into enterprise_tallies_county (jurisdiction_code, size_rank, is_key, count)
    select county_rollup_code(jurisdiction_code), size_rank, is_key, sum(count)
      from enterprise_tallies group by 1, 2, 3`);
  await client.query(`
    insert into duty_tallies (jurisdiction_code, rule, period, size_rank, is_key, done, awaiting)
    select e.jurisdiction_code, m.rule, m.period, enterprise_size_rank(e.size), e.is_key,
           count(*) filter (where m.state = 'done'), count(*) filter (where m.state = 'awaiting')
      from duty_marks m join enterprises e on e.id = m.enterprise_id
     where e.status = 'active' and e.in_scope
     group by 1, 2, 3, 4, 5`);
  await client.query(`
    insert into duty_tallies_county (jurisdiction_code, rule, period, size_rank, is_key, done, awaiting)
    select county_rollup_code(jurisdiction_code), rule, period, size_rank, is_key, sum(done), sum(awaiting)
      from duty_tallies group by 1, 2, 3, 4, 5`);
});
// A robot per jurisdiction; the tokens are placeholders (P5 registers real ones with its fake DingTalk).
await step('work groups', () =>
  client.query(`
    insert into work_groups (id, jurisdiction_code, name, access_token_sealed, token_fingerprint, created_at, updated_at)
    select gen_random_uuid(), code, name || '劳动关系协调工作群', 'v1:bench', md5(code), now(), now()
      from jurisdictions`),
);
await client.query(`set session_replication_role = origin`);
await step('vacuum analyze', () => client.query('vacuum (analyze)'));

const { rows } = await client.query(`
  select (select count(*) from jurisdictions where level = 'township') as townships,
         (select count(*) from jurisdictions where level = 'park') as parks,
         (select count(*) from enterprises) as enterprises,
         (select count(*) from users) as users,
         (select count(*) from duty_logs) as logs,
         (select count(*) from duty_marks) as marks,
         pg_size_pretty(pg_database_size(current_database())) as size`);
console.log('  ', rows[0], `today ${today}`);
await client.end();
console.log(`Seeded in ${((performance.now() - started) / 1000).toFixed(0)} s.`);
