// P1: POST /api/v1/contacts (authentication, validation, scope, the log, its event, its duty mark
// and tallies, the audit row) under 64 connections, against two baselines in the same run at the
// same concurrency: the contact's own transaction (its statements as a pgbench script, see
// p1-contact-transaction.ts; the fair one) and single-row INSERTs into a table of the same shape
// (pgbench when installed, else 64 node-postgres clients; the old one, unreachable by construction).
// Target: ≥ 50% of the contact transaction's rate, p99 ≤ 50 ms, 0 errors.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { arg, resultsDir, stopServer, writeResult } from './lib';
import { flameGraphSvg, summarizeCpuProfile } from './cpu-profile';
import { CONNECTIONS, loadWriters, runContactLoad, summarize } from './contact-load';
import { contactTransactionScript, TARGETS_TABLE, targetsTableSql } from './p1-contact-transaction';
import {
  connect,
  cpuSeconds,
  ensureProvince,
  percentile,
  provinceUrl,
  provinceSize,
  quick,
  round,
  startProvinceServer,
} from './province';

const seconds = arg('seconds', quick ? 5 : 30);
await ensureProvince();
const db = await connect();
const writers = await loadWriters(db);
const province = await provinceSize(db);

const INSERT = `insert into bench_p1_baseline
  (client_id, request_hash, kind, status, author_user_id, enterprise_id, jurisdiction_code, occurred_at, duties, notes, channel)
  values (gen_random_uuid(), md5(random()::text) || md5(random()::text), 'contact', 'recorded', gen_random_uuid(),
          gen_random_uuid(), '330106109000', now(), '{law_publicity,standards_contracts}', '电话联络，了解企业用工情况', 'phone')`;

function baselineWithPgbench(script: string, mode: 'simple' | 'prepared' = 'simple') {
  const dir = mkdtempSync(path.join(tmpdir(), 'coordnet-p1-'));
  writeFileSync(path.join(dir, 'script.sql'), script);
  const run = spawnSync(
    'pgbench',
    [
      '-n',
      '-M',
      mode,
      '-c',
      String(CONNECTIONS),
      '-j',
      '2',
      '-T',
      String(seconds),
      '-f',
      'script.sql',
      '-l',
      '--log-prefix=tx',
      provinceUrl(),
    ],
    { cwd: dir, encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(`pgbench failed: ${run.stderr}`);
  const failed = Number(/number of failed transactions: (\d+)/.exec(run.stdout)?.[1] ?? 0);
  const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(run.stdout)?.[1]);
  const latencies = readdirSync(dir)
    .filter((f) => f.startsWith('tx.'))
    .flatMap((f) => readFileSync(path.join(dir, f), 'utf8').trim().split('\n'))
    .map((line) => Number(line.split(' ')[2]) / 1000);
  rmSync(dir, { recursive: true, force: true });
  return {
    tool: `pgbench -M ${mode}`,
    tps: Math.round(tps),
    failed,
    latencyMs: { p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)) },
  };
}

async function baselineWithNodePostgres() {
  const pool = new pg.Pool({ connectionString: provinceUrl(), max: CONNECTIONS });
  const latencies: number[] = [];
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < until) {
        const start = performance.now();
        await pool.query(INSERT);
        latencies.push(performance.now() - start);
      }
    }),
  );
  await pool.end();
  return {
    tool: 'node-postgres',
    tps: Math.round(latencies.length / seconds),
    latencyMs: { p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)) },
  };
}

await db.query(`drop table if exists bench_p1_baseline`);
await db.query(`create table bench_p1_baseline (like duty_logs including all)`);
const hasPgbench = spawnSync('pgbench', ['--version']).status === 0;
const baseline = hasPgbench
  ? baselineWithPgbench(`${INSERT.replace(/\s+/g, ' ')};\n`)
  : await baselineWithNodePostgres();
await db.query(`drop table bench_p1_baseline`);

// The contact's own transaction, for the same writers and enterprises as the API load below.
let contactTransaction: ReturnType<typeof baselineWithPgbench> | null = null;
if (hasPgbench) {
  await db.query(`drop table if exists ${TARGETS_TABLE}`);
  await db.query(targetsTableSql());
  const targets = writers.flatMap((w) =>
    w.enterprises.map((enterprise) => ({
      author: w.userId,
      enterprise,
      // The township's subtree, as the coordinator's scope reads it (readableBy).
      prefix: `${w.jurisdictionCode.replace(/(000)+$/, '')}%`,
    })),
  );
  await db.query(
    `insert into ${TARGETS_TABLE} (n, author, enterprise, prefix)
     select n, author, enterprise, prefix
       from unnest($1::uuid[], $2::uuid[], $3::text[]) with ordinality as x(author, enterprise, prefix, n)`,
    [targets.map((t) => t.author), targets.map((t) => t.enterprise), targets.map((t) => t.prefix)],
  );
  await db.query(`analyze ${TARGETS_TABLE}`);
  contactTransaction = baselineWithPgbench(contactTransactionScript(targets.length), 'prepared');
  await db.query(`drop table ${TARGETS_TABLE}`);
}
await db.end();

// `--cpu-prof`: the server writes a V8 CPU profile of the run (open it in Chrome's DevTools for a
// flame graph) and the result lists its top self-time functions and packages.
const profileDir = process.argv.includes('--cpu-prof')
  ? mkdtempSync(path.join(tmpdir(), 'coordnet-p1-profile-'))
  : null;
const server = await startProvinceServer(
  {},
  profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
);
const cpuBefore = cpuSeconds(server.child.pid!);
const api = summarize(await runContactLoad(server.url, writers, seconds));
const serverCpuMsPerRequest = round(((cpuSeconds(server.child.pid!) - cpuBefore) * 1000) / api.requests);
await stopServer(server.child);
let profile: (ReturnType<typeof summarizeCpuProfile> & { file: string }) | undefined;
if (profileDir) {
  const file = path.join(
    profileDir,
    readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'))!,
  );
  profile = { file, ...summarizeCpuProfile(file) };
  const svg = path.join(resultsDir, 'p1-contact-writes-flame.svg');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(svg, flameGraphSvg(file, `P1 server CPU, ${seconds} s of POST /api/v1/contacts`));
  console.log(`flame graph: ${svg}`);
}

const ratio = api.tps / baseline.tps;
const fairRatio = contactTransaction ? api.tps / contactTransaction.tps : NaN;
writeResult('p1-contact-writes', {
  target: 'API ≥ 50% of the contact transaction’s TPS (pgbench, same statements); p99 ≤ 50 ms; 0 errors',
  province,
  connections: CONNECTIONS,
  seconds,
  writers: writers.length,
  api: { ...api, serverCpuMsPerRequest },
  contactTransaction,
  ratioToContactTransaction: round(fairRatio, 2),
  baseline,
  ratio: round(ratio, 2),
  ...(profile ? { profile } : {}),
  pass: fairRatio >= 0.5 && api.latencyMs.p99 <= 50 && api.non2xx === 0 && api.errors === 0,
});
