// What the province benchmarks (P1–P3, P5, P8) share: the seeded database, a server started on
// it, signed sessions for seeded people and latency statistics.
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../../server/src/db/client';
import { repoRoot, startServer } from './lib';
import { benchDatabaseUrl } from './seed/database';

export const quick = process.argv.includes('--quick');

/** The quick (CI) runs use a small province of their own, seeded on demand. */
export function provinceUrl(): string {
  if (!quick) return benchDatabaseUrl();
  const url = new URL(benchDatabaseUrl());
  url.pathname = `${url.pathname}_quick`;
  return url.toString();
}

export async function connect(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: provinceUrl(), application_name: 'coordnet-bench' });
  await client.connect();
  return client;
}

const JWT_SECRET = 'coordnet-bench-jwt-secret-0123456789abcdef';
const SECRETS_KEY = 'coordnet-bench-secrets-key-0123456789abcdef';
export const benchSecretsKey = SECRETS_KEY;

/** The built server on the seeded province, production settings, no reminder jobs. */
export function startProvinceServer(env: NodeJS.ProcessEnv = {}, nodeArgs: string[] = []) {
  return startServer(
    {
      NODE_ENV: 'production',
      PORT: '0',
      DATABASE_URL: provinceUrl(),
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'coordnet-bench-')),
      JWT_SECRET,
      SECRETS_KEY,
      DEMO_DATA: '0',
      REMINDER_JOBS: '0',
      LOG_LEVEL: 'warn',
      ...env,
    },
    nodeArgs,
  );
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** A session token for a seeded user, as POST /auth/dingtalk would sign it (HS256). */
export function sessionToken(userId: string): string {
  const now = Math.floor(Date.now() / 1000);
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = base64url(
    JSON.stringify({ sub: userId, iat: now, exp: now + 7200, iss: 'coordnet', aud: 'coordnet-miniapp' }),
  );
  const signature = createHmac('sha256', JWT_SECRET).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Times `run` `times` times after `warmup` untimed runs; milliseconds. */
export async function timeIt(run: () => Promise<unknown>, times: number, warmup = 2) {
  for (let i = 0; i < warmup; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  return { p50: round(percentile(samples, 50)), p95: round(percentile(samples, 95)), runs: times };
}

/** Shanghai month and quarter keys of now: the periods the benchmarks ask about. */
export function currentPeriods(now = new Date()) {
  const local = new Date(now.getTime() + 8 * 3600_000);
  const year = local.getUTCFullYear();
  const month = local.getUTCMonth() + 1;
  return {
    month: `${year}-${String(month).padStart(2, '0')}`,
    quarter: `${year}-Q${Math.ceil(month / 3)}`,
    monthStart: new Date(Date.UTC(year, month - 1, 1) - 8 * 3600_000),
    monthEnd: new Date(Date.UTC(year, month, 1) - 8 * 3600_000),
  };
}

/** Fails clearly when the province has not been seeded (and seeds the small one for --quick). */
export async function ensureProvince(): Promise<void> {
  const client = new pg.Client({ connectionString: provinceUrl() });
  const seeded = await client.connect().then(
    async () => {
      const { rows } = await client.query<{ n: number }>(
        `select count(*)::int as n from information_schema.tables where table_name = 'duty_logs'`,
      );
      const ok = rows[0]!.n > 0 && (await client.query('select 1 from enterprises limit 1')).rowCount! > 0;
      await client.end();
      return ok;
    },
    () => false,
  );
  if (seeded) {
    // A province seeded before the latest migrations gets them, as a deployed database would.
    const database = await openDatabase({ databaseUrl: provinceUrl(), poolMax: 1 });
    await database.migrate(path.join(repoRoot, 'migrations'));
    await database.close();
    return;
  }
  if (!quick) throw new Error(`no seeded province at ${provinceUrl()}: run npm run bench:seed first`);
  const { spawnSync } = await import('node:child_process');
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(import.meta.dirname, 'seed/seed.ts'),
      '--enterprises',
      '20000',
      '--months',
      '3',
    ],
    { stdio: 'inherit', env: { ...process.env, BENCH_DATABASE_URL: provinceUrl() } },
  );
  if (result.status !== 0) throw new Error('seeding the quick province failed');
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The size of the province measured on (planner estimates: instant on millions of rows). */
export async function provinceSize(db: pg.Client) {
  const { rows } = await db.query<{ relname: string; n: number }>(
    `select relname, greatest(reltuples, 0)::bigint::int as n from pg_class
      where relname in ('enterprises', 'duty_logs', 'users') and relkind = 'r'`,
  );
  return Object.fromEntries(rows.map((r) => [r.relname, r.n]));
}
